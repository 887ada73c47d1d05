"""Reads of the workflow for the inbox, the dossier page and the API."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Case, Count, Exists, F, Q, QuerySet, Value, When
from django.utils import timezone

from motcua.accounts.domain import Role
from motcua.accounts.models import RoleAssignment
from motcua.core.text import search_terms
from motcua.deadlines.domain import working_minutes_between
from motcua.deadlines.services import calendar_for, local_aware, local_naive
from motcua.dossiers import queries as dossiers_queries
from motcua.dossiers.models import Dossier

from .domain import ORDER, TaskState, Urgency, thresholds
from .models import DossierLeg, DossierTask


def _bounds(agency, at: datetime, calendar=None) -> tuple[datetime, datetime]:
    """Return (end of today, end of “soon”) as aware moments for ``agency``.

    ``calendar`` is the agency's working calendar if the caller already
    loaded it (``calendar_for`` costs four queries; a page asks twice).
    """
    calendar = calendar if calendar is not None else calendar_for(agency)
    today, soon = thresholds(local_naive(at), calendar)
    return local_aware(today), local_aware(soon)


def _urgency_case(at, today, soon) -> Case:
    return Case(
        When(due_at__isnull=True, then=Value(Urgency.NONE.value)),
        When(due_at__lt=at, then=Value(Urgency.LATE.value)),
        When(due_at__lt=today, then=Value(Urgency.DUE_TODAY.value)),
        When(due_at__lte=soon, then=Value(Urgency.DUE_SOON.value)),
        default=Value(Urgency.LATER.value),
    )


def _urgency_filter(urgency, at, today, soon) -> Q:
    return {
        Urgency.LATE: Q(due_at__lt=at),
        Urgency.DUE_TODAY: Q(due_at__gte=at, due_at__lt=today),
        Urgency.DUE_SOON: Q(due_at__gte=today, due_at__lte=soon),
        Urgency.LATER: Q(due_at__gt=soon),
        Urgency.NONE: Q(due_at__isnull=True),
    }[Urgency(urgency)]


def _day_start(day: date | str) -> datetime:
    if isinstance(day, str):
        day = date.fromisoformat(day)
    return local_aware(datetime.combine(day, time(0)))


def waiting_for(user, agency) -> QuerySet[DossierTask]:
    """Open tasks at ``agency`` for ``user``: theirs, their roles', and a leader's.

    Tasks assigned to the user, unassigned tasks of a role they hold there;
    a leader also sees every unassigned task of the agency (to assign it).
    Written with subqueries so that it is one statement.
    """
    roles = RoleAssignment.objects.filter(user=user, agency=agency).values("role")
    is_leader = RoleAssignment.objects.filter(
        user=user, agency=agency, role=Role.LEADER.value
    )
    return (
        DossierTask.objects.filter(state=TaskState.OPEN.value, agency=agency)
        .alias(leader=Exists(is_leader))
        .filter(
            Q(assignee=user)
            | Q(assignee__isnull=True, role__in=roles)
            | Q(assignee__isnull=True, leader=True)
        )
    )


def _filtered(
    user,
    agency,
    *,
    q="",
    procedure=None,
    status=None,
    received_from=None,
    received_to=None,
) -> QuerySet[DossierTask]:
    # The task's own copies of its dossier's search text, procedure and
    # reception time (set when it is opened): the inbox index covers them,
    # so filtering and counting read no dossier row. The status changes, so
    # it is read from the dossier.
    tasks = waiting_for(user, agency)
    for term in search_terms(q or ""):
        tasks = tasks.filter(search_text__contains=" " + term)
    if procedure:
        tasks = tasks.filter(procedure_version=procedure)
    if status:
        tasks = tasks.filter(dossier__status=status)
    if received_from:
        tasks = tasks.filter(received_at__gte=_day_start(received_from))
    if received_to:
        end = _day_start(received_to) + timedelta(days=1)
        tasks = tasks.filter(received_at__lt=end)
    return tasks


def inbox(
    user,
    agency,
    *,
    at: datetime | None = None,
    q: str = "",
    procedure=None,
    status: str | None = None,
    received_from=None,
    received_to=None,
    urgency: str | None = None,
    calendar=None,
) -> QuerySet[DossierTask]:
    """Return the officer's inbox: open tasks waiting for ``user`` at ``agency``.

    Ordered late → due today → due within 2 working days → the rest → no
    due time (paused), then by due time. Each row carries ``urgency`` (an
    ``Urgency`` value) and its dossier, procedure, applicant, step and
    assignee, so a page is one query. ``q`` matches the dossier code, the
    applicant's name or ID number, ignoring case and diacritics.
    """
    at = at or timezone.now()
    today, soon = _bounds(agency, at, calendar)
    tasks = _filtered(
        user,
        agency,
        q=q,
        procedure=procedure,
        status=status,
        received_from=received_from,
        received_to=received_to,
    )
    if urgency:
        tasks = tasks.filter(_urgency_filter(urgency, at, today, soon))
    # The urgency buckets follow the due time, so ordering by due time (paused
    # last) is ordering by urgency, and an index on due_at can serve it.
    return (
        tasks.annotate(urgency=_urgency_case(at, today, soon))
        .select_related(
            "dossier",
            "dossier__procedure_version",
            "dossier__applicant",
            "step",
            "assignee",
        )
        .order_by(F("due_at").asc(nulls_last=True), "pk")
    )


def inbox_counts(
    user, agency, *, at=None, urgency=None, calendar=None, **filters
) -> dict[str, int]:
    """Count the inbox's tasks per urgency (one query), under the other filters."""
    at = at or timezone.now()
    today, soon = _bounds(agency, at, calendar)
    counts = _filtered(user, agency, **filters).aggregate(
        **{
            u.value: Count("pk", filter=_urgency_filter(u, at, today, soon))
            for u in ORDER
        }
    )
    return {key: value or 0 for key, value in counts.items()}


def open_task(dossier: Dossier) -> DossierTask | None:
    """Return the dossier's open task (there is at most one), or None."""
    return (
        DossierTask.objects.filter(dossier=dossier, state=TaskState.OPEN.value)
        .select_related("step", "leg", "leg__agency", "agency", "assignee", "given_by")
        .first()
    )


@dataclass(frozen=True)
class LegProgress:
    """One agency's part: its leg, the working time used against its budget."""

    leg: DossierLeg
    used_minutes: int
    budget_minutes: int

    @property
    def over(self) -> bool:
        return self.used_minutes > self.budget_minutes

    @property
    def agency(self):
        return self.leg.agency


@dataclass(frozen=True)
class Progress:
    legs: list[LegProgress]
    tasks: list[DossierTask]


def progress(dossier: Dossier, *, at: datetime | None = None) -> Progress:
    """Return the dossier's legs (time used vs budget) and every task in order.

    A finished leg reports the working time recorded when it closed; an open
    one the working time so far, less the time the clock stood still.
    """
    at = at or timezone.now()
    legs = list(
        DossierLeg.objects.filter(dossier=dossier)
        .select_related("agency", "process", "parent")
        .order_by("sequence")
    )
    open_legs = [leg for leg in legs if leg.used_minutes is None]
    pauses = list(dossier.pauses.all()) if open_legs else []
    rows = []
    for leg in legs:
        if leg.used_minutes is not None:
            used = leg.used_minutes
        else:
            calendar = calendar_for(leg.agency)
            used = working_minutes_between(
                local_naive(leg.started_at), local_naive(at), calendar
            )
            for pause in pauses:
                start = max(pause.started_at, leg.started_at)
                end = pause.ended_at or at
                used -= working_minutes_between(
                    local_naive(start), local_naive(end), calendar
                )
        rows.append(LegProgress(leg, max(0, used), leg.budget_minutes))
    tasks = list(
        DossierTask.objects.filter(dossier=dossier)
        .select_related("step", "agency", "assignee", "finished_by", "given_by", "leg")
        .order_by("arrived_at", "pk")
    )
    return Progress(rows, tasks)


def dossier_for_staff(code: str, user) -> Dossier | None:
    """Return dossier ``code`` if ``user`` works at one of its agencies.

    Its receiving and handling agencies, and any agency it was transferred
    to for a part of the work (liên thông), during and after that part;
    None otherwise, so the interfaces answer 404 and leak nothing.
    """
    found = dossiers_queries.dossier_for_staff(code, user)
    if found is not None or user is None or not user.is_authenticated:
        return found
    agencies = RoleAssignment.objects.filter(user=user).values("agency_id")
    legs = DossierLeg.objects.filter(agency__in=agencies).values("dossier_id")
    return dossiers_queries.dossier_detail(Dossier.objects.filter(pk__in=legs), code)
