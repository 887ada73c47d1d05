"""Load working calendars from the database and seed the holidays."""

from collections import defaultdict
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

import holidays

from motcua.accounts.models import Agency

from .domain import DEFAULT_PERIODS, DEFAULT_WEEK, WorkingCalendar
from .models import CalendarDay, OfficePeriod


def calendar_for(agency: Agency | None = None) -> WorkingCalendar:
    """Return the working calendar of ``agency`` (or of the installation).

    Office hours are the agency's own if it has any, else the
    installation's, else Monday to Friday 7:30-11:30 and 13:00-17:00. Days
    off and swapped working days of the province apply to every agency; an
    agency's own entries override them for that day.
    """
    periods = _week(agency) if agency is not None else None
    week = periods or _week(None) or dict(DEFAULT_WEEK)
    entries: dict[date, str] = {}
    rows = CalendarDay.objects.filter(agency__isnull=True).values_list("day", "kind")
    entries.update(rows)
    if agency is not None:
        entries.update(agency.calendar_days.values_list("day", "kind"))
    return WorkingCalendar(
        week=week,
        days_off=frozenset(
            d for d, kind in entries.items() if kind == CalendarDay.Kind.DAY_OFF
        ),
        extra_working_days=frozenset(
            d for d, kind in entries.items() if kind == CalendarDay.Kind.WORKING_DAY
        ),
        extra_day_periods=week.get(0, DEFAULT_PERIODS),
    )


def _week(agency: Agency | None):
    week = defaultdict(list)
    for period in OfficePeriod.objects.filter(agency=agency).order_by(
        "weekday", "start"
    ):
        week[period.weekday].append((period.start, period.end))
    return {day: tuple(periods) for day, periods in week.items()}


def local_naive(moment: datetime) -> datetime:
    """Return an aware datetime as naive local time, the domain's currency."""
    return timezone.make_naive(moment, timezone.get_default_timezone())


def local_aware(moment: datetime) -> datetime:
    return timezone.make_aware(moment, timezone.get_default_timezone())


@transaction.atomic
def seed_holidays(years: list[int]) -> int:
    """Add the province-wide days off and swapped working days of ``years``.

    The ``holidays`` package computes the Labour Code holidays (lunar Tết
    and Hùng Kings day included) and knows the swaps decided so far; days
    already in the table are left as administrators set them.
    """
    vietnam = holidays.country_holidays("VN", years=years, language="vi")
    known = set(
        CalendarDay.objects.filter(agency__isnull=True).values_list("day", flat=True)
    )
    rows = [
        CalendarDay(day=day, kind=CalendarDay.Kind.DAY_OFF, name=name[:200])
        for day, name in sorted(vietnam.items())
        if day not in known
    ]
    rows += [
        CalendarDay(day=day, kind=CalendarDay.Kind.WORKING_DAY, name="Ngày làm việc bù")
        for day in sorted(getattr(vietnam, "weekend_workdays", ()))
        if day.year in years and day not in known
    ]
    CalendarDay.objects.bulk_create(rows)
    return len(rows)
