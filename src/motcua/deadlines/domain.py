"""The legal clock: working time, appointment dates and pauses.

Everything here works on naive local datetimes (Asia/Ho_Chi_Minh) and plain
values; services convert aware datetimes and load the calendar. The rules
(Civil Code 2015 arts. 147-148, Labour Code 2019 art. 112, the yearly
decisions that swap working days, and the practice of the national
evaluation) are in ``docs/deadlines.md`` with their sources.

Working days and working hours are counted as working minutes: a working
day is ``WorkingCalendar.day_minutes`` (8 hours), so "5 working days from
Friday 9:32" ends the following Friday at 9:32, as real systems and the
national evaluation compute it. Calendar days follow the Civil Code: the
first day is not counted, the limit ends at the close of the last day, and
a last day that is not a working day moves to the next working day.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum


class TimeUnit(StrEnum):
    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    CALENDAR_DAYS = "calendar_days"
    SAME_DAY = "same_day"  # within the day; next working day after the cut-off


Period = tuple[time, time]
DEFAULT_PERIODS: tuple[Period, ...] = (
    (time(7, 30), time(11, 30)),
    (time(13, 0), time(17, 0)),
)
# Monday to Friday; Saturday and Sunday off unless an agency works them.
DEFAULT_WEEK: Mapping[int, tuple[Period, ...]] = {
    day: DEFAULT_PERIODS for day in range(5)
}
SEARCH_LIMIT_DAYS = 3660  # a calendar with no working time at all is refused


class CalendarError(ValueError):
    """The calendar or the request cannot give a due time."""


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


@dataclass(frozen=True)
class WorkingCalendar:
    """When an agency works.

    ``week`` gives the office periods of each weekday (0 = Monday).
    ``days_off`` are public holidays and the days off decided each year;
    ``extra_working_days`` are days the government made working days (a
    Saturday swapped for a bridge day) and use ``extra_day_periods``.
    """

    week: Mapping[int, tuple[Period, ...]] = field(
        default_factory=lambda: dict(DEFAULT_WEEK)
    )
    days_off: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    extra_day_periods: tuple[Period, ...] = DEFAULT_PERIODS
    day_minutes: int = 480

    def __post_init__(self):
        for periods in (*self.week.values(), self.extra_day_periods):
            previous_end = -1
            for start, end in periods:
                if (
                    not _minutes(start) < _minutes(end)
                    or _minutes(start) < previous_end
                ):
                    raise CalendarError(
                        "office periods must be ordered and not overlap"
                    )
                previous_end = _minutes(end)
        if self.day_minutes <= 0:
            raise CalendarError("a working day must have a positive length")

    def periods(self, day: date) -> tuple[Period, ...]:
        """Return the office periods of ``day`` (empty on a day off)."""
        if day in self.days_off:
            return ()
        if day in self.extra_working_days:
            return self.extra_day_periods
        return tuple(self.week.get(day.weekday(), ()))

    def is_working_day(self, day: date) -> bool:
        return bool(self.periods(day))

    def next_working_day(self, day: date) -> date:
        """Return the first working day after ``day``."""
        for offset in range(1, SEARCH_LIMIT_DAYS):
            candidate = day + timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise CalendarError("the calendar has no working day ahead")

    def close_of(self, day: date) -> datetime:
        """Return the end of the last office period of working day ``day``."""
        periods = self.periods(day)
        if not periods:
            raise CalendarError(f"{day:%d/%m/%Y} is not a working day")
        return datetime.combine(day, periods[-1][1])


def whole_minute(moment: datetime) -> datetime:
    """Return ``moment`` without its seconds: the legal clock counts minutes."""
    return moment.replace(second=0, microsecond=0)


def add_working_minutes(
    start: datetime, minutes: int, calendar: WorkingCalendar
) -> datetime:
    """Return the moment ``minutes`` of office time after ``start``.

    A start outside office hours counts from the next office period, so
    adding nothing gives the moment the clock starts. A budget used up
    exactly at a period's close ends there, not at the next opening.
    The clock counts whole minutes: the seconds of ``start`` are dropped,
    so a dossier received at 08:00:45 is due at 08:00, never 08:01.
    """
    if minutes < 0:
        raise CalendarError("cannot add a negative working time")
    start = whole_minute(start)
    remaining, cursor, day = minutes, start, start.date()
    for _ in range(SEARCH_LIMIT_DAYS):
        for period_start, period_end in calendar.periods(day):
            closes = datetime.combine(day, period_end)
            if closes <= cursor:
                continue
            begin = max(cursor, datetime.combine(day, period_start))
            available = int((closes - begin).total_seconds() // 60)
            if remaining <= available:
                return begin + timedelta(minutes=remaining)
            remaining -= available
        day += timedelta(days=1)
        cursor = datetime.combine(day, time(0))
    raise CalendarError("the calendar has no working time ahead")


def working_minutes_between(
    start: datetime, end: datetime, calendar: WorkingCalendar
) -> int:
    """Return the office minutes in [start, end) (0 if end is not after start)."""
    start, end = whole_minute(start), whole_minute(end)
    if end <= start:
        return 0
    total, day = 0, start.date()
    while day <= end.date():
        for period_start, period_end in calendar.periods(day):
            opens = max(datetime.combine(day, period_start), start)
            closes = min(datetime.combine(day, period_end), end)
            if closes > opens:
                total += int((closes - opens).total_seconds() // 60)
        day += timedelta(days=1)
    return total


@dataclass(frozen=True)
class Pause:
    """An interval when the clock stops (waiting for a supplement or fees)."""

    start: datetime
    end: datetime | None = None  # None while still waiting

    def __post_init__(self):
        if self.end is not None and self.end < self.start:
            raise CalendarError("a pause cannot end before it starts")


def budget_minutes(
    amount: Decimal | int | float, unit: TimeUnit, calendar: WorkingCalendar
) -> int:
    """Return a working-time budget in office minutes (working units only)."""
    if amount < 0:
        raise CalendarError("a processing time cannot be negative")
    if unit == TimeUnit.WORKING_DAYS:
        return round(Decimal(str(amount)) * calendar.day_minutes)
    if unit == TimeUnit.WORKING_HOURS:
        return round(Decimal(str(amount)) * 60)
    raise CalendarError(f"{unit} is not counted in working time")


def due_at(
    received_at: datetime,
    amount: Decimal | int | float,
    unit: TimeUnit | str,
    calendar: WorkingCalendar,
    *,
    cutoff: time = time(15, 0),
    pauses: Iterable[Pause] = (),
) -> datetime | None:
    """Return the appointment moment of a dossier received at ``received_at``.

    Pauses push the due time later by the office time they cover (calendar
    days for calendar-day limits). While a pause is still open there is no
    due time: the clock is stopped, and None is returned.
    """
    unit = TimeUnit(unit)
    pauses = list(pauses)
    if any(p.end is None for p in pauses):
        return None
    paused = sum(working_minutes_between(p.start, p.end, calendar) for p in pauses)
    if unit == TimeUnit.CALENDAR_DAYS:
        paused_days = sum((p.end.date() - p.start.date()).days for p in pauses)
        return _calendar_days_due(received_at, int(amount) + paused_days, calendar)
    if unit == TimeUnit.SAME_DAY:
        base = _same_day_due(received_at, cutoff, calendar)
        return add_working_minutes(base, paused, calendar) if paused else base
    minutes = budget_minutes(amount, unit, calendar)
    return add_working_minutes(received_at, minutes + paused, calendar)


def _calendar_days_due(
    received_at: datetime, days: int, calendar: WorkingCalendar
) -> datetime:
    """Civil Code art. 147-148: skip the first day; a last day off moves on."""
    if days < 0:
        raise CalendarError("a processing time cannot be negative")
    last = received_at.date() + timedelta(days=days)
    if not calendar.is_working_day(last) or calendar.close_of(last) < received_at:
        last = calendar.next_working_day(last)
    return calendar.close_of(last)


def _same_day_due(
    received_at: datetime, cutoff: time, calendar: WorkingCalendar
) -> datetime:
    """Return the close of the receiving day, or of the next one after the cut-off."""
    day = received_at.date()
    if calendar.is_working_day(day):
        if received_at.time() < cutoff and received_at < calendar.close_of(day):
            return calendar.close_of(day)
        return calendar.close_of(calendar.next_working_day(day))
    return calendar.close_of(calendar.next_working_day(day))


def due_for_step(
    start: datetime,
    amount: Decimal | int | float,
    unit: TimeUnit | str,
    calendar: WorkingCalendar,
) -> datetime:
    """Return the due time of an internal step given its own budget."""
    moment = due_at(start, amount, unit, calendar)
    assert moment is not None  # no pauses were given
    return moment


def is_late(due: datetime | None, finished_at: datetime) -> bool:
    """Tell whether work finished (or still open at) ``finished_at`` is late."""
    return due is not None and finished_at > due


def counts_as_late_in_evaluation(
    due: datetime | None, finished_at: datetime, supplement_requests: int
) -> bool:
    """Apply the national evaluation (Decision 766, indicator 2.1).

    More than one request for a supplement counts a dossier as late,
    whatever its dates.
    """
    return supplement_requests > 1 or is_late(due, finished_at)
