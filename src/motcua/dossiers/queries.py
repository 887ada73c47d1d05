"""Reads of dossiers shaped for the desk, the API, the register and the public."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet

from motcua.accounts.domain import Role
from motcua.accounts.models import Agency, RoleAssignment
from motcua.deadlines.domain import is_late
from motcua.deadlines.services import local_aware

from .domain import (
    ENDED_WITHOUT_RESULT,
    NATIONAL_CODE,
    Status,
    mask_name,
    parse_dossier_code,
)
from .labels import EVENT_LABELS, STATUS_LABELS
from .models import Applicant, Dossier, DossierEvent, ReceptionGuidance, RuleSet


def rule_set_on(day: date) -> RuleSet | None:
    """Return the rule set in force on ``day`` (the one a dossier is bound to).

    A day before the first rule set gets the earliest one; None only when
    the table is empty.
    """
    return (
        RuleSet.objects.filter(effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=day))
        .order_by("-effective_from")
        .first()
    ) or RuleSet.objects.order_by("effective_from").first()


def officer_agencies(user, role: Role | str | None = None) -> QuerySet[Agency]:
    """Return the active agencies where ``user`` holds ``role`` (any role if None)."""
    if user is None or not user.is_authenticated:
        return Agency.objects.none()
    assignments = RoleAssignment.objects.filter(user=user)
    if role is not None:
        assignments = assignments.filter(role=role)
    return Agency.objects.filter(
        pk__in=assignments.values("agency_id"), is_active=True
    ).order_by("code")


def staff_dossiers(user) -> QuerySet[Dossier]:
    """Dossiers received or handled by an agency where ``user`` has a role."""
    agencies = RoleAssignment.objects.filter(user=user).values("agency_id")
    return Dossier.objects.filter(
        Q(receiving_agency__in=agencies) | Q(handling_agency__in=agencies)
    )


def dossier_for_staff(code: str, user) -> Dossier | None:
    """Return dossier ``code`` if ``user`` has a role in one of its agencies.

    None both when the code is unknown and when the dossier belongs to
    another agency, so the interfaces answer 404 and leak nothing. An agency
    that handles a part of it (liên thông) is added by
    ``workflow.queries.dossier_for_staff``, which the interfaces call.
    """
    if user is None or not user.is_authenticated:
        return None
    return dossier_detail(staff_dossiers(user), code)


def dossier_detail(dossiers: QuerySet[Dossier], code: str) -> Dossier | None:
    """Return dossier ``code`` from ``dossiers`` with what its page shows."""
    parsed = parse_dossier_code(code or "")
    if parsed is None:
        return None
    return (
        dossiers.filter(code=str(parsed))
        .select_related(
            "procedure_version__procedure",
            "procedure_version__field",
            "rule_set",
            "receiving_agency",
            "handling_agency",
            "applicant",
            "received_by",
        )
        .prefetch_related("documents", "files", "pauses", "events", "guidances")
        .first()
    )


def find_applicant(identifier: str) -> Applicant | None:
    """Return the applicant with this personal ID number or tax code."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    return Applicant.objects.filter(
        Q(personal_id=identifier) | Q(tax_code=identifier)
    ).first()


def guidance(number: str, user) -> ReceptionGuidance | None:
    """Return a guidance (form 02/03) issued by an agency of ``user``."""
    return (
        ReceptionGuidance.objects.filter(
            number=number, agency__in=officer_agencies(user)
        )
        .select_related("agency", "procedure_version", "rule_set", "issued_by")
        .first()
    )


@dataclass(frozen=True)
class TimelineStep:
    at: datetime
    label: str


@dataclass(frozen=True)
class TrackingView:
    """What anyone holding a dossier code may see: nothing personal but a mask."""

    code: str
    status: str
    status_label: str
    national_code: int
    procedure_code: str
    procedure_name: str
    applicant_masked: str
    received_at: datetime | None
    due_at: datetime | None
    resolved_at: datetime | None
    agency_code: str
    agency_name: str
    timeline: tuple[TimelineStep, ...]

    def late(self, at: datetime) -> bool | None:
        """Tell whether the dossier is (or was resolved) past its due time.

        None when the question does not apply: no due time (paused, or not
        received) or processing ended without a result.
        """
        if self.due_at is None or Status(self.status) in ENDED_WITHOUT_RESULT:
            return None
        return is_late(self.due_at, self.resolved_at or at)


def public_tracking(code: str) -> TrackingView | None:
    """Return the public view of dossier ``code``, or None if there is none."""
    parsed = parse_dossier_code(code or "")
    if parsed is None:
        return None
    # The busiest public read: plain values of the few columns shown, no
    # model instances, no ordering (the code is unique) — compiling and
    # loading the full select_related rows cost more than the lookup itself.
    row = (
        Dossier.objects.filter(code=str(parsed))
        .order_by()
        .values(
            "pk",
            "code",
            "status",
            "received_at",
            "due_at",
            "resolved_at",
            "procedure_version__name",
            "procedure_version__procedure__code",
            "handling_agency__code",
            "handling_agency__name",
            "applicant__full_name",
            "applicant__kind",
        )[:1]
    )
    found = list(row)
    if not found:
        return None
    dossier = found[0]
    steps = (
        DossierEvent.objects.filter(dossier_id=dossier["pk"], public=True)
        .order_by("sequence")
        .values_list("at", "action")
    )
    status = Status(dossier["status"])
    return TrackingView(
        code=dossier["code"],
        status=status.value,
        status_label=str(STATUS_LABELS[status]),
        national_code=NATIONAL_CODE[status],
        procedure_code=dossier["procedure_version__procedure__code"],
        procedure_name=dossier["procedure_version__name"],
        applicant_masked=mask_name(
            dossier["applicant__full_name"],
            organisation=dossier["applicant__kind"] == Applicant.Kind.ORGANISATION,
        ),
        received_at=dossier["received_at"],
        due_at=dossier["due_at"],
        resolved_at=dossier["resolved_at"],
        agency_code=dossier["handling_agency__code"],
        agency_name=dossier["handling_agency__name"],
        timeline=tuple(
            TimelineStep(at, str(EVENT_LABELS.get(action, action)))
            for at, action in steps
        ),
    )


def register_rows(agency: Agency, date_from: date, date_to: date) -> QuerySet[Dossier]:
    """Dossiers received by ``agency`` between two dates, for the register.

    The register (Sổ theo dõi hồ sơ) lists every dossier received in the
    period, inclusive, in the order of reception, with what its columns
    need: procedure, applicant, documents, dates and status.
    """
    start = local_aware(datetime.combine(date_from, time.min))
    end = local_aware(datetime.combine(date_to + timedelta(days=1), time.min))
    return (
        Dossier.objects.filter(
            receiving_agency=agency, received_at__gte=start, received_at__lt=end
        )
        .select_related(
            "procedure_version__procedure",
            "handling_agency",
            "applicant",
            "received_by",
            "rule_set",
        )
        .prefetch_related("documents")
        .order_by("received_at", "code")
    )
