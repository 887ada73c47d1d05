"""The legal clock of one dossier: its due time from the deadlines engine."""

from datetime import datetime, time

from motcua.deadlines.domain import Pause, due_at
from motcua.deadlines.services import calendar_for, local_aware, local_naive

from ..models import Dossier

DEFAULT_CUTOFF_HOUR = 15


def compute_due_at(dossier: Dossier) -> datetime | None:
    """Return the dossier's due time given its closed pauses, or None.

    None while it has not been received (no clock) or while a pause is
    open (the clock is stopped). The handling agency's calendar counts.
    """
    if dossier.received_at is None:
        return None
    pauses = [
        Pause(local_naive(p.started_at), p.ended_at and local_naive(p.ended_at))
        for p in dossier.pauses.all()
    ]
    moment = due_at(
        local_naive(dossier.received_at),
        dossier.time_amount,
        dossier.time_unit,
        calendar_for(dossier.handling_agency),
        cutoff=time(dossier.cutoff_hour or DEFAULT_CUTOFF_HOUR, 0),
        pauses=pauses,
    )
    return local_aware(moment) if moment is not None else None
