"""Result pages: prepare (generate or upload), view, verify, hand over, registers.

Handing over a resolved dossier's result ends its processing, so it goes
through the workflow's return step (which records the delivery and moves
the dossier to "returned"); a further hand-over of a dossier already
returned (a parcel sent back, then collected at the desk) is recorded by
the results service alone.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.dossiers.domain import Status
from motcua.results.domain import Method
from motcua.results.queries import (
    delivery_of_dossier,
    dossier_deliveries,
    result_of_dossier,
)
from motcua.results.services import (
    DeliveryData,
    ResultRefused,
    generate_result,
    record_delivery,
    record_postal_update,
    upload_result,
    verify,
)
from motcua.results.services.access import may_deliver, may_prepare
from motcua.results.services.delivery import attach_receipt_scan
from motcua.results.services.documents import result_content
from motcua.results.services.handover import handover_slip_pdf
from motcua.results.services.registers import certification_register_xlsx

from ..forms import RegisterForm
from ..forms_results import (
    DeskDeliveryForm,
    ElectronicDeliveryForm,
    PostalUpdateForm,
    PostDeliveryForm,
    ReceiptScanForm,
    ResultGenerateForm,
    ResultUploadForm,
)
from .access import officer_required
from .dossiers import _dossier

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
METHODS = {
    "tai-quay": Method.DESK,
    "buu-chinh": Method.POST,
    "dien-tu": Method.ELECTRONIC,
}
SLUGS = {method: slug for slug, method in METHODS.items()}
PROBLEMS = {
    "unsigned": gettext_lazy("The file carries no digital signature."),
    "broken": gettext_lazy("The signature does not match the file: it was altered."),
    "untrusted": gettext_lazy(
        "The signing certificate is not issued by a trusted authority."
    ),
    "modified": gettext_lazy("The file was changed after it was signed."),
    "unreadable": gettext_lazy("The file is not a readable PDF."),
    "missing_file": gettext_lazy("The file of the result is missing."),
}


def _results_anchor(dossier) -> str:
    return reverse("backoffice:dossier", args=[dossier.code]) + "#ket-qua"


def _refused(request, error: ResultRefused) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_POST
@officer_required()
def result_generate(request, code):
    dossier = _dossier(request, code)
    form = ResultGenerateForm(request.POST)
    title = form.cleaned_data["title"] if form.is_valid() else ""
    try:
        result = generate_result(dossier, user=request.user, title=title)
    except ResultRefused as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("Draft result No. %(number)s was generated; a leader signs it.")
            % {"number": result.number},
        )
    return redirect(_results_anchor(dossier))


@require_http_methods(["GET", "POST"])
@officer_required()
def result_upload(request, code):
    dossier = _dossier(request, code)
    if not may_prepare(request.user, dossier):
        raise Http404
    form = ResultUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = upload_result(
                    dossier,
                    user=request.user,
                    file=form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                )
            except ResultRefused as error:
                form.add_error("file", error.messages)
            else:
                messages.success(
                    request,
                    _("Draft result No. %(number)s was uploaded; a leader signs it.")
                    % {"number": result.number},
                )
                return redirect(_results_anchor(dossier))
        status = 400
    return render(
        request,
        "backoffice/results_upload.html",
        {"workplace": request.workplace, "dossier": dossier, "form": form},
        status=status,
    )


def _pdf(content: bytes, filename: str, inline: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@officer_required()
def result_file(request, code, number):
    dossier = _dossier(request, code)
    result = result_of_dossier(dossier, number)
    content = result_content(result) if result else None
    if content is None:
        raise Http404
    name = result.code or f"{dossier.code}-KQ{number}-du-thao"
    return _pdf(content, f"{name}.pdf", "xem" in request.GET)


@require_GET
@officer_required()
def result_verification(request, code, number):
    dossier = _dossier(request, code)
    result = result_of_dossier(dossier, number)
    if result is None:
        raise Http404
    report = verify(result)
    return render(
        request,
        "backoffice/results_verification.html",
        {
            "workplace": request.workplace,
            "dossier": dossier,
            "result": result,
            "report": report,
            "problems": [PROBLEMS.get(p, p) for p in report.problems],
        },
    )


# Hand-over.

FORMS = {
    Method.DESK: DeskDeliveryForm,
    Method.POST: PostDeliveryForm,
    Method.ELECTRONIC: ElectronicDeliveryForm,
}


@require_GET
@officer_required()
def delivery_start(request, code):
    """Open the hand-over page of the method the applicant registered."""
    dossier = _dossier(request, code)
    slug = SLUGS.get(Method(dossier.delivery_method), "tai-quay")
    return redirect("backoffice:result_delivery", code=dossier.code, method=slug)


def _delivery_data(method: Method, data: dict) -> DeliveryData:
    if method == Method.DESK:
        return DeliveryData(
            method=method,
            receiver_name=data["receiver_name"],
            receiver_personal_id=data["receiver_personal_id"],
            id_checked=data["id_checked"],
        )
    if method == Method.POST:
        return DeliveryData(
            method=method,
            postal_operator=data["postal_operator"],
            waybill=data["waybill"],
            address=data["address"],
        )
    return DeliveryData(method=method)


def _hand_over(dossier, user, delivery: DeliveryData):
    """Return the result through the workflow's return step, or record it alone.

    Raises ``ResultRefused`` (or the workflow's error, a ValidationError)
    with the message to show.
    """
    if dossier.status == Status.RETURNED:
        return record_delivery(dossier, user=user, delivery=delivery)
    from motcua.workflow import services as workflow

    task = dossier.tasks.filter(state="open").order_by("-arrived_at").first()
    if task is None:
        raise ResultRefused(_("No return step is open for this dossier."))
    workflow.return_result(task, user=user, delivery=delivery)
    return dossier_deliveries(dossier).last()


@require_http_methods(["GET", "POST"])
@officer_required()
def delivery(request, code, method):
    dossier = _dossier(request, code)
    if method not in METHODS or not may_deliver(request.user, dossier):
        raise Http404
    chosen = METHODS[method]
    initial = {}
    if chosen == Method.DESK:
        initial = {"receiver_name": dossier.applicant.full_name}
    elif chosen == Method.POST:
        initial = {"address": dossier.delivery_address or dossier.applicant.address}
    form = FORMS[chosen](request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                handed = _hand_over(
                    dossier, request.user, _delivery_data(chosen, form.cleaned_data)
                )
                scan = form.cleaned_data.get("signed_receipt")
                if scan and handed is not None:
                    attach_receipt_scan(handed, user=request.user, file=scan)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(
                    request, _("The hand-over of the result was recorded.")
                )
                return redirect(_results_anchor(dossier))
    return render(
        request,
        "backoffice/results_delivery.html",
        {
            "workplace": request.workplace,
            "dossier": dossier,
            "form": form,
            "method": chosen,
            "methods": [(slug, m, slug == method) for slug, m in METHODS.items()],
            "returnable": dossier.status in (Status.RESOLVED, Status.RETURNED),
        },
        status=status,
    )


@require_GET
@officer_required()
def handover_slip(request, code, pk):
    dossier = _dossier(request, code)
    found = delivery_of_dossier(dossier, pk)
    if found is None or found.method != Method.DESK:
        raise Http404
    return _pdf(handover_slip_pdf(found), f"bien-ban-giao-{dossier.code}.pdf", True)


@require_GET
@officer_required()
def receipt_scan(request, code, pk):
    dossier = _dossier(request, code)
    found = delivery_of_dossier(dossier, pk)
    if found is None or not found.signed_receipt:
        raise Http404
    try:
        content = found.signed_receipt.read()
    except FileNotFoundError:
        raise Http404 from None
    kind = found.signed_receipt.name.rsplit(".", 1)[-1]
    types = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}
    response = HttpResponse(content, content_type=types.get(kind, "application/pdf"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@officer_required()
def receipt_scan_upload(request, code, pk):
    dossier = _dossier(request, code)
    found = delivery_of_dossier(dossier, pk)
    if found is None:
        raise Http404
    form = ReceiptScanForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(_results_anchor(dossier))
    try:
        attach_receipt_scan(
            found, user=request.user, file=form.cleaned_data["signed_receipt"]
        )
    except ResultRefused as error:
        _refused(request, error)
    else:
        messages.success(request, _("The scan of the signed slip was kept."))
    return redirect(_results_anchor(dossier))


@require_POST
@officer_required()
def postal_update(request, code, pk):
    dossier = _dossier(request, code)
    found = delivery_of_dossier(dossier, pk)
    if found is None:
        raise Http404
    form = PostalUpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a postal status."))
        return redirect(_results_anchor(dossier))
    try:
        record_postal_update(
            found,
            user=request.user,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        )
    except ResultRefused as error:
        _refused(request, error)
    else:
        messages.success(request, _("The postal status was recorded."))
    return redirect(_results_anchor(dossier))


@require_GET
@officer_required()
def certification_register(request):
    form = RegisterForm(request.GET if request.GET else None)
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["tu"], form.cleaned_data["den"]
        agency = request.workplace.agency
        content = certification_register_xlsx(agency, start, end)
        response = HttpResponse(content, content_type=XLSX)
        filename = f"so-chung-thuc-{agency.code}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        return response
    return render(
        request,
        "backoffice/results_register.html",
        {"workplace": request.workplace, "form": form},
        status=400 if form.is_bound else 200,
    )
