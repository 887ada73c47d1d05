"""Inter-agency transfer (liên thông): another agency does its part in a budget.

Transferring closes the origin task and opens a leg at the target agency
under its own transfer process, with the step's budget; finishing the leg
(done, or returned with reasons) records the working time that agency used
and reopens the origin step for the officer who transferred. The dossier
keeps its one code throughout.
"""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from motcua.dossiers.domain import Activity, Status
from motcua.dossiers.services.lifecycle import record_activity

from ..domain import LegOutcome, ProcessKind, StepAction
from ..models import DossierLeg, DossierTask
from .errors import WorkflowError
from .processes import process_for
from .routing import transfer_targets
from .runtime import (
    check_actor,
    check_allowed,
    close_leg,
    close_task,
    due_after,
    handover,
    holds,
    lock_task,
    moment,
    open_task,
)

A = StepAction


def transfer(task: DossierTask, *, user, to_agency, note="", at=None) -> DossierTask:
    """Hand the dossier to ``to_agency`` for its part; return the task opened there."""
    at = moment(at)
    with transaction.atomic():
        dossier, task = lock_task(task)
        check_actor(task, user)
        check_allowed(task, A.TRANSFER)
        if dossier.status != Status.IN_PROGRESS:
            raise WorkflowError(_("Only a dossier in progress can be transferred."))
        if to_agency not in transfer_targets(task):
            raise WorkflowError(
                _("%(agency)s cannot take part in this procedure.")
                % {"agency": to_agency}
            )
        process = process_for(
            dossier.procedure_version, to_agency, ProcessKind.TRANSFER
        )
        first = process.steps.order_by("position", "pk").first()
        if first is None:
            raise WorkflowError(_("The transfer process of this agency has no step."))
        budget = task.budget_minutes or sum(s.budget_minutes for s in _defs(process))
        sequence = (dossier.legs.aggregate(n=Max("sequence"))["n"] or 0) + 1
        leg = DossierLeg.objects.create(
            dossier=dossier,
            sequence=sequence,
            agency=to_agency,
            process=process,
            parent=task.leg,
            started_at=at,
            due_at=due_after(at, budget, to_agency),
            budget_minutes=budget,
        )
        close_task(task, user=user, outcome=A.TRANSFER, at=at, note=note.strip())
        new = open_task(
            dossier, leg, first, at=at, given_by=user, previous=task, note=note.strip()
        )
        record_activity(
            dossier,
            Activity.TRANSFER,
            actor=user,
            reason=note.strip(),
            payload=handover(task, new, budget_minutes=budget, leg_due_at=leg.due_at),
            at=at,
            public=True,
        )
    return new


def _defs(process):
    from .processes import step_defs

    return step_defs(list(process.steps.all()))


def complete_transfer(task: DossierTask, *, user, note="", at=None) -> DossierTask:
    """Finish the cooperating agency's part: back to the origin step."""
    return _finish(
        task,
        user=user,
        at=at,
        outcome=LegOutcome.DONE,
        text=note,
        action=A.COMPLETE_TRANSFER,
        activity=Activity.TRANSFER_DONE,
    )


def return_transfer(task: DossierTask, *, user, reason, at=None) -> DossierTask:
    """Return the dossier, unfinished, to the origin agency with reasons."""
    if not (reason or "").strip():
        raise WorkflowError(_("Give the reasons for returning the dossier."))
    return _finish(
        task,
        user=user,
        at=at,
        outcome=LegOutcome.RETURNED,
        text=reason,
        action=A.RETURN_TRANSFER,
        activity=Activity.TRANSFER_RETURNED,
    )


def _finish(task, *, user, at, outcome, text, action, activity) -> DossierTask:
    at = moment(at)
    text = (text or "").strip()
    with transaction.atomic():
        dossier, task = lock_task(task)
        check_actor(task, user)
        check_allowed(task, action)
        leg = task.leg
        if leg.parent_id is None:
            raise WorkflowError(_("This dossier was not transferred to this agency."))
        origin = (
            DossierTask.objects.filter(leg=leg.parent, outcome=A.TRANSFER)
            .select_related("step", "finished_by")
            .order_by("-finished_at", "-pk")
            .first()
        )
        if origin is None:
            raise WorkflowError(_("This dossier was not transferred to this agency."))
        close_task(task, user=user, outcome=action, at=at, note=text)
        close_leg(leg, dossier, at=at, outcome=outcome, reason=text)
        back_to = origin.finished_by
        if back_to is not None and not holds(back_to, origin.agency, origin.role):
            back_to = None
        new = open_task(
            dossier,
            leg.parent,
            origin.step,
            at=at,
            given_by=user,
            previous=task,
            assignee=back_to,
            note=text,
        )
        record_activity(
            dossier,
            activity,
            actor=user,
            reason=text,
            payload=handover(
                task,
                new,
                used_minutes=leg.used_minutes,
                budget_minutes=leg.budget_minutes,
            ),
            at=at,
            public=True,
        )
    return new
