"""How urgent an open task is, from its due time and the agency calendar.

Inboxes sort late work first, then what is due today, then what is due
within two working days, then the rest; a task with no due time (the
clock is paused waiting for the applicant) comes last. All moments are
naive local datetimes, as in ``deadlines.domain``.
"""

from datetime import datetime, time, timedelta
from enum import StrEnum

from motcua.deadlines.domain import WorkingCalendar, add_working_minutes

SOON_WORKING_DAYS = 2


class Urgency(StrEnum):
    LATE = "late"
    DUE_TODAY = "due_today"
    DUE_SOON = "due_soon"  # within 2 working days
    LATER = "later"
    NONE = "none"  # no due time (the clock is paused)


ORDER = (Urgency.LATE, Urgency.DUE_TODAY, Urgency.DUE_SOON, Urgency.LATER, Urgency.NONE)
"""The order of an inbox."""


def thresholds(now: datetime, calendar: WorkingCalendar) -> tuple[datetime, datetime]:
    """Return (end of today, end of "soon") for ``now``.

    A due time before the first is due today (or late); before or at the
    second, due soon. Queries filter on these two moments so the database
    sorts exactly as ``urgency()`` judges.
    """
    end_of_today = datetime.combine(now.date() + timedelta(days=1), time(0))
    soon = add_working_minutes(now, SOON_WORKING_DAYS * calendar.day_minutes, calendar)
    return end_of_today, max(soon, end_of_today)


def urgency(due: datetime | None, now: datetime, calendar: WorkingCalendar) -> Urgency:
    """Return how urgent work due at ``due`` is at ``now``."""
    if due is None:
        return Urgency.NONE
    if due < now:
        return Urgency.LATE
    end_of_today, soon = thresholds(now, calendar)
    if due < end_of_today:
        return Urgency.DUE_TODAY
    if due <= soon:
        return Urgency.DUE_SOON
    return Urgency.LATER
