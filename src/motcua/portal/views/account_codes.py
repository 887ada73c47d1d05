"""Sending a one-time code again, and a new password through a code.

A citizen may ask for the code again at most once a minute and five times
an hour (counted from the codes their account was sent). The password
reset never tells whether an account exists: an unknown phone or e-mail
gets the same pages, and any code typed in is "not right".
"""

import datetime as dt
import math
import time

from django.contrib.auth import get_user_model, login
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from motcua.citizens.domain import resend_wait
from motcua.citizens.services import code_wait, find_local_user, send_code, set_password

from ..forms import NewPasswordForm, ResetRequestForm
from .accounts import (
    BACKEND,
    CODE_KEY,
    RESET_KEY,
    _code_sends,
    _safe_next,
    _wait_message,
    pending_code,
    render_code_page,
)


def refusal(reason: str, seconds: int) -> str:
    """Say in plain words why no code is sent now and when one can be."""
    if reason == "gap":
        return ngettext(
            "A code was sent less than a minute ago. Please wait %(seconds)d "
            "second before asking for a new one.",
            "A code was sent less than a minute ago. Please wait %(seconds)d "
            "seconds before asking for a new one.",
            seconds,
        ) % {"seconds": seconds}
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "You have asked for 5 codes in the last hour. Please try again in "
        "%(minutes)d minute.",
        "You have asked for 5 codes in the last hour. Please try again in "
        "%(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def _pending_user(pending):
    if not pending.get("user"):
        return None
    return get_user_model().objects.filter(pk=pending["user"]).first()


@require_POST
@never_cache
def resend_code(request):
    """Send the pending code again, within the limits."""
    pending = request.session.get(CODE_KEY)
    if not pending:
        return redirect("portal:login")
    user = _pending_user(pending)
    if user is not None:
        reason, seconds = code_wait(user)
    else:  # a reset for no account: the same limits, counted in the session
        now = time.time()
        sent = [t for t in pending.get("sent", []) if now - t < 3600]
        reason, seconds = _wait_of(sent, now)
    if reason:
        return render_code_page(
            request, pending, problem=refusal(reason, seconds), status=429
        )
    contact = tuple(pending["contact"])
    if user is not None:
        row = send_code(
            user,
            purpose=pending["purpose"],
            kind=contact[0],
            value=contact[1],
            language=get_language() or "vi",
        )
        pending = {**pending, "id": row.pk}
    else:
        pending = {**pending, "sent": sent + [time.time()], "misses": 0}
    request.session[CODE_KEY] = {**pending, "resent": True}
    return redirect("portal:account_code")


def _wait_of(sent: list[float], now: float) -> tuple[str, int]:
    def moment(t):
        return dt.datetime.fromtimestamp(t, dt.UTC)

    return resend_wait([moment(t) for t in sent], moment(now))


@require_http_methods(["GET", "POST"])
@never_cache
def reset_request(request):
    """Ask for a code to set a new password; the same answer for anyone."""
    next_url = _safe_next(request, request.GET.get("next", ""))
    form = ResetRequestForm(request.POST or None)
    problem, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            contact = form.cleaned_data["contact"]
            limit = _code_sends()
            wait = limit.retry_after(contact[1])
            if wait:
                problem, status = _wait_message(wait), 429
            else:
                limit.record_miss(contact[1])
                user = find_local_user(*contact)
                row = None
                if user is not None:
                    row = send_code(
                        user,
                        purpose="reset",
                        kind=contact[0],
                        value=contact[1],
                        language=get_language() or "vi",
                    )
                pending = pending_code(row, user, "reset", contact, next_url)
                if user is None:
                    pending["sent"] = [time.time()]
                request.session[CODE_KEY] = pending
                return redirect("portal:account_code")
        else:
            status = 400
    return render(
        request,
        "portal/account_reset.html",
        {"form": form, "problem": problem},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@never_cache
def password_new(request):
    """Set the new password, within minutes of the code being confirmed."""
    grant = request.session.get(RESET_KEY)
    user = None
    if grant and grant.get("until", 0) > time.time():
        user = get_user_model().objects.filter(pk=grant.get("user")).first()
    if user is None:
        request.session.pop(RESET_KEY, None)
        return render(
            request,
            "portal/account_error.html",
            {
                "message": _(
                    "The time to set a new password has run out. "
                    "Please ask for a new code."
                ),
                "retry_url": "portal:password_reset",
            },
            status=400,
        )
    form = NewPasswordForm(request.POST or None, user=user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            set_password(user, form.cleaned_data["password"])
            del request.session[RESET_KEY]
            login(request, user, backend=BACKEND)
            return redirect(_safe_next(request, grant.get("next", "")))
        status = 400
    return render(
        request,
        "portal/account_password.html",
        {"form": form, "problem": ""},
        status=status,
    )
