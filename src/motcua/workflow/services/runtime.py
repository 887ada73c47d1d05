"""The mechanics every action shares: locks, permissions, opening and closing tasks.

Internal to the services: a task's agency from its step's rule, its due
time on that agency's calendar, the paused time that pushes it later, and
the hand-over payload each event carries (the process-control slip and
the timeline read it).
"""

from datetime import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.domain import Role
from motcua.accounts.models import Agency, RoleAssignment
from motcua.deadlines.domain import add_working_minutes, working_minutes_between
from motcua.deadlines.services import calendar_for, local_aware, local_naive
from motcua.dossiers.models import Dossier

from ..domain import AgencyRule, LegOutcome, TaskState
from ..models import DossierLeg, DossierTask, ProcessStep
from .errors import WorkflowError

PC_KINDS = frozenset({"commune_pc", "district_pc", "province_pc"})


def moment(at: datetime | None) -> datetime:
    return at or timezone.now()


def lock_dossier(dossier_or_pk) -> Dossier:
    pk = getattr(dossier_or_pk, "pk", dossier_or_pk)
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("procedure_version", "receiving_agency", "handling_agency")
        .get(pk=pk)
    )


def lock_task(task: DossierTask) -> tuple[Dossier, DossierTask]:
    """Lock the dossier, then reload the task; refuse if it moved on.

    The caller's copy tells what the officer saw: a task another officer
    already finished (or reassigned) is refused, never acted on twice.
    """
    dossier = lock_dossier(task.dossier_id)
    fresh = (
        DossierTask.objects.select_related("step", "leg", "agency", "assignee")
        .select_for_update(of=("self",))
        .get(pk=task.pk)
    )
    if fresh.state != TaskState.OPEN or task.state != TaskState.OPEN:
        raise WorkflowError(
            _(
                "This step was already handled by another officer. "
                "Reload the page to see where the dossier is now."
            )
        )
    return dossier, fresh


def holds(user, agency, role) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return RoleAssignment.objects.filter(
        user=user, agency=agency, role=Role(role).value, agency__is_active=True
    ).exists()


def may_act(task: DossierTask, user) -> bool:
    """Tell whether ``user`` may act: the assignee, or anyone of its role if unassigned."""
    if task.assignee_id is not None:
        return task.assignee_id == user.pk
    return holds(user, task.agency, task.role)


def check_actor(task: DossierTask, user) -> None:
    if may_act(task, user):
        return
    if task.assignee_id is not None and holds(user, task.agency, task.role):
        raise WorkflowError(
            _("This step is assigned to %(name)s.") % {"name": task.assignee}
        )
    raise WorkflowError(
        _("You do not hold the role “%(role)s” at %(agency)s for this step.")
        % {"role": task.get_role_display(), "agency": task.agency}
    )


def check_allowed(task: DossierTask, action) -> None:
    if action not in task.step.actions:
        from ..labels import STEP_ACTION_LABELS

        raise WorkflowError(
            _("“%(action)s” is not allowed at the step “%(step)s”.")
            % {"action": STEP_ACTION_LABELS[action], "step": task.step.name}
        )


def step_agency(step: ProcessStep, leg: DossierLeg, dossier: Dossier) -> Agency:
    """Return the agency that handles ``step`` in ``leg``."""
    rule = step.agency_rule
    if rule == AgencyRule.RECEIVING and leg.parent_id is None:
        return dossier.receiving_agency
    if rule == AgencyRule.PARENT_PC:
        agency = leg.agency
        if agency.kind in PC_KINDS:
            return agency
        parent = agency.parent
        while parent is not None and parent.kind not in PC_KINDS:
            parent = parent.parent
        return parent or agency
    if rule == AgencyRule.FUNCTION and step.agency_function:
        unit = leg.agency.unit
        while unit is not None:
            found = Agency.objects.filter(
                is_active=True, function=step.agency_function, unit=unit
            ).first()
            if found:
                return found
            unit = unit.parent
        raise WorkflowError(
            _("No agency with the function “%(function)s” handles step “%(step)s”.")
            % {"function": step.agency_function, "step": step.name}
        )
    return leg.agency


def paused_minutes(dossier: Dossier, since: datetime, agency, until=None) -> int:
    """Working minutes of ``agency`` the dossier's clock stood still after ``since``."""
    calendar = calendar_for(agency)
    total = 0
    for pause in dossier.pauses.filter(
        Q(ended_at__isnull=True) | Q(ended_at__gt=since)
    ):
        start = max(pause.started_at, since)
        end = pause.ended_at or until or timezone.now()
        total += working_minutes_between(local_naive(start), local_naive(end), calendar)
    return total


def is_paused(dossier: Dossier) -> bool:
    return dossier.pauses.filter(ended_at__isnull=True).exists()


def due_after(start: datetime, minutes: int, agency) -> datetime:
    calendar = calendar_for(agency)
    return local_aware(add_working_minutes(local_naive(start), minutes, calendar))


def task_due(task: DossierTask, dossier: Dossier) -> datetime | None:
    """Return the step's due time: its budget from arrival, pushed by paused time.

    A step with no budget of its own is due with its leg (the dossier's due
    time on the main leg). While the clock is paused there is none.
    """
    if is_paused(dossier):
        return None
    if not task.budget_minutes:
        leg = task.leg
        return dossier.due_at if leg.parent_id is None else leg.due_at
    paused = paused_minutes(dossier, task.arrived_at, task.agency)
    return due_after(task.arrived_at, task.budget_minutes + paused, task.agency)


def leg_due(leg: DossierLeg, dossier: Dossier) -> datetime | None:
    if leg.parent_id is None:
        return dossier.due_at
    if is_paused(dossier):
        return None
    paused = paused_minutes(dossier, leg.started_at, leg.agency)
    return due_after(leg.started_at, leg.budget_minutes + paused, leg.agency)


def refresh_dues(dossier: Dossier) -> None:
    """Recompute the due times of the open legs and task (pause or resume)."""
    for leg in dossier.legs.filter(finished_at__isnull=True):
        leg.due_at = leg_due(leg, dossier)
        leg.save(update_fields=["due_at"])
    for task in dossier.tasks.filter(state=TaskState.OPEN).select_related("leg"):
        task.due_at = task_due(task, dossier)
        task.save(update_fields=["due_at"])


def open_task(
    dossier: Dossier,
    leg: DossierLeg,
    step: ProcessStep,
    *,
    at: datetime,
    given_by=None,
    previous: DossierTask | None = None,
    assignee=None,
    note: str = "",
) -> DossierTask:
    agency = step_agency(step, leg, dossier)
    if assignee is not None and not holds(assignee, agency, step.role):
        raise WorkflowError(
            _("%(name)s does not hold the role of step “%(step)s” at %(agency)s.")
            % {"name": assignee, "step": step.name, "agency": agency}
        )
    task = DossierTask(
        dossier=dossier,
        leg=leg,
        step=step,
        agency=agency,
        role=step.role,
        assignee=assignee,
        arrived_at=at,
        claimed_at=at if assignee is not None and assignee == given_by else None,
        budget_minutes=_step_minutes(step),
        given_by=given_by,
        previous=previous,
        note=note,
        # Copies of the dossier's fixed facts, for the inbox index.
        procedure_version_id=dossier.procedure_version_id,
        received_at=dossier.received_at,
        search_text=dossier.search_text,
    )
    task.due_at = task_due(task, dossier)
    task.save()
    return task


def _step_minutes(step: ProcessStep) -> int:
    from ..domain import budget_to_minutes

    return budget_to_minutes(step.budget_amount, step.budget_unit)


def close_task(task: DossierTask, *, user, outcome, at: datetime, note="") -> None:
    task.state = TaskState.DONE.value
    task.finished_at = at
    task.finished_by = user
    task.outcome = outcome
    if note:
        task.note = note
    task.save(update_fields=["state", "finished_at", "finished_by", "outcome", "note"])


def close_leg(leg: DossierLeg, dossier, *, at, outcome=LegOutcome.DONE, reason=""):
    """Finish a leg and record the working time its agency used (pauses excluded)."""
    calendar = calendar_for(leg.agency)
    spent = working_minutes_between(
        local_naive(leg.started_at), local_naive(at), calendar
    )
    leg.used_minutes = max(
        0, spent - paused_minutes(dossier, leg.started_at, leg.agency, at)
    )
    leg.finished_at = at
    leg.outcome = LegOutcome(outcome).value
    leg.reason = reason
    leg.save(update_fields=["used_minutes", "finished_at", "outcome", "reason"])


def handover(task: DossierTask, to: DossierTask | None = None, **extra) -> dict:
    """Return the payload of a hand-over event: from which step, to which."""
    payload = {
        "task": task.pk,
        "leg": task.leg_id,
        "step": task.step.key,
        "step_name": task.step.name,
        "agency": task.agency.code,
        "role": task.role,
    }
    if to is not None:
        payload.update(
            {
                "to_task": to.pk,
                "to_leg": to.leg_id,
                "to_step": to.step.key,
                "to_step_name": to.step.name,
                "to_agency": to.agency.code,
                "to_role": to.role,
                "to_user": to.assignee_id,
                "to_due_at": to.due_at,
            }
        )
    payload.update(extra)
    return payload


def next_step(task: DossierTask, to: str | None = None) -> ProcessStep:
    """Return the step a route of ``task`` leads to (``to`` names it among several)."""
    routes = [r.get("to") for r in task.step.routes if isinstance(r, dict)]
    if to is None:
        if len(routes) != 1:
            raise WorkflowError(_("Choose the next step."))
        to = routes[0]
    if to not in routes:
        raise WorkflowError(_("This step does not lead to “%(step)s”.") % {"step": to})
    step = ProcessStep.objects.filter(process_id=task.step.process_id, key=to).first()
    if step is None:
        raise WorkflowError(_("This step does not lead to “%(step)s”.") % {"step": to})
    return step
