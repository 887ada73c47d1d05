"""The agency's answer to a citizen's request to withdraw a dossier (status 7).

The citizen asks (``filing.services.request_withdrawal``); whoever holds
the dossier's open task, or a leader of the handling agency, accepts — the
dossier stops, its task and legs close — or refuses with reasons, and
processing goes on where it was.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.domain import Role
from motcua.dossiers.domain import Action, Status

from ..domain import LegOutcome, TaskState
from .actions import _transition
from .errors import WorkflowError
from .runtime import close_leg, close_task, holds, lock_dossier, may_act, moment


def can_decide_withdrawal(dossier, user) -> bool:
    """Tell whether ``user`` answers the withdrawal request of ``dossier``."""
    if dossier.status != Status.WITHDRAWAL_REQUESTED:
        return False
    task = dossier.tasks.filter(state=TaskState.OPEN).first()
    return (task is not None and may_act(task, user)) or holds(
        user, dossier.handling_agency, Role.LEADER
    )


def decide_withdrawal(dossier, *, user, accept: bool, note: str = "", at=None):
    """Accept or refuse the applicant's withdrawal request; return the dossier."""
    at = moment(at)
    note = note.strip()
    with transaction.atomic():
        locked = lock_dossier(dossier)
        if locked.status != Status.WITHDRAWAL_REQUESTED:
            raise WorkflowError(_("The applicant has not asked to withdraw it."))
        if not can_decide_withdrawal(locked, user):
            raise WorkflowError(
                _("Only the officer holding the dossier or a leader answers.")
            )
        if not accept and not note:
            raise WorkflowError(_("Give the reasons for refusing the withdrawal."))
        action = Action.ACCEPT_WITHDRAWAL if accept else Action.REJECT_WITHDRAWAL
        _transition(locked, action, actor=user, reason=note, at=at)
        if accept:
            for task in locked.tasks.filter(state=TaskState.OPEN):
                close_task(task, user=user, outcome="stop", at=at, note=note)
            for leg in locked.legs.filter(finished_at__isnull=True):
                close_leg(
                    leg,
                    locked,
                    at=at,
                    outcome=LegOutcome.DONE,
                    reason=note or _("Withdrawn by the applicant"),
                )
    for field in type(locked)._meta.concrete_fields:
        setattr(dossier, field.attname, getattr(locked, field.attname))
    return dossier
