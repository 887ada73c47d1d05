"""Reception at the one-stop desk (tiếp nhận hồ sơ).

Three outcomes, as Decree 61/2018 art. 19 and Decree 118/2025 set them:
the dossier is complete and valid, so it is received, numbered and given an
appointment (form 01); it is incomplete, so the applicant gets a guidance
listing exactly the missing papers and nothing is received (form 02); or it
is not eligible, so reception is refused with reasons (form 03). Online
dossiers waiting at the desk (status NEW) take the same decisions through
``transition()``.

Bad input raises ``ReceptionRefused`` with messages per field; the keys are
"agency", "procedure_version", "channel", "received_at", "applicant.<field>",
"submitter.<field>", "documents", "files" and "delivery.<field>".
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.domain import Role
from motcua.accounts.models import Agency
from motcua.catalog.models import ProcedureVersion
from motcua.core.text import search_document
from motcua.deadlines.services import local_naive

from ..domain import Action, Status, initial_status
from ..models import Dossier, DossierDocument, DossierFile
from .audit import append_event
from .clock import compute_due_at
from .codes import allocate_dossier_code
from .files import CleanFile, FileRefused, validate_upload
from .guidance import (
    issue_supplement_guidance,
    refuse_dossier,
    refuse_reception,
    request_supplement,
)
from .notices import notify_event
from .rule_sets import bound_rule_set
from .validation import (
    ApplicantData,
    Errors,
    ReceptionRefused,
    SubmitterData,
    check_applicant,
    check_officer,
    check_submitter,
    save_applicant,
)

CHANNEL_NUMBERS = {"desk": Dossier.Channel.DESK, "postal": Dossier.Channel.POSTAL}

__all__ = [
    "ApplicantData",
    "DeliveryData",
    "DocumentReceipt",
    "FileUpload",
    "ReceptionRefused",
    "SubmitterData",
    "issue_supplement_guidance",
    "receive_dossier",
    "refuse_dossier",
    "refuse_reception",
    "request_supplement",
]


@dataclass(frozen=True)
class DocumentReceipt:
    """A paper ticked at the desk: one of the procedure's, or another."""

    required_document_id: int | None = None
    name: str = ""  # taken from the procedure when empty
    originals: int = 0
    copies: int = 0
    received: bool = True
    note: str = ""


@dataclass(frozen=True)
class DeliveryData:
    method: str = "desk"  # "desk" | "post" | "electronic"
    address: str = ""


@dataclass(frozen=True)
class FileUpload:
    """A file with the index (in ``documents``) of the paper it digitises."""

    file: object
    document_index: int | None = None


def receive_dossier(
    *,
    officer,
    agency: Agency,
    procedure_version: ProcedureVersion,
    applicant: ApplicantData,
    documents: list[DocumentReceipt],
    channel_code: str = "desk",
    submitter: SubmitterData | None = None,
    files: list = (),
    delivery: DeliveryData = DeliveryData(),
    received_at: datetime | None = None,
    handling_agency: Agency | None = None,
    sets: int = 1,
    fee_paid: int = 0,
    note: str = "",
) -> Dossier:
    """Receive a complete, valid dossier at the desk and return it (RECEIVED).

    The handling agency defaults to the receiving one; a service centre
    receiving for another agency names it. The due time is computed with
    the handling agency's calendar and the procedure's time for the
    channel; the rule set in force on the day of reception is bound.
    """
    received_at = received_at or timezone.now()
    handling_agency = handling_agency or agency
    errors = Errors()
    check_officer(errors, officer, agency, Role.DESK_OFFICER)
    option = _check_procedure(
        errors, procedure_version, agency, handling_agency, channel_code, received_at
    )
    for key, message in check_applicant(applicant):
        errors.add(f"applicant.{key}", message)
    for key, message in check_submitter(submitter):
        errors.add(f"submitter.{key}", message)
    rows = _check_documents(errors, procedure_version, documents)
    _check_delivery(errors, delivery, applicant)
    uploads = _check_files(errors, files, len(documents))
    if sets < 1:
        errors.add("sets", _("At least one set of the dossier is received."))
    errors.raise_if_any()

    stored: list[DossierFile] = []
    try:
        with transaction.atomic():
            dossier = _create(
                officer=officer,
                agency=agency,
                handling_agency=handling_agency,
                version=procedure_version,
                option=option,
                channel=CHANNEL_NUMBERS[channel_code],
                applicant=applicant,
                submitter=submitter,
                delivery=delivery,
                received_at=received_at,
                sets=sets,
                fee_paid=fee_paid,
                note=note,
            )
            saved_rows = _save_documents(dossier, rows)
            for clean, index in uploads:
                document = saved_rows[index] if index is not None else None
                stored.append(
                    _save_file(dossier, document, clean, officer, received_at)
                )
    except BaseException:
        for dossier_file in stored:
            dossier_file.file.delete(save=False)
        raise
    return dossier


def _create(*, officer, agency, handling_agency, version, option, channel, **data):
    received_at = data["received_at"]
    person = save_applicant(data["applicant"])
    submitter = data["submitter"]
    dossier = Dossier(
        code=allocate_dossier_code(agency, local_naive(received_at).date()),
        procedure_version=version,
        rule_set=bound_rule_set(local_naive(received_at).date()),
        receiving_agency=agency,
        handling_agency=handling_agency,
        applicant=person,
        applicant_snapshot=data["applicant"].snapshot(),
        submitter_name=submitter.full_name if submitter else "",
        submitter_personal_id=submitter.personal_id if submitter else "",
        submitter_phone=submitter.phone if submitter else "",
        channel=channel,
        status=initial_status(Action.RECEIVE).value,
        delivery_method=data["delivery"].method,
        delivery_address=data["delivery"].address.strip(),
        sets=data["sets"],
        note=data["note"],
        submitted_at=received_at,
        received_at=received_at,
        time_amount=option.time_amount,
        time_unit=option.time_unit,
        cutoff_hour=option.cutoff_hour,
        fee_due=sum(fee.amount for fee in option.fees.all()),
        fee_paid=data["fee_paid"],
        received_by=officer,
    )
    dossier.search_text = search_document(
        dossier.code, person.full_name, person.personal_id, person.tax_code
    )
    dossier.save()
    dossier.due_at = compute_due_at(dossier)
    event = append_event(
        dossier,
        action=Action.RECEIVE,
        from_status="",
        to_status=Status.RECEIVED,
        actor=officer,
        at=received_at,
        payload={"due_at": dossier.due_at, "channel": channel},
    )
    dossier.save(update_fields=["due_at", "audit_head"])
    notify_event(dossier, event)
    return dossier


def implements(version: ProcedureVersion, agency: Agency) -> bool:
    """Tell whether ``agency`` implements the procedure version."""
    functions = [f for f in version.agency_functions.split(",") if f]
    return (
        agency.function in functions or version.agencies.filter(pk=agency.pk).exists()
    )


def _check_procedure(errors, version, agency, handling, channel_code, received_at):
    """Check that the procedure can be received here; return its channel option.

    A public administration service centre receives for the agencies that
    decide; any other agency receives only what it implements itself.
    """
    if timezone.is_naive(received_at):
        errors.add("received_at", _("The time of reception has no time zone."))
        return None
    day = local_naive(received_at).date()
    if not ProcedureVersion.objects.in_force(day).filter(pk=version.pk).exists():
        errors.add(
            "procedure_version",
            _("This procedure is not in force on %(day)s.")
            % {"day": day.strftime("%d/%m/%Y")},
        )
        return None
    if not implements(version, handling) or (
        handling != agency
        and agency.kind != "service_centre"
        and not version.boundary_free  # phi địa giới: routed by motcua.workflow
    ):
        errors.add(
            "procedure_version",
            _("This agency does not handle this procedure."),
        )
    if channel_code not in CHANNEL_NUMBERS:
        errors.add("channel", _("Choose reception at the desk or by post."))
        return None
    if channel_code == "postal" and not version.postal:
        errors.add("channel", _("This procedure is not received by post."))
    options = {o.channel: o for o in version.channels.prefetch_related("fees")}
    option = options.get(channel_code) or options.get("desk")
    if option is None:
        errors.add("procedure_version", _("This procedure has no processing time."))
    return option


def _check_documents(errors, version, documents) -> list[DocumentReceipt]:
    """Check the ticked papers against the procedure's list.

    Papers required under a condition ("if the applicant is authorised…")
    are left to the officer's judgement; unconditional required papers must
    be received.
    """
    listed = {d.pk: d for d in version.documents.all()}
    rows = []
    for receipt in documents:
        if receipt.required_document_id is not None:
            paper = listed.get(receipt.required_document_id)
            if paper is None:
                errors.add("documents", _("A paper is not one of this procedure's."))
                continue
            receipt = DocumentReceipt(
                required_document_id=paper.pk,
                name=receipt.name or paper.name,
                originals=receipt.originals,
                copies=receipt.copies,
                received=receipt.received,
                note=receipt.note,
            )
        if not receipt.name.strip():
            errors.add("documents", _("Every paper needs a name."))
        if receipt.received and receipt.originals + receipt.copies < 1:
            errors.add(
                "documents",
                _("Give the number of originals or copies of “%(name)s”.")
                % {"name": receipt.name},
            )
        rows.append(receipt)
    ticked = {r.required_document_id for r in rows if r.received}
    for paper in listed.values():
        if paper.required and not paper.condition.strip() and paper.pk not in ticked:
            errors.add(
                "documents",
                _("The required paper “%(name)s” was not received.")
                % {"name": paper.name},
            )
    return rows


def _check_delivery(errors, delivery: DeliveryData, applicant: ApplicantData):
    if delivery.method not in Dossier.Delivery.values:
        errors.add("delivery.method", _("Choose how the result is returned."))
    elif delivery.method == "post" and not delivery.address.strip():
        errors.add("delivery.address", _("Give the address to send the result to."))
    elif delivery.method == "electronic" and not applicant.email.strip():
        errors.add(
            "delivery.method",
            _("An electronic result needs the applicant's e-mail address."),
        )


def _check_files(errors, files, document_count) -> list[tuple[CleanFile, int | None]]:
    checked = []
    for item in files:
        upload = item if isinstance(item, FileUpload) else FileUpload(item)
        index = upload.document_index
        if index is not None and not 0 <= index < document_count:
            errors.add("files", _("A file is attached to an unknown paper."))
            continue
        try:
            checked.append((validate_upload(upload.file), index))
        except FileRefused as refused:
            errors.add("files", str(refused))
    return checked


def _save_documents(dossier, rows: list[DocumentReceipt]) -> list[DossierDocument]:
    return DossierDocument.objects.bulk_create(
        DossierDocument(
            dossier=dossier,
            required_document_id=row.required_document_id,
            name=row.name.strip(),
            originals=row.originals,
            copies=row.copies,
            received=row.received,
            note=row.note,
            position=position,
        )
        for position, row in enumerate(rows)
    )


def _save_file(dossier, document, clean: CleanFile, officer, at) -> DossierFile:
    dossier_file = DossierFile(
        dossier=dossier,
        document=document,
        original_name=clean.name,
        content_type=clean.content_type,
        size=clean.size,
        sha256=clean.sha256,
        uploaded_by=officer,
        uploaded_at=at,
    )
    dossier_file.file.save(clean.storage_name, ContentFile(clean.content), save=False)
    dossier_file.save()
    return dossier_file
