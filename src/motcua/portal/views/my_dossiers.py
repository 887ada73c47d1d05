"""The citizen's own dossiers (Hồ sơ của tôi): the list and one dossier's page.

Only a signed-in citizen reaches these pages; an officer gets 403 (the
back office is theirs) and anyone else is sent to sign in. A dossier that
is not the citizen's is answered like an unknown code (404), so codes
reveal nothing. The files, receipts and the payment follow the same rule.
What the citizen changes (supplement, withdrawal, rating) is in
``my_dossier_actions``.
"""

from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from motcua.core.ratelimit import client_ip
from motcua.filing.queries import (
    GROUP_LABELS,
    Group,
    amount_owed,
    citizen_messages,
    citizen_results,
    dossier_for_citizen,
    dossier_list,
    dossier_payments,
    file_for_citizen,
    group_counts,
    has_receipt,
    is_citizen,
    papers,
    payment_for_citizen,
    pending_request,
    permissions,
    rating_of,
    round_history,
    row_of,
    supplement_requests,
    supplement_sent,
    timeline,
)
from motcua.payments.services import PaymentError, receipt_pdf, start_online_payment

PAGE_SIZE = 20
MESSAGES_SHOWN = 20


def citizen_page(view):
    """Let only a signed-in citizen in: sign in first, officers are refused."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        if not is_citizen(request.user):
            return render(request, "portal/my/not_citizen.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def citizen_dossier(request, code):
    """Return the citizen's dossier ``code``; 404 when it is not theirs."""
    dossier = dossier_for_citizen(code, request.user)
    if dossier is None:
        raise Http404(_("No dossier of yours has this code."))
    return dossier


def drafts_url() -> str:
    """Return the saved drafts page (the filing wizard's), if there is one."""
    try:
        return reverse("portal:drafts")
    except NoReverseMatch:
        return ""


@require_GET
@never_cache
@citizen_page
def my_dossiers(request):
    group = request.GET.get("nhom", "")
    if group not in set(Group):
        group = ""
    paginator = Paginator(dossier_list(request.user, group), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("trang"))
    counts = group_counts(request.user)
    groups = [
        {
            "key": key,
            "label": GROUP_LABELS[key],
            "count": counts[key],
            "current": key == group,
        }
        for key in Group
    ]

    def page_url(number):
        query = {"nhom": group} if group else {}
        if number > 1:
            query["trang"] = number
        return "?" + urlencode(query) if query else request.path

    return render(
        request,
        "portal/my/list.html",
        {
            "rows": [row_of(dossier) for dossier in page.object_list],
            "page": page,
            "previous_url": page_url(page.previous_page_number())
            if page.has_previous()
            else "",
            "next_url": page_url(page.next_page_number()) if page.has_next() else "",
            "groups": groups,
            "group": group,
            "total": sum(counts.values()),
            "drafts_url": drafts_url(),
        },
    )


@require_GET
@never_cache
@citizen_page
def my_dossier(request, code):
    dossier = citizen_dossier(request, code)
    rating = rating_of(dossier)
    results = citizen_results(dossier)
    payments = list(dossier_payments(dossier))
    return render(
        request,
        "portal/my/detail.html",
        {
            "dossier": dossier,
            "row": row_of(dossier),
            "may": permissions(dossier, rated=rating is not None),
            "owed": amount_owed(dossier),
            "pending": pending_request(dossier),
            "sent": supplement_sent(dossier),
            "requests": supplement_requests(dossier),
            "rounds": round_history(dossier),
            "timeline": timeline(dossier),
            "papers": papers(dossier),
            "agency_messages": list(citizen_messages(dossier)[:MESSAGES_SHOWN]),
            "payments": [(p, has_receipt(p)) for p in payments],
            "results": results,
            "rating": rating,
        },
    )


@require_GET
@never_cache
@citizen_page
def my_dossier_file(request, code, file_id):
    """Stream one of the dossier's files to its owner, never inline."""
    dossier = citizen_dossier(request, code)
    stored = file_for_citizen(dossier, file_id)
    if stored is None:
        raise Http404
    try:
        handle = stored.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=stored.content_type,
        as_attachment=True,
        filename=stored.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@never_cache
@citizen_page
def my_receipt(request, code, payment_id):
    """Send the receipt (biên lai) of a payment of the dossier, as a PDF."""
    dossier = citizen_dossier(request, code)
    payment = payment_for_citizen(dossier, payment_id)
    if payment is None or not has_receipt(payment):
        raise Http404
    try:
        content = receipt_pdf(payment)
    except PaymentError:
        raise Http404 from None
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="bien-lai-{payment.txn_ref}.pdf"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@never_cache
@citizen_page
def my_payment(request, code):
    """Pay the fees the agency asked for, online through the gateway."""
    dossier = citizen_dossier(request, code)
    if not permissions(dossier).pay:
        return render(
            request,
            "portal/my/problem.html",
            {
                "dossier": dossier,
                "message": _("This dossier has no fees to pay now."),
            },
            status=409,
        )
    try:
        url = start_online_payment(
            dossier,
            amount_owed(dossier),
            return_url=request.build_absolute_uri(reverse("portal:vnpay_return")),
            ip=client_ip(request),
            locale=get_language() or "vi",
        )
    except PaymentError as error:
        return render(
            request,
            "portal/my/problem.html",
            {"dossier": dossier, "message": str(error)},
            status=400,
        )
    return redirect(url)
