"""Lateness on plain values: at risk, the apology's timing, the new appointment.

Decree 61/2018 (art. 19) and Decree 118/2025: when a dossier will be late
the handling agency sends the applicant an apology with a new appointment
(form 04) no later than one working day before the due time, or as soon as
the lateness becomes known; the appointment is re-made only once. The
national evaluation still judges the dossier against the original due time.

All datetimes are naive local time (the deadlines engine's currency); the
calendar is the agency's, passed in.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum

from motcua.deadlines.domain import (
    SEARCH_LIMIT_DAYS,
    CalendarError,
    WorkingCalendar,
    add_working_minutes,
    working_minutes_between,
)

ONE_WORKING_DAY = 480
"""Office minutes in a working day: the at-risk window and the apology's notice."""


class RiskLevel(StrEnum):
    AT_RISK = "at_risk"  # due within one working day
    LATE = "late"  # past its due time


def at_risk_horizon(
    now: datetime, calendar: WorkingCalendar, window: int = ONE_WORKING_DAY
) -> datetime:
    """Return the latest due time that counts as "at risk" at ``now``.

    A due time at or before this moment is within ``window`` office minutes
    of ``now``. Queries filter ``due_at <= horizon`` with the same value, so
    the database and this module can never disagree.
    """
    return add_working_minutes(now, window, calendar)


def risk_level(
    due: datetime | None,
    now: datetime,
    calendar: WorkingCalendar,
    window: int = ONE_WORKING_DAY,
) -> RiskLevel | None:
    """Tell whether work due at ``due`` is late, at risk, or neither at ``now``.

    None when there is no due time (the clock is paused) or it is further
    than ``window`` office minutes away. Due exactly now is not yet late.
    """
    if due is None:
        return None
    if now > due:
        return RiskLevel.LATE
    if due <= at_risk_horizon(now, calendar, window):
        return RiskLevel.AT_RISK
    return None


def subtract_working_minutes(
    end: datetime, minutes: int, calendar: WorkingCalendar
) -> datetime:
    """Return the moment ``minutes`` of office time before ``end``.

    The mirror of ``add_working_minutes``: an ``end`` outside office hours
    counts back from the close of the last period before it, and a time that
    fits a period exactly ends at the close of the one before.
    """
    if minutes < 0:
        raise CalendarError("cannot subtract a negative working time")
    remaining, cursor, day = minutes, end, end.date()
    for _ in range(SEARCH_LIMIT_DAYS):
        for period_start, period_end in reversed(calendar.periods(day)):
            opens = datetime.combine(day, period_start)
            if opens >= cursor:
                continue
            finish = min(cursor, datetime.combine(day, period_end))
            available = int((finish - opens).total_seconds() // 60)
            # An exact fit ends at the close of the period before, not at
            # this period's opening: "17:00 the day before", never "7:30".
            if remaining < available:
                return finish - timedelta(minutes=remaining)
            remaining -= available
        day -= timedelta(days=1)
        cursor = datetime.combine(day + timedelta(days=1), time(0))
    raise CalendarError("the calendar has no working time before")


def apology_deadline(due: datetime, calendar: WorkingCalendar) -> datetime:
    """Return the last moment to apologise: one working day before ``due``."""
    return subtract_working_minutes(due, ONE_WORKING_DAY, calendar)


def is_apology_timely(
    issued_at: datetime,
    due: datetime,
    calendar: WorkingCalendar,
    *,
    known_at: datetime | None = None,
) -> bool:
    """Tell whether an apology issued at ``issued_at`` kept the decree's notice.

    Timely if issued at least one working day before ``due``. When the cause
    of the lateness only became known after that (``known_at``: the applicant
    brought a supplement late, a cooperating agency returned the dossier),
    "as soon as it is known" is read as within one working day of it.
    """
    if working_minutes_between(issued_at, due, calendar) >= ONE_WORKING_DAY:
        return True
    deadline = apology_deadline(due, calendar)
    if known_at is not None and known_at > deadline:
        return working_minutes_between(known_at, issued_at, calendar) <= (
            ONE_WORKING_DAY
        )
    return False


class AppointmentProblem(StrEnum):
    ALREADY_EXTENDED = "already_extended"  # only one new appointment
    NO_DUE_TIME = "no_due_time"  # clock paused or not received
    NOT_AFTER_DUE = "not_after_due"  # must be after the original due time
    IN_THE_PAST = "in_the_past"
    FINISHED = "finished"  # the result is ready, or processing ended


def new_appointment_problems(
    *,
    original_due: datetime | None,
    new_due: datetime,
    now: datetime,
    already_extended: bool,
    finished: bool,
) -> list[AppointmentProblem]:
    """Return why a new appointment cannot be made (empty if it can)."""
    problems = []
    if already_extended:
        problems.append(AppointmentProblem.ALREADY_EXTENDED)
    if finished:
        problems.append(AppointmentProblem.FINISHED)
    if original_due is None:
        problems.append(AppointmentProblem.NO_DUE_TIME)
    elif new_due <= original_due:
        problems.append(AppointmentProblem.NOT_AFTER_DUE)
    if new_due <= now:
        problems.append(AppointmentProblem.IN_THE_PAST)
    return problems


class HopOutcome(StrEnum):
    """The slip's "Kết quả giải quyết": trước hạn / đúng hạn / quá hạn."""

    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"


def hop_outcome(allotted_minutes: int | None, used_minutes: int | None):
    """Judge a hand-over as real systems print it on the control slip.

    Early if the step used fewer working minutes than it was allotted, on
    time if exactly as many, late if more. None when either is unknown (a
    step without a budget, or still running).
    """
    if allotted_minutes is None or used_minutes is None:
        return None
    if used_minutes < allotted_minutes:
        return HopOutcome.EARLY
    if used_minutes == allotted_minutes:
        return HopOutcome.ON_TIME
    return HopOutcome.LATE


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime | None  # None while still open


def working_minutes_used(
    start: datetime,
    end: datetime,
    calendar: WorkingCalendar,
    pauses: tuple[Interval, ...] | list[Interval] = (),
) -> int:
    """Return the office minutes in [start, end), minus the paused ones.

    A pause still open at ``end`` stops the count at its start.
    """
    total = working_minutes_between(start, end, calendar)
    for pause in pauses:
        lower = max(start, pause.start)
        upper = min(end, pause.end or end)
        if upper > lower:
            total -= working_minutes_between(lower, upper, calendar)
    return max(total, 0)
