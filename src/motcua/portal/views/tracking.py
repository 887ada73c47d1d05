"""Public tracking of a dossier by its code (tra cứu hồ sơ).

Anyone holding a dossier code (printed with a QR code on the receipt) may
follow its progress; the page shows nothing personal but a masked name.
Codes must not be guessable by trying many: a client whose lookups miss too
often is refused every lookup for a while.
"""

import math

from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from motcua.core.ratelimit import client_ip, tracking_misses
from motcua.dossiers.domain import (
    CLOCK_PAUSED,
    Status,
    parse_dossier_code,
)
from motcua.dossiers.queries import public_tracking

EXAMPLE_CODE = "000.00.25.H39-251122-0001"
# Longer than any real code; what is shown back is cut to this length.
SHOWN_LENGTH = 60


@require_GET
@never_cache
def track(request):
    """Show the tracking form and, for ``?ma=<code>``, the dossier's progress."""
    asked = "ma" in request.GET
    code = " ".join(request.GET.get("ma", "").split())[:SHOWN_LENGTH]
    context = {"code": code, "example": EXAMPLE_CODE, "asked": asked}
    status = 200
    if asked and not code:
        context["problem"] = _("Enter the dossier code to look it up.")
    elif code:
        status = _look_up(request, code, context)
    template = "portal/tracking_result.html" if request.htmx else "portal/tracking.html"
    response = render(request, template, context, status=status)
    if status == 429:
        response["Retry-After"] = str(context["retry_after"])
        if request.htmx:
            # htmx swaps no error response: show the whole page instead.
            response["HX-Redirect"] = request.get_full_path()
    response["X-Robots-Tag"] = "noindex"
    patch_vary_headers(response, ["HX-Request"])
    return response


def _look_up(request, code: str, context: dict) -> int:
    """Fill ``context`` with the dossier or the reason there is none."""
    limit = tracking_misses()
    client = client_ip(request)
    wait = limit.retry_after(client)
    if wait is not None:
        minutes = math.ceil(wait / 60)
        context["retry_after"] = wait
        context["problem"] = ngettext(
            "Too many lookups of codes that do not exist were made from your "
            "connection. Try again in %(minutes)s minute.",
            "Too many lookups of codes that do not exist were made from your "
            "connection. Try again in %(minutes)s minutes.",
            minutes,
        ) % {"minutes": minutes}
        return 429
    parsed = parse_dossier_code(code)
    view = public_tracking(code) if parsed is not None else None
    if parsed is None:
        limit.record_miss(client)
        context["problem"] = _(
            "“%(code)s” is not a dossier code. A dossier code is the identifier "
            "of the receiving agency, the date of reception (year, month, day) "
            "and a number, separated by hyphens, for example %(example)s."
        ) % {"code": code, "example": EXAMPLE_CODE}
    elif view is None:
        limit.record_miss(client)
        context["problem"] = _(
            "No dossier was found with the code %(code)s. Check the code on "
            "your receipt (Giấy tiếp nhận hồ sơ và hẹn trả kết quả)."
        ) % {"code": str(parsed)}
    else:
        context["code"] = view.code
        context["tracking"] = view
        context["paused"] = Status(view.status) in CLOCK_PAUSED
        context["late"] = view.late(timezone.now())
    return 200
