"""Actions of an officer on an open task (the buttons of the inbox and dossier page).

Each one locks the dossier, reloads the task (a stale copy is refused),
checks who acts and that the step allows it, writes the event (an activity
or a lifecycle transition) and closes/opens tasks, in one transaction.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.domain import Role
from motcua.dossiers.domain import Action, Activity, IllegalTransition, Status
from motcua.dossiers.services.lifecycle import describe, record_activity, transition

from ..domain import LegOutcome, StepAction, TaskState
from ..models import DossierTask
from .errors import WorkflowError
from .routing import transfer_targets
from .runtime import (
    check_actor,
    check_allowed,
    close_leg,
    close_task,
    handover,
    holds,
    lock_task,
    may_act,
    moment,
    next_step,
    open_task,
    refresh_dues,
)

A = StepAction


def _transition(dossier, action, **kwargs):
    try:
        return transition(dossier, action, **kwargs)
    except IllegalTransition as error:
        raise WorkflowError(describe(error)) from error


def claim(task: DossierTask, *, user, at=None) -> DossierTask:
    """Take up an unassigned task of one's role (nhận xử lý)."""
    at = moment(at)
    with transaction.atomic():
        dossier, task = lock_task(task)
        if task.assignee_id == user.pk:
            return task
        if task.assignee_id is not None:
            raise WorkflowError(
                _("This step is assigned to %(name)s.") % {"name": task.assignee}
            )
        check_actor(task, user)
        task.assignee, task.claimed_at = user, at
        task.save(update_fields=["assignee", "claimed_at"])
        record_activity(
            dossier, Activity.CLAIM, actor=user, payload=handover(task), at=at
        )
    return task


def assign(task: DossierTask, *, user, assignee, at=None) -> DossierTask:
    """Give a task to a colleague holding its role (leaders of its agency)."""
    at = moment(at)
    with transaction.atomic():
        dossier, task = lock_task(task)
        if not holds(user, task.agency, Role.LEADER):
            raise WorkflowError(
                _("Only a leader of %(agency)s assigns its work.")
                % {"agency": task.agency}
            )
        if not holds(assignee, task.agency, task.role):
            raise WorkflowError(
                _("%(name)s does not hold the role “%(role)s” at %(agency)s.")
                % {
                    "name": assignee,
                    "role": task.get_role_display(),
                    "agency": task.agency,
                }
            )
        task.assignee, task.claimed_at = assignee, None
        task.save(update_fields=["assignee", "claimed_at"])
        record_activity(
            dossier,
            Activity.ASSIGN,
            actor=user,
            payload=handover(task, to_user=assignee.pk),
            at=at,
        )
    return task


def _advance(dossier, task, *, user, at, outcome, to=None, note="", assignee=None):
    """Close ``task`` and open the step its route leads to; return the new task."""
    step = next_step(task, to)
    close_task(task, user=user, outcome=outcome, at=at, note=note)
    return open_task(
        dossier,
        task.leg,
        step,
        at=at,
        given_by=user,
        previous=task,
        assignee=assignee,
    )


def forward(
    task: DossierTask, *, user, to=None, note="", assignee=None, at=None
) -> DossierTask:
    """Send the dossier to the next step (leaving the desk starts processing)."""
    at = moment(at)
    with transaction.atomic():
        dossier, task = lock_task(task)
        check_actor(task, user)
        check_allowed(task, A.FORWARD)
        _check_status(dossier, A.FORWARD)
        new = _advance(
            dossier,
            task,
            user=user,
            at=at,
            outcome=A.FORWARD,
            to=to,
            note=note,
            assignee=assignee,
        )
        if dossier.status == Status.RECEIVED:
            _transition(
                dossier,
                Action.START_PROCESSING,
                actor=user,
                at=at,
                payload=handover(task, new),
            )
        record_activity(
            dossier,
            Activity.FORWARD,
            actor=user,
            reason=note.strip(),
            payload=handover(task, new),
            at=at,
        )
    return new


def send_back(task: DossierTask, *, user, reason, at=None) -> DossierTask:
    """Return the dossier to the step (and officer) it came from, with a reason."""
    at = moment(at)
    reason = (reason or "").strip()
    with transaction.atomic():
        dossier, task = lock_task(task)
        check_actor(task, user)
        check_allowed(task, A.SEND_BACK)
        if not reason:
            raise WorkflowError(_("Give the reason for sending the dossier back."))
        previous = _previous_in_leg(task)
        if previous is None:
            raise WorkflowError(
                _("This is the first step: there is nowhere to send it back.")
            )
        close_task(task, user=user, outcome=A.SEND_BACK, at=at, note=reason)
        back_to = previous.finished_by if previous.finished_by_id else None
        if back_to is not None and not holds(back_to, previous.agency, previous.role):
            back_to = None
        new = open_task(
            dossier,
            task.leg,
            previous.step,
            at=at,
            given_by=user,
            previous=task,
            assignee=back_to,
            note=reason,
        )
        record_activity(
            dossier,
            Activity.SEND_BACK,
            actor=user,
            reason=reason,
            payload=handover(task, new),
            at=at,
        )
    return new


def _previous_in_leg(task: DossierTask) -> DossierTask | None:
    """Return the task this one came from in the same leg (skipping sends back)."""
    previous = task.previous
    while previous is not None and previous.leg_id == task.leg_id:
        if previous.step_id != task.step_id and previous.outcome != A.SEND_BACK:
            return previous
        previous = previous.previous
    return None


def request_supplement(
    task: DossierTask, *, user, reason, items: list[str], at=None
) -> DossierTask:
    """Ask the applicant for papers; the clock pauses until the desk records them."""
    at = moment(at)
    items = [str(i).strip() for i in items if str(i).strip()]
    with transaction.atomic():
        dossier, task = lock_task(task)
        check_actor(task, user)
        check_allowed(task, A.REQUEST_SUPPLEMENT)
        if not items:
            raise WorkflowError(_("List the papers the applicant must add."))
        _transition(
            dossier,
            Action.REQUEST_SUPPLEMENT,
            actor=user,
            reason=(reason or "").strip(),
            payload=handover(task, missing=items),
            at=at,
        )
        refresh_dues(dossier)
        task.refresh_from_db()
    return task


def request_fees(
    task: DossierTask, *, user, amount: int, reason, at=None
) -> DossierTask:
    """Ask for financial obligations (state 6); the clock pauses until paid."""
    at = moment(at)
    with transaction.atomic():
        dossier, task = lock_task(task)
        check_actor(task, user)
        check_allowed(task, A.REQUEST_FEES)
        amount = _amount(amount)
        if amount <= 0:
            raise WorkflowError(_("Give the amount to pay."))
        _transition(
            dossier,
            Action.REQUEST_FEES,
            actor=user,
            reason=(reason or "").strip(),
            payload=handover(task, amount=int(amount)),
            at=at,
        )
        owed = max(dossier.fee_due, dossier.fee_paid + int(amount))
        type(dossier).objects.filter(pk=dossier.pk).update(fee_due=owed)
        dossier.fee_due = owed
        refresh_dues(dossier)
        task.refresh_from_db()
    return task


def _amount(value) -> int:
    """Return a whole amount of đồng, or 0 when it is not one."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def stop(task: DossierTask, *, user, reasons, at=None) -> DossierTask:
    """Stop processing with reasons (Circular 03/2025 form 05): the dossier ends."""
    at = moment(at)
    if isinstance(reasons, str):
        reasons = [reasons]
    reasons = [str(r).strip() for r in reasons if str(r).strip()]
    with transaction.atomic():
        dossier, task = lock_task(task)
        check_actor(task, user)
        check_allowed(task, A.STOP)
        if not reasons:
            raise WorkflowError(_("Give the reasons for stopping the processing."))
        _transition(
            dossier,
            Action.STOP,
            actor=user,
            reason="; ".join(reasons),
            payload=handover(task, reasons=reasons),
            at=at,
        )
        close_task(task, user=user, outcome=A.STOP, at=at, note="; ".join(reasons))
        for leg in dossier.legs.filter(finished_at__isnull=True):
            close_leg(
                leg, dossier, at=at, outcome=LegOutcome.DONE, reason="; ".join(reasons)
            )
    return task


def approve(task: DossierTask, *, user, note="", to=None, at=None) -> DossierTask:
    """Approve (trình duyệt) and move on along the step's route."""
    at = moment(at)
    with transaction.atomic():
        dossier, task = lock_task(task)
        check_actor(task, user)
        check_allowed(task, A.APPROVE)
        _check_status(dossier, A.APPROVE)
        new = _advance(
            dossier, task, user=user, at=at, outcome=A.APPROVE, to=to, note=note
        )
        record_activity(
            dossier,
            Activity.APPROVE,
            actor=user,
            reason=note.strip(),
            payload=handover(task, new),
            at=at,
        )
    return new


def sign(task: DossierTask, *, user, to=None, at=None) -> DossierTask:
    """Sign the latest result with the agency's certificate and move on.

    With no result yet, one is generated from the procedure's template
    first, so the leader signs what the system would issue.
    """
    from motcua.results import services as results

    at = moment(at)
    with transaction.atomic():
        dossier, task = lock_task(task)
        check_actor(task, user)
        check_allowed(task, A.SIGN)
        _check_status(dossier, A.SIGN)
        result = results.latest_result(dossier)
        try:
            if result is None:
                result = results.generate_result(dossier, user=user, at=at)
            result = results.sign_result(result, user=user, agency=task.agency, at=at)
        except ValidationError as error:  # results refuses with its own messages
            raise _as_workflow_error(error) from error
        new = _advance(dossier, task, user=user, at=at, outcome=A.SIGN, to=to)
        record_activity(
            dossier,
            Activity.SIGN,
            actor=user,
            payload=handover(task, new, result=result.pk),
            at=at,
        )
    return new


def issue(task: DossierTask, *, user, to=None, at=None) -> DossierTask:
    """Issue the signed result (its code), resolve the dossier, open the return."""
    from motcua.results import services as results

    at = moment(at)
    with transaction.atomic():
        dossier, task = lock_task(task)
        check_actor(task, user)
        check_allowed(task, A.ISSUE)
        result = results.latest_result(dossier)
        if result is None:
            raise WorkflowError(_("There is no result to issue yet."))
        try:
            result = results.issue_result(result, user=user, at=at)
        except ValidationError as error:
            raise _as_workflow_error(error) from error
        routes = [r for r in task.step.routes if isinstance(r, dict)]
        if routes or to:
            new = _advance(dossier, task, user=user, at=at, outcome=A.ISSUE, to=to)
        else:
            close_task(task, user=user, outcome=A.ISSUE, at=at)
            new = task
        payload = handover(task, new if new is not task else None, result=result.pk)
        record_activity(dossier, Activity.ISSUE, actor=user, payload=payload, at=at)
        _transition(dossier, Action.RESOLVE, actor=user, payload=payload, at=at)
    return new


def return_result(task: DossierTask, *, user, delivery, at=None) -> DossierTask:
    """Hand the result over (desk, post or electronic) and end the dossier."""
    from motcua.results import services as results

    at = moment(at)
    with transaction.atomic():
        dossier, task = lock_task(task)
        check_actor(task, user)
        check_allowed(task, A.RETURN_RESULT)
        if dossier.status != Status.RESOLVED:
            raise WorkflowError(_("The result has not been issued yet."))
        try:
            handed = results.record_delivery(
                dossier, user=user, delivery=delivery, at=at
            )
        except ValidationError as error:
            raise _as_workflow_error(error) from error
        _transition(
            dossier,
            Action.RETURN_RESULT,
            actor=user,
            at=at,
            payload=handover(task, method=delivery.method, delivery=handed.pk),
        )
        close_task(task, user=user, outcome=A.RETURN_RESULT, at=at)
        for leg in dossier.legs.filter(finished_at__isnull=True):
            close_leg(leg, dossier, at=at)
    return task


def _as_workflow_error(error: Exception) -> WorkflowError:
    messages = getattr(error, "messages", None) or [str(error)]
    return WorkflowError(" ".join(str(m) for m in messages))


PAUSED = frozenset({Status.AWAITING_SUPPLEMENT, Status.AWAITING_FEES})
NEEDS_PROCESSING = {
    A.REQUEST_SUPPLEMENT: {Status.IN_PROGRESS},
    A.REQUEST_FEES: {Status.IN_PROGRESS},
    A.STOP: {
        Status.RECEIVED,
        Status.IN_PROGRESS,
        Status.AWAITING_SUPPLEMENT,
        Status.AWAITING_FEES,
    },
    A.ISSUE: {Status.RECEIVED, Status.IN_PROGRESS},
    A.RETURN_RESULT: {Status.RESOLVED},
}


def _check_status(dossier, action) -> None:
    if dossier.status in PAUSED:
        raise WorkflowError(
            _("The dossier is waiting for the applicant; record what they bring first.")
        )
    if dossier.status not in {Status.RECEIVED, Status.IN_PROGRESS, Status.RESOLVED}:
        raise WorkflowError(_("This dossier is no longer being processed."))


def allowed_actions(task: DossierTask, user) -> list[StepAction]:
    """Return what ``user`` may do now on ``task``, in the order of StepAction."""
    if task.state != TaskState.OPEN or not may_act(task, user):
        return []
    status = task.dossier.status
    allowed = []
    for action in StepAction:
        if action not in task.step.actions:
            continue
        if action in NEEDS_PROCESSING:
            if status not in NEEDS_PROCESSING[action]:
                continue
        elif status in PAUSED or status not in {
            Status.RECEIVED,
            Status.IN_PROGRESS,
            Status.RESOLVED,
        }:
            continue
        if action == A.SEND_BACK and _previous_in_leg(task) is None:
            continue
        if action == A.TRANSFER and not transfer_targets(task):
            continue
        if (
            action in (A.COMPLETE_TRANSFER, A.RETURN_TRANSFER)
            and task.leg.parent_id is None
        ):
            continue
        allowed.append(action)
    return allowed


def can_claim(task: DossierTask, user) -> bool:
    return (
        task.state == TaskState.OPEN
        and task.assignee_id is None
        and holds(user, task.agency, task.role)
    )


def can_assign(task: DossierTask, user) -> bool:
    return task.state == TaskState.OPEN and holds(user, task.agency, Role.LEADER)
