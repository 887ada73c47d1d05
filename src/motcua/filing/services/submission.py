"""From a citizen's draft to a dossier.

``submit`` checks the whole draft again (the steps may have been filled
on another device, or the procedure changed since) and hands it to
``dossiers.services.online.submit_online``; ``aftercare`` holds what the
citizen does next (supplement, withdrawal, rating). Every refusal is a
``FilingError`` with Vietnamese messages per step or field; nothing is
written when one is raised.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.citizens.domain import Kind
from motcua.citizens.services import current_representations
from motcua.dossiers.services.online import (
    OnlinePaper,
    StoredFile,
    online_option,
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

from ..domain import Step, failed_questions, fee_to_pay, parse_questions
from ..models import Draft


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
