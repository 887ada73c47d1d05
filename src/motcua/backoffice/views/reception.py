"""Reception at the one-stop desk: choose the procedure, enter, decide.

Three outcomes, each one call to the dossier services: receive (form 01),
guide the applicant to complete the dossier (form 02, nothing received) or
refuse with reasons (form 03). Any problem comes back as messages per field
and the screen is shown again with everything typed, except the files,
which a browser never sends back.
"""

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from motcua.accounts.domain import Role
from motcua.accounts.models import Agency
from motcua.dossiers.queries import find_applicant, guidance
from motcua.dossiers.services.forms import guidance_form_key
from motcua.dossiers.services.reception import (
    ApplicantData,
    DeliveryData,
    DocumentReceipt,
    FileUpload,
    ReceptionRefused,
    SubmitterData,
    issue_supplement_guidance,
    refuse_reception,
)

from ..forms import ProcedureSearchForm, ReceptionForm
from .access import officer_required

RESULTS = 20
ONLINE_LEVELS = ("full", "partial")


def receivable_versions(agency, search: str = ""):
    """Versions in force today that ``agency``'s desk may receive (by competence)."""
    from motcua.workflow.services import routing

    return routing.receivable_versions(agency, search)


def _version(agency, raw):
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        return None
    return (
        receivable_versions(agency).filter(pk=pk).prefetch_related("documents").first()
    )


def competent_agencies(version, agency) -> list[Agency]:
    """Return the agencies that may decide ``version`` received at ``agency``.

    The receiving agency itself when it implements the procedure; for a
    service centre or a boundary-free procedure, the competent agencies of
    the province, so the officer names the one that decides and the receipt
    says where the dossier is handled.
    """
    from motcua.workflow.services import routing

    return routing.candidates(version, agency)


def _form(version, data=None, agency=None):
    form = ReceptionForm(
        data, version=version, electronic=version.online_level in ONLINE_LEVELS
    )
    form.competent = competent_agencies(version, agency) if agency else []
    if len(form.competent) > 1:
        form.fields["handling_agency"] = forms.ChoiceField(
            label=gettext_lazy("Agency competent to decide"),
            choices=[(a.code, a.name) for a in form.competent],
            initial=form.competent[0].code,
            error_messages={
                "required": gettext_lazy("Choose the agency that decides."),
                "invalid_choice": gettext_lazy(
                    "This agency does not decide this procedure."
                ),
            },
        )
    return form


def _page(
    request, *, form=None, version=None, search=None, results=None, status=200, **extra
):
    context = {
        "workplace": request.workplace,
        "search_form": search or ProcedureSearchForm(request.GET or None),
        "results": results,
        "version": version,
        "form": form,
        **extra,
    }
    return render(request, "backoffice/reception.html", context, status=status)


@require_http_methods(["GET", "POST"])
@officer_required(Role.DESK_OFFICER)
def reception(request):
    agency = request.workplace.agency
    raw = request.POST.get("thu_tuc") or request.GET.get("thu_tuc")
    if raw:
        version = _version(agency, raw)
        if version is None:
            return _page(request, missing_procedure=True, status=404)
        if request.method == "POST":
            return _decide(request, version)
        return _page(request, version=version, form=_form(version, agency=agency))
    search = ProcedureSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    results = list(receivable_versions(agency, query)[:RESULTS]) if query else None
    return _page(request, search=search, results=results)


@require_GET
@officer_required(Role.DESK_OFFICER)
def procedure_results(request):
    """Return the search results alone (htmx)."""
    search = ProcedureSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    spot = request.GET.get("tai_cho") == "1"
    versions = receivable_versions(request.workplace.agency, query)
    if spot:
        versions = versions.filter(on_the_spot=True)
    results = list(versions[:RESULTS]) if query or spot else None
    return render(
        request,
        "backoffice/_procedure_results.html",
        {"results": results, "search_form": search, "spot": spot},
    )


def _applicant_initial(found) -> dict:
    return {
        "kind": found.kind,
        "full_name": found.full_name,
        "personal_id": found.personal_id,
        "date_of_birth": found.date_of_birth,
        "tax_code": found.tax_code,
        "address": found.address,
        "phone": found.phone,
        "email": found.email,
    }


def _identifier(data) -> str:
    if data.get("kind") == "organisation":
        return (data.get("tax_code") or "").strip()
    return (data.get("personal_id") or "").strip()


@require_GET
@officer_required(Role.DESK_OFFICER)
def applicant_lookup(request):
    """Fill the applicant's fields from an earlier dossier (htmx)."""
    version = _version(request.workplace.agency, request.GET.get("thu_tuc"))
    if version is None:
        return render(request, "backoffice/_lookup_error.html", status=404)
    form, lookup = _lookup(request.GET, version, request.workplace.agency)
    return render(
        request,
        "backoffice/_applicant.html",
        {"form": form, "lookup": lookup, "version": version},
    )


def _lookup(data, version, agency=None):
    """Return the form filled from the applicant with the typed ID, and a note."""
    identifier = _identifier(data)
    found = find_applicant(identifier) if identifier else None
    if found is None:
        form = _form(version, data, agency)
        form.is_valid()  # show what was typed, without error messages
        form.errors.clear()
        return form, {"found": False, "identifier": identifier}
    merged = data.copy()
    for key, value in _applicant_initial(found).items():
        if key == "date_of_birth":
            value = value.strftime("%d/%m/%Y") if value else ""
        merged[key] = value or ""
    form = _form(version, merged, agency)
    form.is_valid()
    form.errors.clear()
    return form, {"found": True, "identifier": identifier, "name": found.full_name}


def _applicant_data(data) -> ApplicantData:
    organisation = data["kind"] == "organisation"
    return ApplicantData(
        full_name=data["full_name"],
        kind=data["kind"],
        personal_id="" if organisation else data["personal_id"].strip(),
        date_of_birth=None if organisation else data["date_of_birth"],
        tax_code=data["tax_code"].strip() if organisation else "",
        address=data["address"],
        phone=data["phone"].strip(),
        email=data["email"].strip(),
    )


def _submitter(data) -> SubmitterData | None:
    if not any(
        data[k].strip()
        for k in ("submitter_name", "submitter_personal_id", "submitter_phone")
    ):
        return None
    return SubmitterData(
        full_name=data["submitter_name"],
        personal_id=data["submitter_personal_id"].strip(),
        phone=data["submitter_phone"].strip(),
    )


def receive_kwargs(request, form, version) -> dict:
    """Return the keyword arguments of the reception services for a valid form."""
    ticked = form.ticked()
    documents = [
        DocumentReceipt(required_document_id=paper.pk, originals=o, copies=c)
        for paper, o, c in ticked
    ]
    index = {paper.pk: i for i, (paper, _o, _c) in enumerate(ticked)}
    files = []
    for paper in form.papers:
        for upload in request.FILES.getlist(f"doc_{paper.pk}_files"):
            files.append(FileUpload(upload, index.get(paper.pk)))
    if not documents:
        raise ReceptionRefused(
            {"documents": [_("Tick the papers the applicant handed in.")]}
        )
    data = form.cleaned_data
    kwargs = {
        "officer": request.user,
        "agency": request.workplace.agency,
        "procedure_version": version,
        "applicant": _applicant_data(data),
        "submitter": _submitter(data),
        "documents": documents,
        "files": files,
        "delivery": DeliveryData(data["delivery_method"], data["delivery_address"]),
        "sets": data["sets"] or 1,
        "note": data["note"],
    }
    handling = data.get("handling_agency")
    if handling:
        kwargs["handling_agency"] = next(
            a for a in form.competent if a.code == handling
        )
    return kwargs


def _receive(request, form, version):
    from motcua.workflow import services

    return services.receive(**receive_kwargs(request, form, version))


def _decide(request, version):
    outcome = request.POST.get("outcome", "")
    if outcome == "lookup":
        form, lookup = _lookup(request.POST, version, request.workplace.agency)
        return _page(request, version=version, form=form, lookup=lookup)
    form = _form(version, request.POST, request.workplace.agency)
    had_files = any(request.FILES.getlist(k) for k in request.FILES)
    if outcome not in ("receive", "incomplete", "refuse"):
        form.is_valid()
        form.add_error(
            None, _("Choose one of the three outcomes: receive, guide, or refuse.")
        )
        return _page(
            request, version=version, form=form, had_files=had_files, status=400
        )
    if form.is_valid():
        try:
            return _outcome(request, form, version, outcome)
        except ReceptionRefused as refused:
            form.add_service_errors(refused.errors)
    return _page(
        request,
        version=version,
        form=form,
        had_files=had_files,
        outcome=outcome,
        status=400,
    )


def _outcome(request, form, version, outcome):
    data = form.cleaned_data
    if outcome == "receive":
        dossier = _receive(request, form, version)
        return redirect("backoffice:receipt", code=dossier.code)
    if outcome == "incomplete":
        missing = [int(pk) for pk in data["missing"]]
        missing += [
            line.strip() for line in data["other_missing"].splitlines() if line.strip()
        ]
        issued = issue_supplement_guidance(
            officer=request.user,
            agency=request.workplace.agency,
            procedure_version=version,
            applicant=_applicant_data(data),
            missing=missing,
            note=data["note"],
        )
    else:
        issued = refuse_reception(
            officer=request.user,
            agency=request.workplace.agency,
            procedure_version=version,
            applicant=_applicant_data(data),
            reasons=data["reasons"],
        )
    return redirect("backoffice:guidance", number=issued.number)


@require_GET
@officer_required()
def guidance_page(request, number):
    issued = guidance(number, request.user)
    if issued is None:
        raise Http404
    return render(
        request,
        "backoffice/guidance.html",
        {
            "workplace": request.workplace,
            "guidance": issued,
            "form_key": guidance_form_key(issued),
        },
    )
