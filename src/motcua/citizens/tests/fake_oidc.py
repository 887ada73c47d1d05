"""A small but real OpenID Connect provider on 127.0.0.1, for tests.

A threaded HTTP server with a discovery document, ``/authorize`` (approves
the test user at once and keeps the code with its PKCE challenge, nonce and
redirect URI), ``/token`` (checks the client secret by HTTP Basic, the
redirect URI and the code verifier against the S256 challenge; a code is
used once), ``/jwks`` and ``/userinfo``. ID tokens are RS256-signed JWTs.

Knobs to misbehave: ``nonce_override`` signs another nonce into the ID
token; ``issuer_override`` another issuer; ``stop()`` closes the port.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from motcua.integrations.tests.fake_server import FakeServer

USER = {
    "sub": "vneid-000123",
    "name": "Nguyễn Văn An",
    "personal_id": "080090001234",
    "birthdate": "1990-05-17",
    "phone_number": "0912345678",
    "email": "an.nguyen@example.vn",
    "email_verified": True,
    "address": {"formatted": "Ấp 1, thị trấn Tân Thạnh, huyện Tân Thạnh, Long An"},
}


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class FakeOidcProvider(FakeServer):
    def __init__(self, *, client_id="motcua-portal", client_secret="s3cret"):
        self.client_id, self.client_secret = client_id, client_secret
        self.user = dict(USER)
        self.key = RSAKey.generate_key(
            2048, parameters={"kid": "test-key", "use": "sig"}
        )
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.token_errors: list[str] = []
        self.nonce_override: str | None = None
        self.issuer_override: str | None = None
        self._lock = threading.Lock()
        self._server = None
        self.port = 0

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def settings(self) -> dict:
        return {
            "MOTCUA_OIDC_ISSUER": self.issuer,
            "MOTCUA_OIDC_CLIENT_ID": self.client_id,
            "MOTCUA_OIDC_CLIENT_SECRET": self.client_secret,
        }

    def metadata(self) -> dict:
        base = self.issuer
        return {
            "issuer": base,
            "authorization_endpoint": f"{base}/authorize",
            "token_endpoint": f"{base}/token",
            "jwks_uri": f"{base}/jwks",
            "userinfo_endpoint": f"{base}/userinfo",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        }

    # -- endpoints -------------------------------------------------------
    def authorize(self, query: dict) -> tuple[int, dict, str]:
        if (
            query.get("client_id") != self.client_id
            or query.get("response_type") != "code"
        ):
            return 400, {}, "bad request"
        if query.get("code_challenge_method") != "S256" or not query.get(
            "code_challenge"
        ):
            return 400, {}, "PKCE required"
        code = secrets.token_urlsafe(16)
        with self._lock:
            self.codes[code] = {
                "challenge": query["code_challenge"],
                "nonce": query.get("nonce", ""),
                "redirect_uri": query.get("redirect_uri", ""),
            }
        params = {"code": code, "state": query.get("state", "")}
        return 302, {"Location": f"{query['redirect_uri']}?{urlencode(params)}"}, ""

    def token(self, form: dict, authorization: str) -> tuple[int, dict]:
        expected = base64.b64encode(
            f"{self.client_id}:{self.client_secret}".encode()
        ).decode()
        if authorization != f"Basic {expected}":
            return self._token_error(401, "invalid_client")
        with self._lock:
            grant = self.codes.pop(form.get("code", ""), None)
        if grant is None or form.get("grant_type") != "authorization_code":
            return self._token_error(400, "invalid_grant")
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return self._token_error(400, "invalid_grant")
        if s256(form.get("code_verifier", "")) != grant["challenge"]:
            return self._token_error(400, "invalid_grant")
        now = int(time.time())
        claims = {
            "iss": self.issuer_override or self.issuer,
            "sub": self.user["sub"],
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": self.nonce_override or grant["nonce"],
            "name": self.user["name"],
        }
        id_token = jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, self.key)
        access = secrets.token_urlsafe(16)
        with self._lock:
            self.tokens[access] = dict(self.user)
        return 200, {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }

    def _token_error(self, status, error):
        self.token_errors.append(error)
        return status, {"error": error}

    def userinfo(self, authorization: str) -> tuple[int, dict]:
        token = authorization.removeprefix("Bearer ").strip()
        with self._lock:
            info = self.tokens.get(token)
        if info is None:
            return 401, {"error": "invalid_token"}
        return 200, info

    def jwks(self) -> dict:
        return KeySet([self.key]).as_dict(private=False)

    # -- server ----------------------------------------------------------
    def start(self) -> "FakeOidcProvider":
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body, headers=None):
                data = (
                    body.encode()
                    if isinstance(body, str)
                    else json.dumps(body).encode()
                )
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    self._send(200, provider.metadata())
                elif url.path == "/jwks":
                    self._send(200, provider.jwks())
                elif url.path == "/authorize":
                    status, headers, body = provider.authorize(query)
                    self._send(status, body, headers)
                elif url.path == "/userinfo":
                    self._send(
                        *provider.userinfo(self.headers.get("Authorization", ""))
                    )
                else:
                    self._send(404, {"error": "not_found"})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode()
                form = {k: v[0] for k, v in parse_qs(raw).items()}
                if urlparse(self.path).path == "/token":
                    self._send(
                        *provider.token(form, self.headers.get("Authorization", ""))
                    )
                else:
                    self._send(404, {"error": "not_found"})

        return self.serve(Handler)
