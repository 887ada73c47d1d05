"""The one write path of a dossier's status.

``transition()`` locks the row, checks the lifecycle table, applies the
clock effects (pauses, due time), writes the hash-chained event and
schedules side effects after commit. Nothing else changes ``status``.
"""

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..domain import (
    CLOCK_PAUSED,
    PAUSE_REASONS,
    Action,
    Activity,
    IllegalTransition,
    Status,
    next_status,
)
from ..labels import ACTION_VERBS, STATUS_LABELS
from ..models import Dossier, DossierPause
from ..signals import dossier_changed
from .audit import append_event
from .clock import compute_due_at
from .notices import notify_event

logger = logging.getLogger("motcua.dossiers")

ANSWERS_TO_ONLINE_SUBMISSION = frozenset(
    {Action.RECEIVE, Action.REFUSE, Action.REQUEST_SUPPLEMENT}
)
"""The desk's answers that end an online dossier's 8-working-hour window."""


class ConcurrentChange(IllegalTransition):
    """Another officer changed the dossier after this one loaded it."""

    def __init__(self, seen: str, now: str, action: str) -> None:
        super().__init__(now, action)
        self.seen = seen


def describe(error: IllegalTransition) -> str:
    """Return the message an officer reads for a refused transition."""
    if isinstance(error, ConcurrentChange):
        return _(
            "This dossier was just handled by another officer and is now "
            "“%(status)s”. Reload the page to see its current state."
        ) % {"status": STATUS_LABELS[error.status]}
    action = ACTION_VERBS.get(error.action, error.action)
    if error.status is None:
        return _("“%(action)s” cannot start a dossier.") % {"action": action}
    return _("Cannot “%(action)s” a dossier that is “%(status)s”.") % {
        "action": action,
        "status": STATUS_LABELS[error.status],
    }


def transition(
    dossier: Dossier,
    action: Action | str,
    *,
    actor,
    reason: str = "",
    payload: dict | None = None,
    public: bool = True,
    at: datetime | None = None,
) -> Dossier:
    """Apply ``action`` to ``dossier`` and return it, updated in place.

    The caller's copy tells what status the officer saw: if the row moved
    on meanwhile the action is refused with ``ConcurrentChange`` rather
    than applied to a state the officer did not see. Everything is written
    in one transaction, so a refusal leaves nothing half-saved.
    """
    action = Action(action)
    at = at or timezone.now()
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if locked.status != dossier.status:
            raise ConcurrentChange(dossier.status, locked.status, action)
        before = Status(locked.status)
        after = next_status(before, action, received=locked.received_at is not None)
        _apply_clock(locked, before, after, action, actor=actor, at=at)
        if action == Action.RECORD_FEES and payload and payload.get("amount"):
            locked.fee_paid += int(payload["amount"])
        event = append_event(
            locked,
            action=action,
            from_status=before,
            to_status=after,
            actor=actor,
            at=at,
            reason=reason,
            payload=payload,
            public=public,
        )
        locked.status = after.value
        locked.save()
        # The applicant's e-mail and SMS are written with the change.
        notify_event(locked, event)
        transaction.on_commit(
            lambda: _announce(locked.pk, event.sequence, before, after)
        )
    _copy_into(dossier, locked)
    return dossier


def record_activity(
    dossier: Dossier,
    activity: Activity | str,
    *,
    actor,
    reason: str = "",
    payload: dict | None = None,
    public: bool = False,
    at: datetime | None = None,
):
    """Write an event that does not change the status (a hand-over, a note).

    The caller holds the dossier's row lock (``select_for_update``) inside
    its own transaction, as for every write to the trail; the dossier's
    new audit head is saved here.
    """
    activity = Activity(activity)
    at = at or timezone.now()
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_activity() needs the caller's transaction")
    event = append_event(
        dossier,
        action=activity,
        from_status=dossier.status,
        to_status=dossier.status,
        actor=actor,
        at=at,
        reason=reason,
        payload=payload,
        public=public,
    )
    Dossier.objects.filter(pk=dossier.pk).update(audit_head=dossier.audit_head)
    notify_event(dossier, event)
    return event


def _apply_clock(dossier, before, after, action, *, actor, at) -> None:
    """Pause, resume and start the legal clock as the status changes."""
    if action == Action.REQUEST_SUPPLEMENT:
        dossier.supplement_requests += 1
    if action == Action.RECEIVE and dossier.received_at is None:
        dossier.received_at, dossier.received_by = at, actor
    if action in ANSWERS_TO_ONLINE_SUBMISSION:
        dossier.reception_due_at = None  # the desk has answered
    if before in CLOCK_PAUSED:
        dossier.pauses.filter(ended_at__isnull=True).update(ended_at=at)
    if after in CLOCK_PAUSED and dossier.received_at is not None:
        DossierPause.objects.create(
            dossier=dossier, reason=PAUSE_REASONS[after], started_at=at
        )
    if action == Action.RESOLVE:
        dossier.resolved_at = at
    if action == Action.RETURN_RESULT:
        dossier.returned_at = at
    dossier.due_at = compute_due_at(dossier)


def _copy_into(target: Dossier, source: Dossier) -> None:
    for field in Dossier._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


def _announce(dossier_pk: int, sequence: int, before, after) -> None:
    """Run after commit: the place notifications to the applicant hook in."""
    logger.info("dossier %s event %s: %s -> %s", dossier_pk, sequence, before, after)
    answers = dossier_changed.send_robust(
        sender=Dossier,
        dossier_pk=dossier_pk,
        sequence=sequence,
        before=str(before),
        after=str(after),
    )
    for receiver, answer in answers:
        if isinstance(answer, Exception):
            logger.error(
                "dossier_changed receiver %r failed for dossier %s",
                receiver,
                dossier_pk,
                exc_info=answer,
            )
