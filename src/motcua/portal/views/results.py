"""Public pages of results: verification by code (the QR code) and download.

The verification page answers for anyone holding a result code: whether
the signature is valid, by which agency, when; the applicant appears as a
masked name only. Lookups of codes that do not exist count against the
same limit as dossier tracking, so codes cannot be guessed by trying.

The download link (``?t=``, signed, valid for ``MOTCUA_RESULT_LINK_DAYS``)
is given to the applicant when the result is returned electronically;
each download is logged.
"""

import math

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from motcua.core.ratelimit import client_ip, tracking_misses
from motcua.results.domain import Method
from motcua.results.queries import issued_result, public_result
from motcua.results.services import verify
from motcua.results.services.delivery import (
    check_download_token,
    link_open,
    record_download,
)
from motcua.results.services.documents import result_content

SHOWN_LENGTH = 70


def _problem(key: str) -> str:
    messages = {
        "unsigned": _("The file carries no digital signature."),
        "broken": _("The signature does not match the file: it was altered."),
        "untrusted": _("The signing certificate is not issued by a trusted authority."),
        "modified": _("The file was changed after it was signed."),
        "unreadable": _("The file is not a readable PDF."),
        "missing_file": _("The file of the result is missing."),
    }
    return messages.get(key, key)


@require_GET
@never_cache
def verification(request, code):
    code = " ".join(code.split())[:SHOWN_LENGTH]
    limit = tracking_misses()
    client = client_ip(request)
    wait = limit.retry_after(client)
    context = {"code": code}
    if wait is not None:
        minutes = math.ceil(wait / 60)
        context["problem"] = ngettext(
            "Too many lookups of codes that do not exist were made from your "
            "connection. Try again in %(minutes)s minute.",
            "Too many lookups of codes that do not exist were made from your "
            "connection. Try again in %(minutes)s minutes.",
            minutes,
        ) % {"minutes": minutes}
        response = render(
            request, "portal/result_verification.html", context, status=429
        )
        response["Retry-After"] = str(wait)
        return response
    result = issued_result(code)
    if result is None:
        limit.record_miss(client)
        context["problem"] = _(
            "No issued result has the code “%(code)s”. A result code is the "
            "dossier code followed by -KQ and a number."
        ) % {"code": code}
        status = 404
    else:
        report = verify(result)
        context.update(
            {
                "result": public_result(result),
                "report": report,
                "problems": [_problem(p) for p in report.problems],
            }
        )
        status = 200
    response = render(
        request, "portal/result_verification.html", context, status=status
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
@never_cache
def download(request, code):
    result = issued_result(code)
    token = request.GET.get("t", "")
    if result is None or not check_download_token(result.code, token):
        return render(
            request,
            "portal/result_download_refused.html",
            {"code": code[:SHOWN_LENGTH]},
            status=403 if result is not None else 404,
        )
    if not link_open(result):
        if result.deliveries.filter(method=Method.ELECTRONIC).exists():
            return render(
                request,
                "portal/result_download_refused.html",
                {"code": result.code},
                status=410,
            )
        raise Http404
    content = result_content(result)
    if content is None:
        raise Http404
    record_download(result)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{result.code}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
