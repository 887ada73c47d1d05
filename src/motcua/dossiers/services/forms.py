"""Fill the official forms (01–05, the register) from dossiers and guidances.

The renderer in ``documents.forms`` knows nothing of the models; this module
reads a ``Dossier`` or a ``ReceptionGuidance`` and writes the plain values a
form prints: the agency header, the applicant as declared, the papers, the
dates in local time, and the address of the public tracking page that the
QR code in the top-left corner opens. Number and title come from the rule
set the dossier is bound to, so a reprint years later matches the original.
"""

from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from motcua.accounts.models import Agency
from motcua.catalog.models import TIME_UNIT_LABELS
from motcua.documents.forms import AgencyHeader, DocumentLine, FormContext, render_form
from motcua.documents.forms.catalogue import UnknownForm, rule_set_forms
from motcua.documents.forms.register import RegisterRow, register_xlsx

from ..domain import Action, Activity
from ..labels import DELIVERY_LABELS
from ..models import Dossier, DossierEvent, ReceptionGuidance
from ..queries import register_rows, rule_set_on

# The forms a guidance prints, by its kind.
GUIDANCE_FORMS = {
    ReceptionGuidance.Kind.SUPPLEMENT: "supplement_request",
    ReceptionGuidance.Kind.REFUSAL: "refusal",
}


def tracking_url(code: str = "") -> str:
    """Return the absolute address of the public tracking page for ``code``."""
    base = settings.MOTCUA_PUBLIC_URL.rstrip("/")
    return f"{base}/tra-cuu/?ma={code}" if code else f"{base}/tra-cuu/"


def agency_header(agency: Agency) -> AgencyHeader:
    """Return the top-left block: the governing body, the agency, its place."""
    return AgencyHeader(
        parent_name=agency.parent.name if agency.parent_id else "",
        name=agency.name,
        unit_name=agency.unit.name,
        address=agency.address,
        phone=agency.phone,
    )


def vnd(amount: int) -> str:
    """Write an amount of đồng with dots between thousands: 200.000 đ."""
    return f"{int(amount):,} đ".replace(",", ".")


def processing_time(amount: Decimal, unit: str) -> str:
    """Write the time limit as published, e.g. "5 ngày làm việc", "trong ngày"."""
    label = str(TIME_UNIT_LABELS.get(unit, unit))
    if unit == "same_day" or not amount:
        return label[:1].upper() + label[1:]
    amount = Decimal(amount)
    number = str(int(amount)) if amount % 1 == 0 else str(amount.normalize())
    return f"{number} {label}"


def _officer_name(user) -> str:
    return (user.full_name or user.get_full_name() or user.username) if user else ""


def _form_entry(rule_set, form_key: str) -> dict:
    entry = rule_set.form(form_key)
    if entry is None:
        raise UnknownForm(form_key)
    return entry


def _applicant_fields(data: dict) -> dict:
    """Map an applicant snapshot (``ApplicantData.snapshot()``) to form fields."""
    identifier = data.get("personal_id") or data.get("tax_code") or ""
    return {
        "applicant_name": data.get("full_name", ""),
        "applicant_id": identifier,
        "applicant_address": data.get("address", ""),
        "applicant_phone": data.get("phone", ""),
        "applicant_email": data.get("email", ""),
    }


def _dossier_applicant(dossier: Dossier) -> dict:
    snapshot = dossier.applicant_snapshot or {}
    if snapshot.get("full_name"):
        return snapshot
    applicant = dossier.applicant
    return {
        "full_name": applicant.full_name,
        "personal_id": applicant.personal_id,
        "tax_code": applicant.tax_code,
        "address": applicant.address,
        "phone": applicant.phone,
        "email": applicant.email,
    }


def _latest_guidance(dossier: Dossier, kind: str) -> ReceptionGuidance | None:
    guidances = [g for g in dossier.guidances.all() if g.kind == kind]
    return max(guidances, key=lambda g: g.issued_at, default=None)


def _dossier_context(dossier: Dossier, form_key: str) -> FormContext:
    entry = _form_entry(dossier.rule_set, form_key)
    version = dossier.procedure_version
    guidance = None
    if form_key in GUIDANCE_FORMS.values():
        kind = next(k for k, v in GUIDANCE_FORMS.items() if v == form_key)
        guidance = _latest_guidance(dossier, kind)
        if guidance is None:
            raise UnknownForm(form_key)
    papers = [
        DocumentLine(d.name, originals=d.originals, copies=d.copies)
        for d in dossier.documents.all()
        if d.received
    ]
    issued_at = (
        guidance.issued_at
        if guidance
        else dossier.received_at or dossier.submitted_at or timezone.now()
    )
    fee = vnd(dossier.fee_due) if dossier.fee_due else ""
    if form_key in EVENT_FORMS:
        return _event_form_context(dossier, form_key, entry, papers)
    return FormContext(
        rule_set_code=dossier.rule_set.code,
        form_key=form_key,
        issued_at=issued_at,
        agency=agency_header(dossier.receiving_agency),
        number=entry.get("number", ""),
        title=entry.get("title", ""),
        dossier_code=dossier.code,
        reference_number=guidance.number if guidance else "",
        procedure_code=version.procedure.code,
        procedure_name=version.name,
        documents=papers,
        dossier_sets=dossier.sets,
        missing_documents=list(guidance.missing) if guidance else [],
        reasons=_lines(guidance.reasons) if guidance else [],
        processing_time=processing_time(dossier.time_amount, dossier.time_unit),
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        delivery_method=_delivery(dossier),
        delivery_address=dossier.delivery_address,
        fee=fee,
        officer_name=_officer_name(
            guidance.issued_by if guidance else dossier.received_by
        ),
        tracking_url=tracking_url(dossier.code),
        note=guidance.note if guidance else "",
        **_applicant_fields(_dossier_applicant(dossier)),
    )


# Forms printed from an event of the dossier's trail: the apology (form 04)
# from the EXTEND activity, the stop notice (form 05 of Circular 03/2025)
# from the STOP action; the event holds what the letter says.
EVENT_FORMS = {"apology": Activity.EXTEND.value, "stop_notice": Action.STOP.value}


def _form_event(dossier: Dossier, form_key: str) -> DossierEvent | None:
    action = EVENT_FORMS[form_key]
    events = [e for e in dossier.events.all() if e.action == action]
    return max(events, key=lambda e: e.sequence, default=None)


def _event_form_context(
    dossier: Dossier, form_key: str, entry: dict, papers
) -> FormContext:
    event = _form_event(dossier, form_key)
    if event is None:
        raise UnknownForm(form_key)
    payload = event.payload or {}
    if form_key == "apology":
        reasons = _lines(payload.get("reason") or event.reason)
        original = payload.get("original_due_at")
        due = datetime.fromisoformat(original) if original else dossier.due_at
        new_due = dossier.extended_due_at
        new_text = payload.get("new_due_at")
        if new_text:
            new_due = datetime.fromisoformat(new_text)
        reference = payload.get("number", "")
    else:
        reasons = [str(r) for r in payload.get("reasons") or []] or _lines(event.reason)
        due, new_due, reference = dossier.due_at, None, ""
    return FormContext(
        rule_set_code=dossier.rule_set.code,
        form_key=form_key,
        issued_at=event.at,
        agency=agency_header(dossier.handling_agency),
        number=entry.get("number", ""),
        title=entry.get("title", ""),
        dossier_code=dossier.code,
        reference_number=reference,
        procedure_code=dossier.procedure_version.procedure.code,
        procedure_name=dossier.procedure_version.name,
        documents=papers,
        dossier_sets=dossier.sets,
        reasons=reasons,
        processing_time=processing_time(dossier.time_amount, dossier.time_unit),
        received_at=dossier.received_at,
        due_at=due,
        new_due_at=new_due,
        delivery_method=_delivery(dossier) if form_key == "stop_notice" else "",
        delivery_address=dossier.delivery_address if form_key == "stop_notice" else "",
        officer_name="",
        tracking_url=tracking_url(dossier.code),
        **_applicant_fields(_dossier_applicant(dossier)),
    )


def _delivery(dossier: Dossier) -> str:
    """Name where the result is collected; "at the desk" is the desk's name."""
    if dossier.delivery_method == Dossier.Delivery.DESK:
        return str(rule_set_forms(dossier.rule_set.code).desk_name)
    return str(DELIVERY_LABELS.get(dossier.delivery_method, ""))


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip()]


def _guidance_context(guidance: ReceptionGuidance, form_key: str) -> FormContext:
    if guidance.dossier_id is not None:
        return _dossier_context(guidance.dossier, form_key)
    if GUIDANCE_FORMS.get(guidance.kind) != form_key:
        raise UnknownForm(form_key)
    entry = _form_entry(guidance.rule_set, form_key)
    version = guidance.procedure_version
    return FormContext(
        rule_set_code=guidance.rule_set.code,
        form_key=form_key,
        issued_at=guidance.issued_at,
        agency=agency_header(guidance.agency),
        number=entry.get("number", ""),
        title=entry.get("title", ""),
        reference_number=guidance.number,
        procedure_code=version.procedure.code,
        procedure_name=version.name,
        missing_documents=list(guidance.missing),
        reasons=_lines(guidance.reasons),
        officer_name=_officer_name(guidance.issued_by),
        # Nothing was received, so there is no dossier to follow: the code
        # opens the tracking page itself, where a later dossier is found.
        tracking_url=tracking_url(),
        note=guidance.note,
        **_applicant_fields(guidance.applicant or {}),
    )


def form_context(subject: Dossier | ReceptionGuidance, form_key: str) -> FormContext:
    """Return what form ``form_key`` prints for a dossier or a desk guidance.

    Raises ``UnknownForm`` when the rule set bound to the subject does not
    prescribe the form, or the subject has nothing for it to print (a
    refusal for a dossier that was never refused).
    """
    if isinstance(subject, ReceptionGuidance):
        return _guidance_context(subject, form_key)
    return _dossier_context(subject, form_key)


def form_pdf(subject: Dossier | ReceptionGuidance, form_key: str) -> bytes:
    """Return the PDF of form ``form_key`` for a dossier or a desk guidance."""
    return render_form(form_context(subject, form_key))


def guidance_form_key(guidance: ReceptionGuidance) -> str:
    """Return the form a guidance is printed on (02 or 03)."""
    return GUIDANCE_FORMS[guidance.kind]


def available_forms(dossier: Dossier) -> list[dict]:
    """Return the rule-set forms that can be printed for ``dossier`` now.

    The receipt once it was received; the supplement guidance and the
    refusal once one was issued. The other forms belong to later steps.
    """
    kinds = {g.kind for g in dossier.guidances.all()}
    ready = set()
    if dossier.received_at is not None:
        ready.add("receipt")
    for kind, key in GUIDANCE_FORMS.items():
        if kind in kinds:
            ready.add(key)
    actions = {e.action for e in dossier.events.all()}
    ready |= {key for key, action in EVENT_FORMS.items() if action in actions}
    return [f for f in dossier.rule_set.forms if f["key"] in ready]


def register_rows_for(agency: Agency, date_from: date, date_to: date):
    """Return the register's lines for dossiers received in the period."""
    rows = []
    for dossier in register_rows(agency, date_from, date_to):
        applicant = _dossier_applicant(dossier)
        rows.append(
            RegisterRow(
                dossier_code=dossier.code,
                procedure_name=dossier.procedure_version.name,
                applicant_name=applicant.get("full_name", ""),
                received_at=dossier.received_at,
                due_at=dossier.due_at,
                applicant_address=applicant.get("address", ""),
                applicant_phone=applicant.get("phone", ""),
                handling_agency=dossier.handling_agency.name,
                dossier_sets=dossier.sets,
                resolved_at=dossier.resolved_at,
                returned_at=dossier.returned_at,
                note=dossier.note,
            )
        )
    return rows


def register_workbook(agency: Agency, date_from: date, date_to: date) -> bytes:
    """Return the register of dossiers (Sổ theo dõi hồ sơ) as an .xlsx file.

    The form number is the one of the rule set in force at the end of the
    period (form 06 before 1/7/2025, form 07 since).
    """
    return register_xlsx(
        register_rows_for(agency, date_from, date_to),
        agency=agency_header(agency),
        date_from=date_from,
        date_to=date_to,
        rule_set_code=rule_set_on(date_to).code,
    )
