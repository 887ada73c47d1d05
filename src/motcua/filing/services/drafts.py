"""The citizen's draft, step by step: start, answer, fill, attach, choose.

Every function saves the draft, so a citizen who stops on one phone goes on
from another. A step is completed only when its checks pass; the draft then
records the furthest step reached (``domain.furthest``), and nobody reaches
the review with a step skipped. The web pages and the API call the same
functions, so they refuse the same things with the same messages.

Messages are for the citizen (Vietnamese first); ``DraftRefused.errors``
maps a step or field name to its messages.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from motcua.accounts.models import Agency
from motcua.catalog.models import ProcedureVersion
from motcua.citizens.models import CitizenProfile
from motcua.dossiers.models import Dossier
from motcua.eforms.models import EForm
from motcua.eforms.services import validate

from ..domain import Question, Step, failed_questions, parse_questions
from ..models import Draft
from .draft_papers import (
    DraftRefused,
    Offer,
    attach_reuse,
    attach_upload,
    complete_documents,
    missing_documents,
    reach_step,
    remove_file,
    reuse_offers,
)

# The papers live in draft_papers; callers find every step here.
__all__ = [
    "DraftRefused",
    "Offer",
    "attach_reuse",
    "attach_upload",
    "complete_documents",
    "missing_documents",
    "remove_file",
    "reuse_offers",
]

ONLINE_LEVELS = ("full", "partial")
POPULATION_PURPOSE = "Điền sẵn tờ khai trực tuyến"


# -- who may file ------------------------------------------------------------


def citizen_profile(user) -> CitizenProfile | None:
    """Return the signed-in person's own profile; None for officers and anonymous."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_staff or user.roles.exists():
        return None
    return CitizenProfile.objects.filter(user=user, kind="person").first()


def acting_owner(user, session=None) -> CitizenProfile | None:
    """Return whom the user files for: an organisation they act for, or themself."""
    from motcua.citizens.profiles import acting_profile

    own = citizen_profile(user)
    if own is None:
        return None
    if session is None:
        return own
    return acting_profile(user, session) or own


def drafts_of(user) -> QuerySet[Draft]:
    """Return the user's drafts not yet submitted, the latest saved first."""
    return (
        Draft.objects.filter(user=user, dossier__isnull=True)
        .select_related("procedure_version__procedure", "agency", "owner")
        .order_by("-updated_at")
    )


def draft_of(user, public_id) -> Draft | None:
    """Return the user's own unsubmitted draft ``public_id``, None otherwise."""
    if citizen_profile(user) is None:
        return None
    try:
        return drafts_of(user).get(public_id=public_id)
    except (Draft.DoesNotExist, ValidationError, ValueError, TypeError):
        return None


def submitted_code(user, public_id) -> str:
    """Return the dossier code of the user's draft once submitted, else ""."""
    try:
        draft = Draft.objects.select_related("dossier").get(
            user=user, public_id=public_id, dossier__isnull=False
        )
    except (Draft.DoesNotExist, ValidationError, ValueError, TypeError):
        return ""
    return draft.dossier.code


# -- starting ----------------------------------------------------------------


def online_available(version: ProcedureVersion) -> bool:
    """Tell whether ``version`` is filed online (full or partial, online channel)."""
    return (
        version.online_level in ONLINE_LEVELS
        and version.channels.filter(channel="online").exists()
    )


def receiving_agencies(version: ProcedureVersion) -> list[Agency]:
    """Return the active agencies that implement ``version`` (receive it online)."""
    competent = Q(procedure_versions=version)
    functions = [f.strip() for f in version.agency_functions.split(",") if f.strip()]
    if functions:
        competent |= Q(function__in=functions)
    return list(
        Agency.objects.filter(is_active=True)
        .filter(competent)
        .select_related("unit__parent")
        .distinct()
        .order_by("unit__parent__name", "name")
    )


def eform_for(draft: Draft) -> EForm | None:
    return EForm.objects.filter(version=draft.procedure_version).first()


@transaction.atomic
def start_draft(user, *, owner: CitizenProfile, version: ProcedureVersion) -> Draft:
    """Return the user's unsubmitted draft of ``version`` for ``owner``, or a new one.

    The only agency that receives the procedure is chosen at once.
    """
    if not online_available(version):
        raise DraftRefused({"__all__": [_("This procedure is not provided online.")]})
    draft = (
        Draft.objects.filter(
            user=user, owner=owner, procedure_version=version, dossier__isnull=True
        )
        .order_by("-updated_at")
        .first()
    )
    if draft is not None:
        return draft
    agencies = receiving_agencies(version)
    return Draft.objects.create(
        user=user,
        owner=owner,
        procedure_version=version,
        agency=agencies[0] if len(agencies) == 1 else None,
    )


# -- eligibility and agency -------------------------------------------------


def eligibility_questions(draft: Draft) -> list[Question]:
    eform = eform_for(draft)
    return parse_questions(eform.layout.get("eligibility")) if eform else []


def answer_eligibility(
    draft: Draft, *, agency: Agency | None, answers: Mapping[str, bool | None]
) -> Draft:
    """Store the agency and the answers; complete the step when all are right."""
    errors: dict[str, list[str]] = {}
    questions = eligibility_questions(draft)
    known = {q.key for q in questions}
    draft.eligibility = {k: v for k, v in answers.items() if k in known}
    if agency is not None:
        if agency in receiving_agencies(draft.procedure_version):
            draft.agency = agency
        else:
            errors["agency"] = [_("This agency does not receive this procedure.")]
    if draft.agency_id is None and "agency" not in errors:
        errors["agency"] = [_("Choose the agency to submit the dossier to.")]
    for question in failed_questions(questions, draft.eligibility):
        if draft.eligibility.get(question.key) is None:
            errors[question.key] = [_("Answer this question.")]
        else:
            errors[question.key] = [
                question.explanation
                or _("With this answer the dossier cannot be filed online.")
            ]
    if not errors:
        reach_step(draft, Step.ELIGIBILITY)
    draft.save()
    if errors:
        raise DraftRefused(errors)
    return draft


# -- the e-form --------------------------------------------------------------


def ensure_prefill(draft: Draft, *, user) -> Draft:
    """Fill the form from the population registry once per draft.

    Only for a person filing for themself with a personal ID; the lookup is
    recorded (``registry.PopulationLookup``) with the draft as subject. When
    the registry is unreachable the citizen types the fields in.
    """
    from motcua.eforms.services import prefill_from
    from motcua.integrations.population.adapters import PopulationError
    from motcua.integrations.population.services import lookup
    from motcua.registry.models import PopulationLookup

    owner = draft.owner
    eform = eform_for(draft)
    if eform is None or owner.kind != "person" or not owner.personal_id:
        return draft
    subject = str(draft.public_id)
    if PopulationLookup.objects.filter(subject_ref=subject).exists():
        return draft
    try:
        person = lookup(
            owner.personal_id,
            user=user,
            purpose=POPULATION_PURPOSE,
            subject_ref=subject,
        )
    except PopulationError:
        return draft
    if person is None:
        return draft
    values, _locked = prefill_from(eform, person.as_dict())
    draft.prefilled = values
    draft.form_data = {**values, **draft.form_data}
    draft.save(update_fields=["prefilled", "form_data", "updated_at"])
    return draft


def _with_registry_values(draft: Draft, data: dict, corrected: Collection[str]):
    """Put back the registry's value of every prefilled field not corrected."""
    data = dict(data)
    kept = set()
    for key, value in draft.prefilled.items():
        if key in corrected and key in data and data[key] != value:
            kept.add(key)
        else:
            data[key] = value
    return data, sorted(kept)


def save_form(
    draft: Draft,
    data: Mapping[str, object],
    *,
    corrected: Collection[str] = (),
    complete: bool = True,
) -> dict[str, list[str]]:
    """Store the e-form's values; complete the step when they are valid.

    ``corrected`` names the prefilled fields the citizen changes; any other
    prefilled field keeps the registry's value. Returns the errors by field
    (empty when the step is complete). With ``complete`` false (autosave)
    the values are stored as they are and nothing is checked.
    """
    eform = eform_for(draft)
    if not isinstance(data, Mapping):
        return {"__all__": [_("The form data must be an object.")]}
    known = set(eform.schema.get("properties", {})) if eform else set()
    values = {k: v for k, v in data.items() if k in known}
    values, draft.corrected = _with_registry_values(draft, values, corrected)
    draft.form_data = values
    errors = validate(eform, values) if (complete and eform) else {}
    if complete and not errors:
        reach_step(draft, Step.FORM)
    draft.save()
    return errors


# -- delivery and payment ----------------------------------------------------


def delivery_methods(version: ProcedureVersion) -> list[str]:
    """Return how the result may come: desk, post (if allowed), electronic.

    The catalog marks no result as electronic, so a fully online (toàn trình)
    procedure is the one whose result may be sent electronically.
    """
    methods = [Dossier.Delivery.DESK.value]
    if version.postal:
        methods.append(Dossier.Delivery.POST.value)
    if version.online_level == "full":
        methods.append(Dossier.Delivery.ELECTRONIC.value)
    return methods


def postal_fee() -> int:
    return int(getattr(settings, "MOTCUA_POSTAL_RETURN_FEE", 0))


def save_delivery(draft: Draft, *, method: str, address: str = "") -> Draft:
    """Store how the result is returned; the post needs an address."""
    address = " ".join(str(address or "").split())
    errors: dict[str, list[str]] = {}
    if method not in delivery_methods(draft.procedure_version):
        errors["delivery_method"] = [_("Choose one of the ways offered.")]
    elif method == Dossier.Delivery.POST and len(address) < 10:
        errors["delivery_address"] = [
            _("Give the full address to send the result to (house, street, commune).")
        ]
    if not errors:
        draft.delivery_method = method
        draft.delivery_address = (
            address[:300] if method == Dossier.Delivery.POST else ""
        )
        reach_step(draft, Step.DELIVERY)
    draft.save()
    if errors:
        raise DraftRefused(errors)
    return draft


def save_payment_choice(
    draft: Draft, *, exemption: str = "", pay_at_desk: bool = False
) -> Draft:
    """Store the exemption claimed and whether the fees are paid at the desk."""
    draft.fee_exemption = " ".join(str(exemption or "").split())[:300]
    draft.pay_at_desk = bool(pay_at_desk)
    reach_step(draft, Step.PAYMENT)
    draft.save()
    return draft


def paid_online(draft: Draft) -> int:
    """Return what the draft's online payments have paid, in VND."""
    from motcua.payments.domain import State

    return sum(draft.payments.filter(state=State.PAID).values_list("amount", flat=True))


def delete_draft(draft: Draft) -> None:
    """Delete an unsubmitted draft and its uploads (never a reused file).

    A draft whose fees were paid online is kept: deleting it would leave
    the citizen's money with no dossier; they submit it, or the desk
    refunds the payment.
    """
    if draft.submitted:
        raise DraftRefused({"__all__": [_("A submitted dossier cannot be deleted.")]})
    if paid_online(draft):
        raise DraftRefused(
            {
                "__all__": [
                    _(
                        "Fees were paid online for this draft: submit it, or ask "
                        "the one-stop desk to refund the payment."
                    )
                ]
            }
        )
    for item in draft.files.all():
        if item.file:
            item.file.delete(save=False)
    draft.delete()


def purge_stale_drafts(*, now=None) -> int:
    """Delete drafts untouched for ``MOTCUA_DRAFT_KEEP_DAYS``; return how many.

    Submitted drafts stay (they link the dossier to its draft), and so do
    drafts with an online payment made.
    """
    from datetime import timedelta

    from django.utils import timezone

    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.MOTCUA_DRAFT_KEEP_DAYS)
    stale = Draft.objects.filter(dossier__isnull=True, updated_at__lt=cutoff)
    purged = 0
    for draft in stale.iterator():
        try:
            delete_draft(draft)
        except DraftRefused:
            continue
        purged += 1
    return purged
