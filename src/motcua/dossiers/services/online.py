"""Dossiers submitted online (nộp hồ sơ trực tuyến).

A citizen's submission creates the dossier in status NEW: the legal clock
has not started. The receiving agency has 8 working hours (Decree 45/2020)
to receive it, ask for it to be completed or refuse it; ``reception_due_at``
holds that moment until the desk answers. The papers and files come from
the citizen's draft (``motcua.filing``): uploads already checked and
stored, or files the state already held (reused, with the national flag).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import Agency
from motcua.catalog.models import ChannelOption, ProcedureVersion
from motcua.core.text import search_document
from motcua.deadlines.domain import add_working_minutes
from motcua.deadlines.services import calendar_for, local_aware, local_naive

from ..domain import Action, Reuse, Status, initial_status
from ..models import Dossier, DossierDocument, DossierFile
from .audit import append_event
from .codes import allocate_dossier_code
from .notices import notify_event
from .reception import DeliveryData, implements
from .rule_sets import bound_rule_set
from .validation import (
    ApplicantData,
    Errors,
    SubmitterData,
    check_applicant,
    check_submitter,
    save_applicant,
)

RECEPTION_WINDOW_MINUTES = 8 * 60
"""The desk answers an online dossier within 8 working hours (Decree 45/2020)."""


@dataclass(frozen=True)
class StoredFile:
    """A file already in the default storage: a draft's upload or a reused file."""

    storage_name: str
    original_name: str
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class OnlinePaper:
    """One paper of the submission with its files."""

    required_document_id: int | None
    name: str = ""
    reuse: int = Reuse.NONE
    reused_from: str = ""
    files: tuple[StoredFile, ...] = ()


def reception_deadline(agency: Agency, at: datetime) -> datetime:
    """Return when the desk must have answered a dossier arriving at ``at``."""
    moment = add_working_minutes(
        local_naive(at), RECEPTION_WINDOW_MINUTES, calendar_for(agency)
    )
    return local_aware(moment)


def online_option(version: ProcedureVersion) -> ChannelOption | None:
    """Return the procedure's online channel (time, fees), else its desk one."""
    options = {o.channel: o for o in version.channels.prefetch_related("fees")}
    return options.get("online") or options.get("desk")


def check_online_procedure(errors: Errors, version, agency, day) -> ChannelOption:
    """Check that ``agency`` receives ``version`` online on ``day``."""
    if not ProcedureVersion.objects.in_force(day).filter(pk=version.pk).exists():
        errors.add(
            "procedure_version",
            _("This procedure is not in force on %(day)s.")
            % {"day": day.strftime("%d/%m/%Y")},
        )
    elif version.online_level == "none":
        errors.add("procedure_version", _("This procedure is not provided online."))
    if not agency.is_active or not implements(version, agency):
        errors.add("agency", _("This agency does not receive this procedure."))
    option = online_option(version)
    if option is None:
        errors.add("procedure_version", _("This procedure has no processing time."))
    return option


def _check_papers(errors: Errors, version, papers: list[OnlinePaper]):
    listed = {d.pk: d for d in version.documents.all()}
    given = set()
    for paper in papers:
        if paper.required_document_id is not None:
            if paper.required_document_id not in listed:
                errors.add("documents", _("A paper is not one of this procedure's."))
                continue
            if paper.files:
                given.add(paper.required_document_id)
        elif not paper.name.strip():
            errors.add("documents", _("Every paper needs a name."))
        if paper.reuse not in set(Reuse):
            errors.add("documents", _("A paper has an unknown reuse flag."))
    for document in listed.values():
        unconditional = document.required and not document.condition.strip()
        if unconditional and document.pk not in given:
            errors.add("documents", _("Attach “%(name)s”.") % {"name": document.name})
    return listed


def submit_online(
    *,
    user,
    agency: Agency,
    procedure_version: ProcedureVersion,
    applicant: ApplicantData,
    papers: list[OnlinePaper],
    form_data: dict,
    delivery: DeliveryData,
    citizen_owner=None,
    submitter: SubmitterData | None = None,
    fee_exemption: str = "",
    at: datetime | None = None,
) -> Dossier:
    """Create the dossier a citizen submits online and return it (NEW).

    Raises ``ReceptionRefused`` with messages per field (the keys of
    ``reception``: "agency", "procedure_version", "applicant.<field>",
    "submitter.<field>", "documents", "delivery.<field>"). Nothing is
    written when anything is refused.
    """
    at = at or timezone.now()
    errors = Errors()
    if user is None or not user.is_authenticated:
        errors.add("__all__", _("Sign in to submit a dossier online."))
    option = check_online_procedure(
        errors, procedure_version, agency, local_naive(at).date()
    )
    for key, message in check_applicant(applicant):
        errors.add(f"applicant.{key}", message)
    for key, message in check_submitter(submitter):
        errors.add(f"submitter.{key}", message)
    listed = _check_papers(errors, procedure_version, papers)
    _check_delivery(errors, delivery, applicant, procedure_version)
    errors.raise_if_any()

    with transaction.atomic():
        person = save_applicant(applicant)
        dossier = Dossier(
            code=allocate_dossier_code(agency, local_naive(at).date()),
            procedure_version=procedure_version,
            rule_set=bound_rule_set(local_naive(at).date()),
            receiving_agency=agency,
            handling_agency=agency,
            applicant=person,
            applicant_snapshot=applicant.snapshot(),
            submitted_by=user,
            citizen_owner=citizen_owner,
            form_data=form_data,
            submitter_name=submitter.full_name.strip() if submitter else "",
            submitter_personal_id=submitter.personal_id.strip() if submitter else "",
            submitter_phone=submitter.phone.strip() if submitter else "",
            channel=Dossier.Channel.ONLINE,
            status=initial_status(Action.SUBMIT).value,
            delivery_method=delivery.method,
            delivery_address=delivery.address.strip(),
            submitted_at=at,
            reception_due_at=reception_deadline(agency, at),
            time_amount=option.time_amount,
            time_unit=option.time_unit,
            cutoff_hour=option.cutoff_hour,
            fee_due=sum(fee.amount for fee in option.fees.all()),
            fee_exemption=fee_exemption.strip()[:300],
        )
        dossier.search_text = search_document(
            dossier.code, person.full_name, person.personal_id, person.tax_code
        )
        dossier.save()
        save_papers(dossier, papers, listed, user=user, at=at, round_number=0)
        event = append_event(
            dossier,
            action=Action.SUBMIT,
            from_status="",
            to_status=Status.NEW,
            actor=user,
            at=at,
            payload={
                "channel": Dossier.Channel.ONLINE,
                "reception_due_at": dossier.reception_due_at,
                "papers": len(papers),
                "reused": sum(1 for p in papers if p.reuse != Reuse.NONE),
            },
        )
        dossier.save(update_fields=["audit_head"])
        notify_event(dossier, event)
    return dossier


def save_papers(dossier, papers, listed, *, user, at, round_number: int) -> None:
    """Write the papers (first submission) and their files of one round.

    In a supplement round (``round_number`` > 0) a paper already on the
    dossier keeps its row; the new files are added beside the old ones.
    """
    existing = {
        d.required_document_id: d
        for d in dossier.documents.all()
        if d.required_document_id is not None
    }
    position = dossier.documents.count()
    for paper in papers:
        row = existing.get(paper.required_document_id)
        required = listed.get(paper.required_document_id)
        if row is None:
            row = DossierDocument.objects.create(
                dossier=dossier,
                required_document=required,
                name=(paper.name or (required.name if required else "")).strip(),
                originals=0,
                copies=1 if paper.files else 0,
                received=bool(paper.files),
                position=position,
                reuse=paper.reuse,
                reused_from=paper.reused_from[:80],
            )
            position += 1
        elif paper.files:
            row.received, row.copies = True, max(row.copies, 1)
            if round_number:
                row.reuse, row.reused_from = paper.reuse, paper.reused_from[:80]
            row.save(update_fields=["received", "copies", "reuse", "reused_from"])
        DossierFile.objects.bulk_create(
            DossierFile(
                dossier=dossier,
                document=row,
                file=stored.storage_name,
                original_name=stored.original_name,
                content_type=stored.content_type,
                size=stored.size,
                sha256=stored.sha256,
                uploaded_by=user,
                uploaded_at=at,
                round=round_number,
            )
            for stored in paper.files
        )


def _check_delivery(errors, delivery: DeliveryData, applicant, version) -> None:
    if delivery.method not in Dossier.Delivery.values:
        errors.add("delivery.method", _("Choose how the result is returned."))
    elif delivery.method == "post" and not delivery.address.strip():
        errors.add("delivery.address", _("Give the address to send the result to."))
    elif delivery.method == "electronic" and version.online_level != "full":
        errors.add(
            "delivery.method",
            _("This procedure's result is not given electronically."),
        )
