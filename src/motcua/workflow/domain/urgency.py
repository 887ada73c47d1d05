"""How urgent an open task is, from its due time and the agency calendar."""

from enum import StrEnum


class Urgency(StrEnum):
    LATE = "late"
    DUE_TODAY = "due_today"
    DUE_SOON = "due_soon"  # within 2 working days
    LATER = "later"
    NONE = "none"  # no due time (the clock is paused)
