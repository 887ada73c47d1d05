"""From a citizen's draft to a dossier, and what the citizen does afterwards.

``submit`` checks the whole draft again (the steps may have been filled
on another device, or the procedure changed since) and hands it to
``dossiers.services.online.submit_online``. After submission the citizen
may complete a dossier asked for a supplement (``resubmit``), ask to
withdraw it (``request_withdrawal``) and rate the service (``rate``).
Every refusal is a ``FilingError`` with Vietnamese messages per step or
field; nothing is written when one is raised.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.citizens.domain import Kind
from motcua.citizens.services import current_representations
from motcua.dossiers.domain import Action, Activity, Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.files import FileRefused, validate_upload
from motcua.dossiers.services.lifecycle import (
    ConcurrentChange,
    describe,
    record_activity,
    transition,
)
from motcua.dossiers.services.online import (
    OnlinePaper,
    StoredFile,
    online_option,
    reception_deadline,
    save_papers,
    submit_online,
)
from motcua.dossiers.services.reception import DeliveryData
from motcua.dossiers.services.validation import (
    ApplicantData,
    ReceptionRefused,
    SubmitterData,
)
from motcua.eforms.services import eform_of, validate
from motcua.payments.domain import State as PaymentState
from motcua.payments.models import Payment

from ..domain import Satisfaction, Step, failed_questions, fee_to_pay, parse_questions
from ..models import Draft, Rating, SupplementRound

WITHDRAWABLE = frozenset({Status.RECEIVED, Status.IN_PROGRESS})
"""A citizen may ask to withdraw a received dossier until its result is ready."""
RATEABLE = frozenset({Status.RETURNED})


class FilingError(ValueError):
    """The citizen's request cannot be done; ``errors`` maps steps to messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__(errors)

    @classmethod
    def one(cls, message, key: str = "__all__") -> "FilingError":
        return cls({key: [str(message)]})

    @property
    def messages(self) -> list[str]:
        return [m for ms in self.errors.values() for m in ms]


SubmissionRefused = FilingError
"""The name the wizard uses for a refused submission."""


@dataclass(frozen=True)
class FeeQuote:
    """What the citizen owes for a draft."""

    fees: tuple[tuple[str, int], ...]
    postal_fee: int
    exempt: bool
    total: int
    paid: int

    @property
    def to_pay(self) -> int:
        return max(0, self.total - self.paid)


def fees_to_pay(draft: Draft) -> FeeQuote:
    """Return the fees of the draft's procedure, postage, exemption, paid so far."""
    option = online_option(draft.procedure_version)
    fees = tuple(
        (fee.name, fee.amount) for fee in (option.fees.all() if option else [])
    )
    postal = settings.MOTCUA_POSTAL_RETURN_FEE if draft.delivery_method == "post" else 0
    exempt = bool(draft.fee_exemption.strip())
    paid = (
        Payment.objects.filter(draft=draft, state=PaymentState.PAID).aggregate(
            total=Sum("amount")
        )["total"]
        or 0
    )
    total = fee_to_pay([amount for _name, amount in fees], postal, exempt)
    return FeeQuote(fees=fees, postal_fee=postal, exempt=exempt, total=total, paid=paid)


def may_act_for(user, profile) -> bool:
    """Tell whether ``user`` may file for ``profile`` today."""
    own = getattr(user, "citizen_profile", None)
    if own is None:
        return False
    if profile.pk == own.pk:
        return True
    if profile.kind != Kind.ORGANISATION:
        return False
    return any(
        row.organisation_id == profile.pk and getattr(row, "verified", True)
        for row in current_representations(own)
    )


def _applicant(owner) -> ApplicantData:
    return ApplicantData(
        full_name=owner.full_name,
        kind="organisation" if owner.kind == Kind.ORGANISATION else "person",
        personal_id=owner.personal_id if owner.kind == Kind.PERSON else "",
        date_of_birth=owner.date_of_birth if owner.kind == Kind.PERSON else None,
        tax_code=owner.tax_code if owner.kind == Kind.ORGANISATION else "",
        address=owner.address,
        phone=owner.phone,
        email=owner.email,
    )


def _submitter(user, owner) -> SubmitterData | None:
    own = user.citizen_profile
    if own.pk == owner.pk:
        return None
    return SubmitterData(
        full_name=own.full_name, personal_id=own.personal_id, phone=own.phone
    )


def locked_form_data(draft: Draft) -> dict:
    """Return the draft's form with registry values put back where locked.

    A field filled from the population database stays as the registry
    has it unless the citizen asked to correct it; the browser cannot
    change it by sending another value.
    """
    data = dict(draft.form_data or {})
    corrected = set(draft.corrected or [])
    for key, value in (draft.prefilled or {}).items():
        if key not in corrected:
            data[key] = value
    return data


def _papers(draft: Draft) -> list[OnlinePaper]:
    grouped: dict[int, list] = {}
    for attached in draft.files.select_related("required_document"):
        grouped.setdefault(attached.required_document_id, []).append(attached)
    papers = []
    for document in draft.procedure_version.documents.all():
        attached = grouped.get(document.pk, [])
        if not attached:
            continue
        reused = next((a for a in attached if a.reuse), None)
        papers.append(
            OnlinePaper(
                required_document_id=document.pk,
                name=document.name,
                reuse=reused.reuse if reused else 0,
                reused_from=reused.reused_from if reused else "",
                files=tuple(
                    StoredFile(
                        storage_name=a.storage_name,
                        original_name=a.original_name,
                        content_type=a.content_type,
                        size=a.size,
                        sha256=a.sha256,
                    )
                    for a in attached
                ),
            )
        )
    return papers


def _step_of(key: str) -> str:
    if key.startswith("applicant.") or key.startswith("submitter."):
        return Step.FORM
    if key.startswith("delivery."):
        return Step.DELIVERY
    if key in ("documents", "files"):
        return Step.DOCUMENTS
    return "__all__"


def check_draft(draft: Draft) -> dict[str, list[str]]:
    """Return the problems that stop ``draft`` from being submitted, by step."""
    problems: dict[str, list[str]] = {}

    def add(step, message):
        problems.setdefault(str(step), []).append(str(message))

    eform = eform_of(draft.procedure_version)
    questions = parse_questions((eform.layout if eform else {}).get("eligibility"))
    for question in failed_questions(questions, draft.eligibility or {}):
        add(
            Step.ELIGIBILITY,
            question.explanation
            or _("Answer “%(question)s” to go on.") % {"question": question.text},
        )
    if eform is not None:
        for key, messages in validate(eform, locked_form_data(draft)).items():
            for message in messages:
                add(Step.FORM, message if key == "__all__" else f"{key}: {message}")
    attached = set(draft.files.values_list("required_document_id", flat=True))
    for document in draft.procedure_version.documents.all():
        unconditional = document.required and not document.condition.strip()
        if unconditional and document.pk not in attached:
            add(Step.DOCUMENTS, _("Attach “%(name)s”.") % {"name": document.name})
    if draft.agency is None:
        add("__all__", _("Choose the agency to submit the dossier to."))
    quote = fees_to_pay(draft)
    if quote.to_pay and not draft.pay_at_desk:
        add(
            Step.PAYMENT,
            _("Pay the fees online or choose to pay at the desk before submitting."),
        )
    return problems


def submit(draft: Draft, *, user, at=None):
    """Submit ``draft`` and return the new dossier (status NEW).

    Raises ``FilingError`` keyed by step when anything is missing or wrong;
    the draft is kept as it was.
    """
    at = at or timezone.now()
    with transaction.atomic():
        draft = (
            Draft.objects.select_for_update(of=("self",))
            .select_related("owner", "procedure_version", "agency")
            .get(pk=draft.pk)
        )
        if draft.user_id != getattr(user, "pk", None):
            raise FilingError.one(_("This draft is not yours."))
        if draft.dossier_id is not None:
            raise FilingError.one(
                _("This draft was already submitted as dossier %(code)s.")
                % {"code": draft.dossier.code}
            )
        if not may_act_for(user, draft.owner):
            raise FilingError.one(
                _("You may no longer file for %(name)s.") % {"name": draft.owner}
            )
        problems = check_draft(draft)
        if problems:
            raise FilingError(problems)
        try:
            dossier = submit_online(
                user=user,
                agency=draft.agency,
                procedure_version=draft.procedure_version,
                applicant=_applicant(draft.owner),
                papers=_papers(draft),
                form_data=locked_form_data(draft),
                delivery=DeliveryData(
                    method=draft.delivery_method, address=draft.delivery_address
                ),
                citizen_owner=draft.owner,
                submitter=_submitter(user, draft.owner),
                fee_exemption=draft.fee_exemption,
                at=at,
            )
        except ReceptionRefused as refused:
            mapped: dict[str, list[str]] = {}
            for key, messages in refused.errors.items():
                mapped.setdefault(_step_of(key), []).extend(messages)
            raise FilingError(mapped) from refused
        paid = Payment.objects.filter(draft=draft, state=PaymentState.PAID)
        total = paid.aggregate(total=Sum("amount"))["total"] or 0
        Payment.objects.filter(draft=draft).update(dossier=dossier)
        if total:
            dossier.fee_paid = total
            dossier.save(update_fields=["fee_paid"])
        draft.dossier = dossier
        draft.save(update_fields=["dossier", "updated_at"])
    return dossier


def _check_owner(dossier: Dossier, user) -> None:
    owner = dossier.citizen_owner
    if dossier.submitted_by_id == getattr(user, "pk", None):
        return
    if owner is not None and may_act_for(user, owner):
        return
    raise FilingError.one(_("This dossier is not yours."))


def _store(upload) -> StoredFile:
    try:
        clean = validate_upload(upload)
    except FileRefused as refused:
        raise FilingError.one(str(refused), "files") from refused
    name = default_storage.save(
        f"dossiers/{timezone.now():%Y/%m}/{clean.storage_name}",
        ContentFile(clean.content),
    )
    return StoredFile(
        storage_name=name,
        original_name=clean.name,
        content_type=clean.content_type,
        size=clean.size,
        sha256=clean.sha256,
    )


def resubmit(
    dossier: Dossier,
    *,
    user,
    form_data: dict | None = None,
    files: dict | None = None,
    note: str = "",
    at=None,
) -> SupplementRound:
    """Submit the supplement asked for; keep the earlier form and files.

    ``files`` maps a listed paper's id to uploads. Before reception the
    desk gets 8 working hours again to answer; during processing the
    supplement is received at once and the legal clock resumes.
    """
    at = at or timezone.now()
    _check_owner(dossier, user)
    files = files or {}
    listed = {d.pk: d for d in dossier.procedure_version.documents.all()}
    if any(int(key) not in listed for key in files):
        raise FilingError.one(_("A paper is not one of this procedure's."), "files")
    if form_data is not None:
        eform = eform_of(dossier.procedure_version)
        errors = validate(eform, form_data) if eform else {}
        if errors:
            raise FilingError(
                {"form": [f"{k}: {m}" for k, ms in errors.items() for m in ms]}
            )
    if form_data is None and not any(files.values()) and not note.strip():
        raise FilingError.one(_("Attach the papers asked for or correct the form."))
    stored: list[StoredFile] = []
    try:
        papers = []
        for key, uploads in files.items():
            saved = tuple(_store(upload) for upload in uploads)
            stored.extend(saved)
            if saved:
                papers.append(OnlinePaper(required_document_id=int(key), files=saved))
        with transaction.atomic():
            locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
            if locked.status != Status.AWAITING_SUPPLEMENT:
                raise FilingError.one(
                    _("This dossier is not waiting for a supplement.")
                )
            number = locked.supplement_rounds.count() + 1
            supplement = SupplementRound.objects.create(
                dossier=locked,
                number=number,
                submitted_by=user,
                submitted_at=at,
                previous_form_data=locked.form_data,
                form_data=form_data if form_data is not None else locked.form_data,
                note=note.strip(),
            )
            save_papers(locked, papers, listed, user=user, at=at, round_number=number)
            if form_data is not None:
                locked.form_data = form_data
                locked.save(update_fields=["form_data"])
            payload = {"round": number, "files": len(stored), "online": True}
            if locked.received_at is None:
                locked.reception_due_at = reception_deadline(
                    locked.receiving_agency, at
                )
                locked.save(update_fields=["reception_due_at"])
                record_activity(
                    locked,
                    Activity.RESUBMIT,
                    actor=user,
                    reason=note.strip(),
                    payload=payload,
                    public=True,
                    at=at,
                )
            else:
                _resume(locked, user=user, note=note, payload=payload, at=at)
    except BaseException:
        for item in stored:
            default_storage.delete(item.storage_name)
        raise
    dossier.refresh_from_db()
    return supplement


def _resume(dossier, *, user, note, payload, at) -> None:
    """Receive the supplement of a received dossier: the clock runs again."""
    from motcua.workflow.services.runtime import refresh_dues

    try:
        transition(
            dossier,
            Action.RECEIVE_SUPPLEMENT,
            actor=user,
            reason=note.strip(),
            payload=payload,
            at=at,
        )
    except ConcurrentChange as changed:
        raise FilingError.one(describe(changed)) from changed
    refresh_dues(dossier)


def request_withdrawal(dossier: Dossier, *, user, reason: str) -> Dossier:
    """Ask the agency to stop a received dossier (status 7).

    Only before its result is ready; the agency accepts (the dossier
    stops) or refuses (processing goes on).
    """
    _check_owner(dossier, user)
    if not reason.strip():
        raise FilingError.one(_("Say why you withdraw the dossier."), "reason")
    if dossier.status not in WITHDRAWABLE:
        raise FilingError.one(
            _("A dossier can be withdrawn only after reception and before its result.")
        )
    try:
        return transition(
            dossier,
            Action.REQUEST_WITHDRAWAL,
            actor=user,
            reason=reason.strip()[:1000],
        )
    except ConcurrentChange as changed:
        raise FilingError.one(describe(changed)) from changed


def rate(
    dossier: Dossier, *, user, overall, convenience, staff, comment: str = "", at=None
) -> Rating:
    """Record the applicant's satisfaction once the result is returned."""
    at = at or timezone.now()
    _check_owner(dossier, user)
    errors: dict[str, list[str]] = {}
    answers = {"overall": overall, "convenience": convenience, "staff": staff}
    for key, value in answers.items():
        if value not in set(Satisfaction):
            errors.setdefault(key, []).append(_("Choose one of the answers."))
    if len(comment) > 2000:
        errors.setdefault("comment", []).append(
            _("Keep the comment under 2,000 characters.")
        )
    if errors:
        raise FilingError(errors)
    if dossier.status not in RATEABLE:
        raise FilingError.one(
            _("You can rate the service once the result is returned.")
        )
    try:
        with transaction.atomic():
            locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
            rating = Rating.objects.create(
                dossier=locked,
                user=user,
                comment=comment.strip(),
                rated_at=at,
                **answers,
            )
            record_activity(
                locked,
                Activity.RATE,
                actor=user,
                payload=answers,
                public=True,
                at=at,
            )
    except IntegrityError as twice:
        raise FilingError.one(_("This dossier was already rated.")) from twice
    return rating
