"""The OpenID Connect client for the national identity provider.

Authorization code flow with PKCE (S256), through authlib's Django client:
it keeps state, nonce and the code verifier in the session, checks the
state on return, and verifies the ID token (signature from the provider's
JWKS, issuer, audience, expiry, nonce). Signing out of the portal also
signs out of the provider when it offers an end_session_endpoint.
"""

from django.conf import settings

from authlib.integrations.django_client import OAuth

NAME = "national_id"
_clients: dict[tuple, object] = {}


def configured() -> bool:
    return bool(settings.MOTCUA_OIDC_ISSUER and settings.MOTCUA_OIDC_CLIENT_ID)


def issuer() -> str:
    return settings.MOTCUA_OIDC_ISSUER.rstrip("/")


def client():
    """Return the client for the configured provider (one per configuration)."""
    key = (
        issuer(),
        settings.MOTCUA_OIDC_CLIENT_ID,
        settings.MOTCUA_OIDC_CLIENT_SECRET,
        tuple(settings.MOTCUA_OIDC_SCOPES),
    )
    if key not in _clients:
        oauth = OAuth()
        _clients[key] = oauth.register(
            name=NAME,
            client_id=key[1],
            client_secret=key[2],
            server_metadata_url=f"{key[0]}/.well-known/openid-configuration",
            client_kwargs={
                "scope": " ".join(key[3]),
                "code_challenge_method": "S256",
                "timeout": settings.MOTCUA_OIDC_TIMEOUT,
            },
        )
    return _clients[key]


def end_session_endpoint() -> str:
    """Return the provider's end_session_endpoint, "" if it has none or is down.

    RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): the portal
    sends the citizen there after ending its own session.
    """
    if not configured():
        return ""
    try:
        metadata = client().load_server_metadata()
    except Exception:  # the provider unreachable: the local sign-out stands
        return ""
    endpoint = metadata.get("end_session_endpoint") or ""
    return endpoint if endpoint.startswith(("https://", "http://")) else ""
