"""Outcomes of the desk that receive nothing: forms 02 (supplement) and 03 (refusal).

At the desk nothing is received, so no dossier exists: the guidance is
kept with a number so the form can be reprinted. For an online dossier
waiting at the desk the same decision moves the dossier through
``transition()`` and the guidance is linked to it.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.domain import Role
from motcua.accounts.models import Agency, RoleAssignment
from motcua.catalog.models import ProcedureVersion
from motcua.deadlines.services import local_naive

from ..domain import Action
from ..models import Dossier, ReceptionGuidance
from .codes import allocate_guidance_number
from .lifecycle import transition
from .rule_sets import bound_rule_set
from .validation import ApplicantData, Errors, check_applicant, check_officer

Kind = ReceptionGuidance.Kind


def _missing_names(errors: Errors, version: ProcedureVersion, missing) -> list[str]:
    """Return the names of the missing papers (ids of the procedure's, or text)."""
    listed = {d.pk: d.name for d in version.documents.all()}
    names = []
    for item in missing:
        if isinstance(item, int):
            if item not in listed:
                errors.add("missing", _("A paper is not one of this procedure's."))
                continue
            names.append(listed[item])
        elif str(item).strip():
            names.append(str(item).strip())
    if not names:
        errors.add("missing", _("List the papers the applicant must add."))
    return names


def _issue(
    *, kind, officer, agency, version, applicant, issued_at, dossier=None, **text
):
    day = local_naive(issued_at).date()
    return ReceptionGuidance.objects.create(
        number=allocate_guidance_number(agency, day),
        kind=kind,
        agency=agency,
        procedure_version=version,
        rule_set=dossier.rule_set if dossier else bound_rule_set(day),
        dossier=dossier,
        applicant=applicant.snapshot() if applicant else {},
        issued_by=officer,
        issued_at=issued_at,
        **text,
    )


def issue_supplement_guidance(
    *,
    officer,
    agency: Agency,
    procedure_version: ProcedureVersion,
    applicant: ApplicantData,
    missing: list,
    note: str = "",
    issued_at: datetime | None = None,
) -> ReceptionGuidance:
    """Issue form 02 for an incomplete dossier at the desk; nothing is received."""
    errors = Errors()
    check_officer(errors, officer, agency, Role.DESK_OFFICER)
    for key, message in check_applicant(applicant, strict=False):
        errors.add(f"applicant.{key}", message)
    names = _missing_names(errors, procedure_version, missing)
    errors.raise_if_any()
    with transaction.atomic():
        return _issue(
            kind=Kind.SUPPLEMENT,
            officer=officer,
            agency=agency,
            version=procedure_version,
            applicant=applicant,
            issued_at=issued_at or timezone.now(),
            missing=names,
            note=note.strip(),
        )


def refuse_reception(
    *,
    officer,
    agency: Agency,
    procedure_version: ProcedureVersion,
    applicant: ApplicantData,
    reasons: str,
    issued_at: datetime | None = None,
) -> ReceptionGuidance:
    """Issue form 03 refusing a dossier at the desk, with the reasons."""
    errors = Errors()
    check_officer(errors, officer, agency, Role.DESK_OFFICER)
    for key, message in check_applicant(applicant, strict=False):
        errors.add(f"applicant.{key}", message)
    if not reasons.strip():
        errors.add("reasons", _("Give the reasons for the refusal."))
    errors.raise_if_any()
    with transaction.atomic():
        return _issue(
            kind=Kind.REFUSAL,
            officer=officer,
            agency=agency,
            version=procedure_version,
            applicant=applicant,
            issued_at=issued_at or timezone.now(),
            reasons=reasons.strip(),
        )


def _check_staff(errors: Errors, officer, dossier: Dossier) -> None:
    agencies = {dossier.receiving_agency_id, dossier.handling_agency_id}
    if not RoleAssignment.objects.filter(user=officer, agency__in=agencies).exists():
        errors.add("agency", _("You have no role in this dossier's agencies."))


def request_supplement(
    dossier: Dossier, *, officer, missing: list, note: str = ""
) -> Dossier:
    """Ask for a supplement (form 02) and move the dossier to AWAITING_SUPPLEMENT.

    At reception of an online dossier (NEW) the clock has not started; in
    processing it stops until the supplement is received.
    """
    errors = Errors()
    _check_staff(errors, officer, dossier)
    names = _missing_names(errors, dossier.procedure_version, missing)
    errors.raise_if_any()
    at = timezone.now()
    with transaction.atomic():
        transition(
            dossier,
            Action.REQUEST_SUPPLEMENT,
            actor=officer,
            reason=note.strip(),
            payload={"missing": names},
            at=at,
        )
        _issue(
            kind=Kind.SUPPLEMENT,
            officer=officer,
            agency=dossier.receiving_agency,
            version=dossier.procedure_version,
            applicant=None,
            issued_at=at,
            dossier=dossier,
            missing=names,
            note=note.strip(),
        )
    return dossier


def refuse_dossier(dossier: Dossier, *, officer, reasons: str) -> Dossier:
    """Refuse an online dossier at reception (form 03): NOT_ACCEPTED."""
    errors = Errors()
    _check_staff(errors, officer, dossier)
    if not reasons.strip():
        errors.add("reasons", _("Give the reasons for the refusal."))
    errors.raise_if_any()
    at = timezone.now()
    with transaction.atomic():
        transition(dossier, Action.REFUSE, actor=officer, reason=reasons.strip(), at=at)
        _issue(
            kind=Kind.REFUSAL,
            officer=officer,
            agency=dossier.receiving_agency,
            version=dossier.procedure_version,
            applicant=None,
            issued_at=at,
            dossier=dossier,
            reasons=reasons.strip(),
        )
    return dossier
