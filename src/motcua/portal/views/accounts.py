"""Citizens' sign-in (national identity SSO), sign-out and profile page.

Single sign-on is OpenID Connect with PKCE through ``citizens.oidc``. Any
failure on the way back from the provider (a state or nonce that does not
match, a refused code, the provider unreachable, a token that does not
verify) ends on a page that says so in plain words, never on a server error.
"""

import logging
import math
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from motcua.citizens import oidc
from motcua.citizens.domain import (
    CODE_ATTEMPTS,
    ClaimsError,
    CodeCheck,
    identity_from_claims,
)
from motcua.citizens.services import (
    check_code,
    citizen_for_identity,
    find_local_user,
    register_local,
    send_code,
)
from motcua.core.ratelimit import MissLimit, client_ip

from ..forms import CodeForm, RegisterForm, SignInForm

logger = logging.getLogger(__name__)
NEXT_KEY = "citizen_next"
ID_TOKEN_KEY = "citizen_id_token"
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
    # Kept for RP-initiated logout: the provider's end_session_endpoint
    # takes it as id_token_hint to know whose session to end.
    request.session[ID_TOKEN_KEY] = token.get("id_token", "")
    return redirect(_safe_next(request, next_url))


def _is_connection_error(error: Exception) -> bool:
    import requests

    return isinstance(error, requests.ConnectionError | requests.Timeout)


@require_http_methods(["GET", "POST"])
@never_cache
def sign_out(request):
    """Sign out on POST; GET shows the button.

    A citizen who came through the identity provider is then sent to its
    end_session_endpoint (when it has one), to sign out there too, and
    comes back to the home page.
    """
    if request.method != "POST":
        return render(request, "portal/account_logout.html")
    id_token = request.session.get(ID_TOKEN_KEY, "")
    logout(request)
    endpoint = oidc.end_session_endpoint() if id_token else ""
    if not endpoint:
        return redirect("portal:catalog")
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": request.build_absolute_uri(
                reverse("portal:catalog")
            ),
            "client_id": settings.MOTCUA_OIDC_CLIENT_ID,
        }
    )
    return redirect(f"{endpoint}{'&' if '?' in endpoint else '?'}{query}")


# -- local accounts: phone or e-mail + password, then a one-time code --------

CODE_KEY = "citizen_code"


def _login_misses() -> MissLimit:
    return MissLimit(scope="citizen-login", limit=10, window=900)


def _code_sends() -> MissLimit:
    return MissLimit(scope="citizen-otp-send", limit=5, window=3600)


def _wait_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Too many attempts. Please try again in %(minutes)d minute.",
        "Too many attempts. Please try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def _send(request, user, purpose, contact, next_url):
    """Queue a code unless the destination had too many; remember it in the session."""
    limit = _code_sends()
    wait = limit.retry_after(contact[1])
    if wait:
        return _wait_message(wait)
    limit.record_miss(contact[1])
    row = send_code(
        user,
        purpose=purpose,
        kind=contact[0],
        value=contact[1],
        language=get_language() or "vi",
    )
    request.session[CODE_KEY] = pending_code(row, user, purpose, contact, next_url)
    return None


def pending_code(row, user, purpose: str, contact, next_url: str) -> dict:
    """Return what the session keeps of a code sent (``row`` None: no account)."""
    return {
        "id": row.pk if row else None,
        "user": user.pk if user else None,
        "purpose": purpose,
        "contact": list(contact),
        "next": next_url,
        "to": _masked(contact),
    }


def _masked(contact) -> str:
    kind, value = contact
    if kind == "phone":
        return value[:3] + "****" + value[-3:]
    name, _at, domain = value.partition("@")
    return f"{name[:2]}***@{domain}"


@require_http_methods(["GET", "POST"])
@never_cache
def local_sign_in(request):
    """Sign in with phone or e-mail and password; a code follows."""
    next_url = _safe_next(
        request, request.GET.get("next", "") or request.POST.get("next", "")
    )
    form = SignInForm(request.POST or None)
    problem = ""
    status = 200
    if request.method == "POST":
        client = client_ip(request)
        limit = _login_misses()
        wait = limit.retry_after(client)
        if wait:
            problem, status = _wait_message(wait), 429
        elif form.is_valid():
            user = find_local_user(*form.cleaned_data["contact"])
            if user is None or not user.check_password(form.cleaned_data["password"]):
                limit.record_miss(client)
                problem, status = (
                    _("The phone number or e-mail and password do not match."),
                    400,
                )
            else:
                purpose = "sign_in" if user.is_active else "register"
                problem = _send(
                    request, user, purpose, form.cleaned_data["contact"], next_url
                )
                if not problem:
                    return redirect("portal:account_code")
                status = 429
        else:
            status = 400
    return render(
        request,
        "portal/account_local_login.html",
        {"form": form, "problem": problem, "next": next_url},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@never_cache
def register(request):
    """Open a local account; it works once the code sent is confirmed."""
    next_url = _safe_next(
        request, request.GET.get("next", "") or request.POST.get("next", "")
    )
    form = RegisterForm(request.POST or None)
    problem = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            contact = data["contact"]
            wait = _code_sends().retry_after(contact[1])
            if wait:
                problem, status = _wait_message(wait), 429
            else:
                user = register_local(
                    full_name=data["full_name"].strip(),
                    kind=contact[0],
                    value=contact[1],
                    password=data["password"],
                )
                problem = _send(request, user, "register", contact, next_url)
                if not problem:
                    return redirect("portal:account_code")
                status = 429
        else:
            status = 400
    return render(
        request,
        "portal/account_register.html",
        {"form": form, "problem": problem, "next": next_url},
        status=status,
    )


RESET_KEY = "citizen_reset"
RESET_SECONDS = 600


def _check_pending(request, pending: dict, code: str):
    """Check ``code``; a reset for an unknown contact fails like a wrong code."""
    if pending.get("id"):
        return check_code(pending["id"], code)
    misses = pending.get("misses", 0)
    if misses >= CODE_ATTEMPTS:
        return CodeCheck.EXHAUSTED, None
    pending["misses"] = misses + 1
    request.session[CODE_KEY] = pending
    return CodeCheck.WRONG, None


def code_problem(result: CodeCheck) -> str:
    return {
        CodeCheck.WRONG: _("The code is not right. Check it and try again."),
        CodeCheck.EXPIRED: _("The code has expired. Ask for a new code below."),
        CodeCheck.EXHAUSTED: _("Too many wrong codes. Ask for a new code below."),
        CodeCheck.USED: _("The code has already been used. Ask for a new code below."),
    }[result]


def render_code_page(request, pending, form=None, problem="", status=200):
    resent = pending.pop("resent", False)
    if resent:  # said once
        request.session[CODE_KEY] = pending
    return render(
        request,
        "portal/account_code.html",
        {
            "form": form or CodeForm(),
            "problem": problem,
            "sent_to": pending.get("to", ""),
            "reset": pending.get("purpose") == "reset",
            "resent": resent,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@never_cache
def confirm_code(request):
    """Take the one-time code; sign the citizen in when it is right.

    A code asked for a password reset leads to the new-password page
    instead, for a few minutes.
    """
    pending = request.session.get(CODE_KEY)
    if not pending:
        return redirect("portal:login")
    form = CodeForm(request.POST or None)
    problem = ""
    status = 200
    if request.method == "POST" and form.is_valid():
        client = client_ip(request)
        limit = _login_misses()
        wait = limit.retry_after(client)
        if wait:
            problem, status = _wait_message(wait), 429
        else:
            result, user = _check_pending(request, pending, form.cleaned_data["code"])
            if result == CodeCheck.OK:
                del request.session[CODE_KEY]
                next_url = _safe_next(request, pending.get("next", ""))
                if pending.get("purpose") == "reset":
                    request.session[RESET_KEY] = {
                        "user": user.pk,
                        "until": time.time() + RESET_SECONDS,
                        "next": next_url,
                    }
                    return redirect("portal:password_new")
                login(request, user, backend=BACKEND)
                return redirect(next_url)
            limit.record_miss(client)
            status, problem = 400, code_problem(result)
    elif request.method == "POST":
        status = 400
    return render_code_page(request, pending, form, problem, status)
