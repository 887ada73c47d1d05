from datetime import date, time

from django.core.management import call_command

import pytest

from motcua.accounts.tests.factories import AgencyFactory
from motcua.deadlines.models import CalendarDay, OfficePeriod
from motcua.deadlines.services import calendar_for, seed_holidays

pytestmark = pytest.mark.django_db


def test_seeding_adds_lunar_new_year_and_the_swapped_saturdays():
    added = seed_holidays([2024, 2025, 2026])
    calendar = calendar_for()
    assert added == CalendarDay.objects.count() > 30
    assert not calendar.is_working_day(date(2025, 1, 29))  # mùng 1 Tết Ất Tỵ
    assert not calendar.is_working_day(date(2026, 4, 27))  # Hùng Kings, observed
    assert calendar.is_working_day(date(2025, 4, 26))  # Saturday swapped to work
    assert seed_holidays([2024, 2025, 2026]) == 0  # idempotent


def test_an_administrators_correction_survives_reseeding():
    seed_holidays([2026])
    CalendarDay.objects.filter(day=date(2026, 8, 31)).update(
        kind="working_day", name="Hủy nghỉ bù"
    )
    seed_holidays([2026])
    assert calendar_for().is_working_day(date(2026, 8, 31))


def test_an_agency_can_work_saturday_mornings_and_have_its_own_days():
    police = AgencyFactory(function="commune_police", kind="police")
    for weekday in range(5):
        OfficePeriod.objects.create(
            agency=police, weekday=weekday, start=time(7, 0), end=time(11, 30)
        )
        OfficePeriod.objects.create(
            agency=police, weekday=weekday, start=time(13, 30), end=time(17, 0)
        )
    OfficePeriod.objects.create(
        agency=police, weekday=5, start=time(7, 0), end=time(11, 30)
    )
    CalendarDay.objects.create(
        day=date(2026, 3, 2), kind="day_off", name="Ngày truyền thống", agency=police
    )

    calendar = calendar_for(police)
    assert calendar.is_working_day(date(2026, 3, 7))  # a Saturday
    assert calendar.periods(date(2026, 3, 9))[0] == (time(7, 0), time(11, 30))
    assert not calendar.is_working_day(date(2026, 3, 2))
    assert calendar_for().is_working_day(date(2026, 3, 2))  # only that agency


def test_the_due_date_command_prints_the_appointment(capsys):
    seed_holidays([2023])
    call_command("due_date", received="2023-10-27 09:32", amount=5, unit="working_days")
    assert capsys.readouterr().out.strip() == "2023-11-03 09:32"


def test_the_due_date_command_uses_an_agencys_calendar(capsys):
    agency = AgencyFactory(code="000.00.02.H39")
    CalendarDay.objects.create(
        day=date(2026, 1, 26), kind="day_off", name="Nghỉ", agency=agency
    )
    call_command(
        "due_date",
        received="2026-01-23 10:00",
        amount=1,
        unit="working_days",
        agency="000.00.02.H39",
    )
    assert capsys.readouterr().out.strip() == "2026-01-27 10:00"


def test_the_due_date_command_explains_bad_input():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="bad date"):
        call_command("due_date", received="27/10/2023", amount=5, unit="working_days")
    with pytest.raises(CommandError, match="no agency"):
        call_command(
            "due_date",
            received="2023-10-27 09:32",
            amount=5,
            unit="working_days",
            agency="X",
        )
