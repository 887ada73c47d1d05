"""Reads for the leaders' board of late and at-risk work (can-bo/canh-bao).

Leaders see their agency; monitors see their agency and every agency below
it (a provincial monitor sees the whole province). Counts come from the
due-time indexes (``dossier_handling_idx``, the open-task indexes); the
lists are capped, earliest due first, so the page stays fast at a million
dossiers.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Prefetch, QuerySet

from motcua.accounts.domain import Role
from motcua.accounts.models import AdministrativeUnit, Agency, RoleAssignment
from motcua.dossiers.models import Dossier

from .models import DossierTask
from .services.lateness import OPEN_STATUSES
from .services.risk import horizon_groups, within_horizon, without_jit

BOARD_ROLES = (Role.LEADER.value, Role.MONITOR.value)
LIST_LIMIT = 50


PEOPLES_COMMITTEES = ("province_pc", "district_pc", "commune_pc")


def _closure(roots, edges) -> set:
    found, todo = set(roots), list(roots)
    while todo:
        for child in edges.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def subtree(agency_ids) -> set[int]:
    """Return ``agency_ids`` and every agency below them.

    Below an agency are its child agencies (a department under the
    provincial People's Committee); below a People's Committee, also every
    agency of the administrative units under its own (the district and
    commune committees, their offices and police).
    """
    children: dict[int | None, list[int]] = {}
    for pk, parent in Agency.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    roots = set(agency_ids)
    units = set(
        Agency.objects.filter(pk__in=roots, kind__in=PEOPLES_COMMITTEES).values_list(
            "unit_id", flat=True
        )
    )
    if units:
        below: dict[int | None, list[int]] = {}
        for pk, parent in AdministrativeUnit.objects.values_list("pk", "parent_id"):
            below.setdefault(parent, []).append(pk)
        roots |= set(
            Agency.objects.filter(unit_id__in=_closure(units, below)).values_list(
                "pk", flat=True
            )
        )
    return _closure(roots, children)


def board_scope(user, agency: Agency | None = None) -> set[int]:
    """Return the agencies whose late work ``user`` may watch.

    With ``agency`` (the back office's current agency) only the roles held
    there count, as everywhere in the back office; without it (the API),
    every agency where the user leads or monitors.
    """
    if user is None or not user.is_authenticated:
        return set()
    held = RoleAssignment.objects.filter(user=user, role__in=BOARD_ROLES)
    if agency is not None:
        held = held.filter(agency=agency)
    led = {a for a, role in held.values_list("agency_id", "role") if role == "leader"}
    monitored = {
        a for a, role in held.values_list("agency_id", "role") if role == "monitor"
    }
    return led | (subtree(monitored) if monitored else set())


@dataclass
class AgencyCounts:
    agency: Agency
    late: int = 0
    at_risk: int = 0
    late_steps: int = 0


@dataclass
class Board:
    at: datetime
    counts: list[AgencyCounts] = field(default_factory=list)
    late: list[Dossier] = field(default_factory=list)
    at_risk: list[Dossier] = field(default_factory=list)
    late_steps: list[DossierTask] = field(default_factory=list)
    totals: dict = field(default_factory=dict)


def _open_tasks():
    return Prefetch(
        "tasks",
        queryset=DossierTask.objects.filter(state="open").select_related(
            "assignee", "step", "agency"
        ),
        to_attr="open_tasks",
    )


def late_dossiers(scope, at: datetime) -> QuerySet[Dossier]:
    """Open dossiers of ``scope`` past their legal due time (late in statistics)."""
    return Dossier.objects.filter(
        handling_agency_id__in=scope, status__in=OPEN_STATUSES, due_at__lt=at
    )


def at_risk_dossiers(scope, at: datetime, groups=None) -> QuerySet[Dossier]:
    """Open dossiers of ``scope`` due within one working day (not yet late)."""
    groups = groups or horizon_groups(at)
    return Dossier.objects.filter(
        handling_agency_id__in=scope, status__in=OPEN_STATUSES, due_at__gte=at
    ).filter(within_horizon("due_at", "handling_agency_id", groups))


def late_steps(scope, at: datetime) -> QuerySet[DossierTask]:
    """Open steps in the agencies of ``scope`` past their own due time."""
    return DossierTask.objects.filter(state="open", agency_id__in=scope, due_at__lt=at)


def _per_agency(queryset, field_name: str) -> dict[int, int]:
    return dict(
        queryset.order_by()
        .values_list(field_name)
        .annotate(n=Count("pk"))
        .values_list(field_name, "n")
    )


def board(scope: set[int], at: datetime, *, agency: Agency | None = None) -> Board:
    """Return the board for the agencies in ``scope`` (or only ``agency``)."""
    if agency is not None:
        scope = {agency.pk} & set(scope)
    result = Board(at=at)
    if not scope:
        return result
    with without_jit():
        _fill(result, scope, at)
    return result


def _fill(result: Board, scope: set[int], at: datetime) -> None:
    groups = [
        (sorted(set(agencies) & scope), horizon)
        for agencies, horizon in horizon_groups(at)
    ]
    late = late_dossiers(scope, at)
    risky = at_risk_dossiers(scope, at, groups)
    steps = late_steps(scope, at)
    late_by = _per_agency(late, "handling_agency_id")
    risk_by = _per_agency(risky, "handling_agency_id")
    steps_by = _per_agency(steps, "agency_id")
    busy = set(late_by) | set(risk_by) | set(steps_by)
    for item in Agency.objects.filter(pk__in=busy).order_by("name"):
        result.counts.append(
            AgencyCounts(
                item,
                late=late_by.get(item.pk, 0),
                at_risk=risk_by.get(item.pk, 0),
                late_steps=steps_by.get(item.pk, 0),
            )
        )
    result.totals = {
        "late": sum(late_by.values()),
        "at_risk": sum(risk_by.values()),
        "late_steps": sum(steps_by.values()),
    }
    related = ("procedure_version", "applicant", "handling_agency")
    result.late = list(
        late.select_related(*related)
        .prefetch_related(_open_tasks())
        .order_by("due_at", "pk")[:LIST_LIMIT]
    )
    result.at_risk = list(
        risky.select_related(*related)
        .prefetch_related(_open_tasks())
        .order_by("due_at", "pk")[:LIST_LIMIT]
    )
    result.late_steps = list(
        steps.select_related(
            "dossier__procedure_version", "agency", "assignee", "step"
        ).order_by("due_at", "pk")[:LIST_LIMIT]
    )


def handler_of(dossier: Dossier) -> str:
    """Name who holds the dossier now: the officer, or the role and agency."""
    tasks = getattr(dossier, "open_tasks", None)
    if tasks is None:
        tasks = list(dossier.tasks.filter(state="open").select_related("assignee"))
    if not tasks:
        return ""
    return task_handler(tasks[0])


def task_handler(task: DossierTask) -> str:
    if task.assignee_id is not None:
        user = task.assignee
        return user.full_name or user.get_full_name() or user.username
    return f"{task.get_role_display()} – {task.agency.name}"
