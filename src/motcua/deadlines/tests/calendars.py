"""The real Vietnamese calendar for tests, from the `holidays` package."""

from datetime import datetime

import holidays

from motcua.deadlines.domain import WorkingCalendar

YEARS = range(2023, 2028)
_VN = holidays.country_holidays("VN", years=YEARS)


def vietnam() -> WorkingCalendar:
    """Monday-Friday 7:30-11:30, 13:00-17:00, with public holidays and swaps."""
    return WorkingCalendar(
        days_off=frozenset(_VN.keys()),
        extra_working_days=frozenset(
            d for d in _VN.weekend_workdays if d.year in YEARS
        ),
    )


def at(text: str) -> datetime:
    """Parse "dd/mm/yyyy HH:MM", the way the cases below are written."""
    return datetime.strptime(text, "%d/%m/%Y %H:%M")
