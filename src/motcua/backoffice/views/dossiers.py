"""The staff's view of dossiers: the agency's list, one dossier, its files and forms.

A dossier is shown only to staff with a role in its receiving or handling
agency; to anyone else it does not exist (404), so a code typed at random
tells nothing.
"""

from datetime import datetime, time, timedelta

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from motcua.core.text import search_terms
from motcua.deadlines.services import local_aware
from motcua.documents.forms import UnknownForm
from motcua.dossiers.labels import CHANNEL_LABELS, DELIVERY_LABELS, EVENT_LABELS
from motcua.dossiers.queries import guidance, staff_dossiers
from motcua.dossiers.services.forms import available_forms, form_pdf, guidance_form_key
from motcua.workflow.queries import dossier_for_staff

from ..forms import DossierFilterForm
from .access import officer_required
from .online_parts import online_parts

PAGE_SIZE = 25


def agency_dossiers(
    agency, user, *, search="", status="", date_from=None, date_to=None
):
    """Dossiers received or handled by ``agency``, latest received first."""
    dossiers = staff_dossiers(user).filter(
        Q(receiving_agency=agency) | Q(handling_agency=agency)
    )
    for term in search_terms(search):
        dossiers = dossiers.filter(search_text__contains=" " + term)
    if status:
        dossiers = dossiers.filter(status=status)
    if date_from:
        dossiers = dossiers.filter(
            received_at__gte=local_aware(datetime.combine(date_from, time.min))
        )
    if date_to:
        end = datetime.combine(date_to + timedelta(days=1), time.min)
        dossiers = dossiers.filter(received_at__lt=local_aware(end))
    return dossiers.select_related(
        "procedure_version", "applicant", "handling_agency"
    ).order_by("-received_at", "-pk")


@require_GET
@officer_required()
def dossier_list(request):
    form = DossierFilterForm(request.GET)
    values = form.cleaned_data if form.is_valid() else {}
    dossiers = agency_dossiers(
        request.workplace.agency,
        request.user,
        search=values.get("q", ""),
        status=values.get("status", ""),
        date_from=values.get("tu"),
        date_to=values.get("den"),
    )
    paginator = Paginator(dossiers, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "backoffice/dossier_list.html",
        {
            "workplace": request.workplace,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "now": timezone.now(),
        },
    )


def _dossier(request, code):
    dossier = dossier_for_staff(code, request.user)
    if dossier is None:
        raise Http404
    return dossier


@require_GET
@officer_required()
def dossier_detail(request, code):
    dossier = _dossier(request, code)
    files = list(dossier.files.all())
    documents = [
        {"document": d, "files": [f for f in files if f.document_id == d.pk]}
        for d in dossier.documents.all()
    ]
    loose = [f for f in files if f.document_id is None]
    events = [
        {"event": e, "label": EVENT_LABELS.get(e.action, e.action)}
        for e in dossier.events.all()
    ]
    return render(
        request,
        "backoffice/dossier_detail.html",
        {
            "workplace": request.workplace,
            "dossier": dossier,
            "applicant": dossier.applicant,
            "documents": documents,
            "loose_files": loose,
            "events": events,
            "pauses": list(dossier.pauses.all()),
            "guidances": list(dossier.guidances.all()),
            "forms": available_forms(dossier),
            "late": dossier.is_late(timezone.now()),
            "channel": CHANNEL_LABELS.get(dossier.channel, ""),
            "delivery": DELIVERY_LABELS.get(dossier.delivery_method, ""),
            "online": online_parts(dossier),
        },
    )


@require_GET
@officer_required()
def receipt(request, code):
    """Show the code, the appointment and form 01 right after reception."""
    dossier = _dossier(request, code)
    return render(
        request,
        "backoffice/receipt.html",
        {"workplace": request.workplace, "dossier": dossier},
    )


@require_GET
@officer_required()
def dossier_file(request, code, file_id):
    """Serve a digitised file inline, with the type detected at upload."""
    dossier = _dossier(request, code)
    stored = next((f for f in dossier.files.all() if f.pk == file_id), None)
    if stored is None:
        raise Http404
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=stored.content_type,
        as_attachment=False,
        filename=stored.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _pdf(content: bytes, filename: str, inline: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@officer_required()
def dossier_form(request, code, form_key):
    dossier = _dossier(request, code)
    if form_key not in {f["key"] for f in available_forms(dossier)}:
        raise Http404
    try:
        content = form_pdf(dossier, form_key)
    except UnknownForm:
        raise Http404 from None
    number = dossier.rule_set.form(form_key)["number"]
    return _pdf(content, f"mau-{number}-{dossier.code}.pdf", "xem" in request.GET)


@require_GET
@officer_required()
def guidance_form(request, number):
    issued = guidance(number, request.user)
    if issued is None:
        raise Http404
    form_key = guidance_form_key(issued)
    try:
        content = form_pdf(issued, form_key)
    except UnknownForm:
        raise Http404 from None
    form_number = issued.rule_set.form(form_key)["number"]
    return _pdf(content, f"mau-{form_number}-{issued.number}.pdf", "xem" in request.GET)
