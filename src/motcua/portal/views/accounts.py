"""Citizens' sign-in (national identity SSO), sign-out and profile page.

Single sign-on is OpenID Connect with PKCE through ``citizens.oidc``. Any
failure on the way back from the provider (a state or nonce that does not
match, a refused code, the provider unreachable, a token that does not
verify) ends on a page that says so in plain words, never on a server error.
"""

import logging

from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from motcua.citizens import oidc
from motcua.citizens.domain import ClaimsError, identity_from_claims
from motcua.citizens.models import CitizenProfile
from motcua.citizens.services import citizen_for_identity, current_representations

logger = logging.getLogger(__name__)
NEXT_KEY = "citizen_next"
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _safe_next(request, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return reverse("portal:account")


def _failure(request, message: str, status: int):
    return render(
        request,
        "portal/account_error.html",
        {"message": message, "sso": oidc.configured()},
        status=status,
    )


@require_GET
@never_cache
def sign_in(request):
    """Offer the ways to sign in."""
    next_url = request.GET.get("next", "")
    return render(
        request,
        "portal/account_login.html",
        {
            "sso": oidc.configured(),
            "next": next_url if _safe_next(request, next_url) == next_url else "",
        },
    )


@require_GET
@never_cache
def oidc_start(request):
    """Send the citizen to the identity provider."""
    if not oidc.configured():
        return _failure(
            request,
            _("Sign-in with the national identity account is not available."),
            404,
        )
    request.session[NEXT_KEY] = _safe_next(request, request.GET.get("next", ""))
    callback = request.build_absolute_uri(reverse("portal:oidc_callback"))
    try:
        return oidc.client().authorize_redirect(request, callback)
    except Exception:
        logger.warning("identity provider unreachable", exc_info=True)
        return _failure(request, _unreachable(), 503)


def _unreachable() -> str:
    return _(
        "The national identity service cannot be reached at the moment. "
        "Please try again in a few minutes."
    )


@require_GET
@never_cache
def oidc_callback(request):
    """Take the provider's answer: verify it, then sign the citizen in."""
    if not oidc.configured():
        return _failure(
            request,
            _("Sign-in with the national identity account is not available."),
            404,
        )
    if request.GET.get("error"):
        return _failure(
            request,
            _("The sign-in was cancelled or refused by the identity service."),
            400,
        )
    client = oidc.client()
    try:
        token = client.authorize_access_token(request)
        claims = dict(token.get("userinfo") or {})
        if not claims:
            raise ClaimsError("no id_token")
        info = client.userinfo(token=token)
        if info.get("sub") != claims.get("sub"):
            raise ClaimsError("userinfo names another subject")
        claims.update(info)
        identity = identity_from_claims(claims)
    except Exception as error:  # every failure becomes the page below
        logger.warning("OIDC sign-in failed: %r", error)
        if _is_connection_error(error):
            return _failure(request, _unreachable(), 503)
        return _failure(
            request,
            _(
                "The sign-in could not be verified and has been stopped. "
                "Please start again from the sign-in page."
            ),
            400,
        )
    user = citizen_for_identity(oidc.issuer(), identity)
    next_url = request.session.pop(NEXT_KEY, "") or reverse("portal:account")
    login(request, user, backend=BACKEND)
    return redirect(_safe_next(request, next_url))


def _is_connection_error(error: Exception) -> bool:
    import requests

    return isinstance(error, requests.ConnectionError | requests.Timeout)


@require_http_methods(["GET", "POST"])
@never_cache
def sign_out(request):
    """Sign out on POST; GET shows the button."""
    if request.method == "POST":
        logout(request)
        return redirect("portal:catalog")
    return render(request, "portal/account_logout.html")


@require_GET
@never_cache
def account(request):
    """Show the signed-in citizen's profile."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('portal:login')}?next={reverse('portal:account')}")
    profile = CitizenProfile.objects.filter(user=request.user).first()
    return render(
        request,
        "portal/account_profile.html",
        {
            "profile": profile,
            "representations": current_representations(profile) if profile else [],
        },
    )
