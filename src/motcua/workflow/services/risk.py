"""The at-risk sweep: warn of work due within a working day, or late.

``sweep_at_risk`` runs every few minutes (``workflow.tasks``): open steps
and open dossiers within one working day of their due time, or past it,
warn their handler and the agency's leaders once per level (a
``RiskAlert`` row), however often it runs, and leave a non-public AT_RISK
event in the dossier's trail.
"""

import logging
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format

from motcua.accounts.domain import Role
from motcua.accounts.models import Agency, User
from motcua.deadlines.models import CalendarDay, OfficePeriod
from motcua.deadlines.services import calendar_for, local_aware, local_naive
from motcua.dossiers.domain import Activity
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.lifecycle import record_activity

from ..domain.lateness import RiskLevel, at_risk_horizon
from ..models import DossierTask, RiskAlert
from .lateness import OPEN_STATUSES

logger = logging.getLogger("motcua.workflow")


@dataclass
class SweepReport:
    tasks: int = 0
    dossiers: int = 0
    skipped: int = 0  # locked by an officer right now: next run
    messages: int = 0

    def as_dict(self) -> dict:
        return {
            "tasks": self.tasks,
            "dossiers": self.dossiers,
            "skipped": self.skipped,
            "messages": self.messages,
        }


@contextmanager
def without_jit():
    """Run the reads inside without PostgreSQL's JIT compiler.

    The sweep's and the board's reads are a handful of index scans over a
    few thousand rows; PostgreSQL's cost model sees a million-row table and
    spends more time compiling them than running them.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield


def horizon_groups(now: datetime) -> list[tuple[list[int], datetime]]:
    """Return (agency ids, horizon) groups covering every agency.

    Most agencies keep the installation's calendar, so one horizon serves
    them; only the few with their own office hours or days get their own.
    Naming the agencies lets the database walk its (agency, status, due)
    indexes instead of scanning every open row.
    """
    own = set(
        OfficePeriod.objects.filter(agency__isnull=False).values_list(
            "agency_id", flat=True
        )
    ) | set(
        CalendarDay.objects.filter(agency__isnull=False).values_list(
            "agency_id", flat=True
        )
    )
    local_now = local_naive(now)
    common = [pk for pk in Agency.objects.values_list("pk", flat=True) if pk not in own]
    groups = [(common, local_aware(at_risk_horizon(local_now, calendar_for(None))))]
    for agency in Agency.objects.filter(pk__in=own):
        horizon = local_aware(at_risk_horizon(local_now, calendar_for(agency)))
        groups.append(([agency.pk], horizon))
    return groups


def within_horizon(field: str, agency_field: str, groups) -> Q:
    """Match ``field`` at or before its agency's at-risk horizon."""
    condition = Q(pk__in=[])
    for agencies, horizon in groups:
        if agencies:
            condition |= Q(
                **{f"{field}__lte": horizon, f"{agency_field}__in": agencies}
            )
    return condition


def _warned(level: str, *, task: bool) -> Exists:
    if task:
        return Exists(RiskAlert.objects.filter(task=OuterRef("pk"), level=level))
    return Exists(
        RiskAlert.objects.filter(dossier=OuterRef("pk"), task__isnull=True, level=level)
    )


def _not_warned(field: str, prefix: str, now: datetime, *, task: bool) -> Q:
    """Match rows whose level (``field`` against ``now``) was not warned of yet."""
    late, at_risk = prefix + "late", prefix + "at_risk"
    return (Q(**{f"{field}__lt": now}) & Q(~_warned(late, task=task))) | (
        Q(**{f"{field}__gte": now}) & Q(~_warned(at_risk, task=task))
    )


def _level_of(due: datetime, now: datetime) -> str:
    return RiskLevel.LATE.value if now > due else RiskLevel.AT_RISK.value


def step_handlers(task: DossierTask) -> list[User]:
    """Return the officer holding a step, or everyone with its role there."""
    if task.assignee_id is not None:
        return [task.assignee] if task.assignee.is_active else []
    return list(
        User.objects.filter(
            is_active=True,
            roles__agency_id=task.agency_id,
            roles__role=task.role,
        ).distinct()
    )


def agency_leaders(agency_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            roles__agency_id=agency_id,
            roles__role=Role.LEADER,
        ).distinct()
    )


def _local_text(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "d/m/Y H:i")


def _dossier_url(code: str) -> str:
    return f"{settings.MOTCUA_PUBLIC_URL.rstrip('/')}/can-bo/ho-so/{code}/"


def _warn(
    *,
    dossier_id: int,
    task: DossierTask | None,
    level: str,
    due: datetime,
    recipients: list[User],
    now: datetime,
    report: SweepReport,
) -> bool:
    """Record one warning and queue its messages, in one short transaction."""
    from motcua.notifications.services import notify_staff

    with transaction.atomic():
        locked = (
            Dossier.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("procedure_version", "handling_agency", "applicant")
            .filter(pk=dossier_id)
            .first()
        )
        if locked is None:
            report.skipped += 1
            return False
        earlier = (
            RiskAlert.objects.filter(task=task, level=level)
            if task
            else RiskAlert.objects.filter(
                dossier=locked, task__isnull=True, level=level
            )
        )
        if earlier.exists():
            return False
        people = {user.pk: user for user in recipients}
        RiskAlert.objects.create(
            dossier=locked,
            task=task,
            level=level,
            due_at=due,
            recipients=len(people),
            created_at=now,
        )
        record_activity(
            locked,
            Activity.AT_RISK,
            actor=None,
            reason="",
            payload={
                "level": level,
                "task": task.pk if task else None,
                "step": task.step.name if task else "",
                "due_at": due.isoformat(),
            },
            public=False,
            at=now,
        )
        subject = f"task-{task.pk}" if task else f"dossier-{locked.pk}"
        rows = notify_staff(
            people.values(),
            kind="at_risk",
            context={
                "dossier_code": locked.code,
                "procedure_name": locked.procedure_version.name,
                "applicant_name": locked.applicant.full_name,
                "agency_name": locked.handling_agency.name,
                "due_date": _local_text(due),
                "step_name": task.step.name if task else "",
                "level": level,
                "dossier_url": _dossier_url(locked.code),
                "tracking_url": "",
            },
            dedupe_key=f"at-risk:{subject}:{level}",
        )
        report.messages += len(rows)
    return True


def _task_candidates(groups, now: datetime, limit: int):
    return (
        DossierTask.objects.filter(state="open", due_at__isnull=False)
        .filter(within_horizon("due_at", "agency_id", groups))
        .filter(_not_warned("due_at", "", now, task=True))
        .order_by("due_at", "pk")
        # Joined in the same query, the steps mislead the planner into a
        # nested loop over every step; fetched apart they cost one query.
        .prefetch_related("assignee", "step")[:limit]
    )


def _dossier_candidates(groups, now: datetime, limit: int):
    return (
        Dossier.objects.filter(status__in=OPEN_STATUSES, due_at__isnull=False)
        .filter(
            (
                Q(extended_due_at__isnull=True)
                & within_horizon("due_at", "handling_agency_id", groups)
                & _not_warned("due_at", "", now, task=False)
            )
            | (
                Q(extended_due_at__isnull=False)
                & within_horizon("extended_due_at", "handling_agency_id", groups)
                & _not_warned("extended_due_at", "new_date_", now, task=False)
            )
        )
        .order_by("due_at", "pk")
        .values("pk", "due_at", "extended_due_at", "handling_agency_id")[:limit]
    )


def sweep_at_risk(*, at: datetime | None = None, limit: int = 2000) -> SweepReport:
    """Warn of open steps and dossiers due within a working day, or late.

    Each step warns its handler and its agency's leaders; each dossier its
    current handler and the handling agency's leaders; each once per level
    (``RiskAlert``), however often the sweep runs. Candidates are read
    through the (agency, due time) indexes, already-warned ones are left
    out by the database, and at most ``limit`` of each kind are handled per
    run (the rest on the next run, earliest due first); each warning is its
    own short transaction.
    """
    now = at or timezone.now()
    report = SweepReport()
    groups = horizon_groups(now)
    with without_jit():
        tasks = list(_task_candidates(groups, now, limit))
        dossiers = list(_dossier_candidates(groups, now, limit))
    for task in tasks:
        people = step_handlers(task) + agency_leaders(task.agency_id)
        if _warn(
            dossier_id=task.dossier_id,
            task=task,
            level=_level_of(task.due_at, now),
            due=task.due_at,
            recipients=people,
            now=now,
            report=report,
        ):
            report.tasks += 1
    for row in dossiers:
        for level, due in _dossier_levels(row, now, groups):
            open_task = (
                DossierTask.objects.filter(dossier_id=row["pk"], state="open")
                .select_related("assignee")
                .first()
            )
            people = agency_leaders(row["handling_agency_id"])
            if open_task is not None:
                people = step_handlers(open_task) + people
            if _warn(
                dossier_id=row["pk"],
                task=None,
                level=level,
                due=due,
                recipients=people,
                now=now,
                report=report,
            ):
                report.dossiers += 1
    logger.info("at-risk sweep: %s", report.as_dict())
    return report


def _horizon_for(agency_id: int, groups) -> datetime:
    for agencies, horizon in groups[1:]:
        if agency_id in agencies:
            return horizon
    return groups[0][1]  # the common calendar


def _dossier_levels(row: dict, now: datetime, groups) -> list[tuple[str, datetime]]:
    """Return the level a dossier row reaches now (the query left out warned ones).

    Once a new appointment was made the legal due time is history (the
    apology was the answer to it); the warnings follow the new date.
    """
    horizon = _horizon_for(row["handling_agency_id"], groups)
    extended = row["extended_due_at"]
    if extended is not None:
        due, prefix = extended, "new_date_"
    else:
        due, prefix = row["due_at"], ""
    if due > horizon:
        return []
    return [(prefix + _level_of(due, now), due)]
