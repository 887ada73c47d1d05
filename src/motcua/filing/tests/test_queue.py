"""The desk's online queue: who sees what, and the 8-working-hour clock."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import translation

import pytest
import time_machine

from motcua.accounts.tests.factories import AgencyFactory
from motcua.deadlines.domain import WorkingCalendar
from motcua.dossiers.tests.factories import desk_officer, staff_member
from motcua.filing.queue import (
    Clocks,
    ReceptionClock,
    duration_text,
    online_queue,
    queued_dossier,
    remaining_minutes,
)

from .online_factories import submit

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=HCM)


def local(*args) -> datetime:
    """Return a naive local time, the legal clock's currency (deadlines/domain.py)."""
    return at(*args).replace(tzinfo=None)


CAL = WorkingCalendar()  # Monday to Friday, 7:30-11:30 and 13:00-17:00
FRIDAY_DUE = local(2026, 12, 4, 16, 0)  # naive local time
MONDAY_DUE = local(2026, 12, 7, 10, 0)


@pytest.mark.parametrize(
    ("now", "minutes"),
    [
        (local(2026, 12, 4, 11, 0), 30 + 240 + 150),  # Friday morning
        (local(2026, 12, 4, 12, 15), 240 + 150),  # lunch break counts nothing
        (local(2026, 12, 4, 13, 0), 240 + 150),
        (local(2026, 12, 5, 9, 0), 150),  # Saturday: the clock stands still
        (local(2026, 12, 6, 23, 59), 150),
        (local(2026, 12, 7, 9, 59), 1),
        (local(2026, 12, 7, 10, 0), 0),
        (local(2026, 12, 7, 10, 5), -5),
        (local(2026, 12, 7, 12, 30), -90),  # late through lunch stays 90
        (local(2026, 12, 7, 14, 5), -(90 + 65)),
    ],
)
def test_remaining_minutes_count_office_time_only(now, minutes):
    assert remaining_minutes(MONDAY_DUE, now, CAL) == minutes


def test_a_dossier_late_on_friday_stays_one_hour_late_over_the_weekend():
    assert remaining_minutes(FRIDAY_DUE, local(2026, 12, 5, 10, 0), CAL) == -60
    assert remaining_minutes(FRIDAY_DUE, local(2026, 12, 7, 7, 30), CAL) == -60
    assert remaining_minutes(FRIDAY_DUE, local(2026, 12, 7, 8, 0), CAL) == -90


def test_a_holiday_is_not_counted():
    calendar = WorkingCalendar(days_off=frozenset({local(2026, 12, 7, 0, 0).date()}))
    due = local(2026, 12, 8, 10, 0)
    assert remaining_minutes(due, local(2026, 12, 4, 17, 0), calendar) == 150


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (200, "3 hours 20 minutes"),
        (60, "1 hour"),
        (65, "1 hour 5 minutes"),
        (1, "1 minute"),
        (0, "0 minutes"),
    ],
)
def test_duration_text_in_hours_and_minutes(minutes, text):
    with translation.override("en"):
        assert duration_text(minutes) == text


def test_clock_text_says_left_overdue_or_time_up():
    due = at(2026, 12, 7, 10, 0)
    with translation.override("en"):
        assert ReceptionClock(due, 200, False).text == "3 hours 20 minutes left"
        assert ReceptionClock(due, -65, True).text == "Overdue by 1 hour 5 minutes"
        assert ReceptionClock(due, 0, True).text == "Time is up"
    with translation.override("vi"):
        assert ReceptionClock(due, 200, False).text == "Còn 3 giờ 20 phút"
        assert ReceptionClock(due, -65, True).text == "Quá hạn 1 giờ 5 phút"


@pytest.fixture
def desk(db):
    from motcua.catalog.tests.factories import published_procedure

    agency = AgencyFactory(code="000.05.25.H39", function="commune_pc")
    version = published_procedure()
    version.agencies.add(agency)
    return agency, version


def test_submission_gets_eight_working_hours_and_the_clock_counts_them(desk):
    agency, version = desk
    dossier = submit(agency, version, at=at(2026, 12, 4, 10, 0))
    assert dossier.reception_due_at == at(2026, 12, 7, 10, 0)

    with time_machine.travel(at(2026, 12, 4, 12, 15), tick=False):
        from django.utils import timezone

        clock = Clocks(timezone.now()).of(dossier)
    assert (clock.minutes, clock.overdue) == (390, False)
    late = Clocks(at(2026, 12, 7, 14, 5)).of(dossier)
    assert (late.minutes, late.overdue) == (-155, True)


def test_queue_holds_only_the_officers_desk_agencies_most_urgent_first(desk):
    agency, version = desk
    other = AgencyFactory(code="000.06.25.H39", function="commune_pc")
    version.agencies.add(other)
    later = submit(agency, version, at=at(2026, 12, 4, 14, 0), full_name="Lê Thị Hoa")
    first = submit(agency, version, at=at(2026, 12, 4, 9, 0))
    elsewhere = submit(other, version, at=at(2026, 12, 4, 8, 0))
    officer = desk_officer(agency)
    specialist = staff_member(agency)

    assert list(online_queue(officer)) == [first, later]
    assert list(online_queue(specialist)) == []
    assert queued_dossier(elsewhere.code, officer) is None
    assert queued_dossier(first.code, officer) == first
    assert queued_dossier("not a code", officer) is None


def test_queue_search_ignores_case_and_diacritics_and_filters_by_agency(desk):
    agency, version = desk
    hoa = submit(agency, version, at=at(2026, 12, 4, 9, 0), full_name="Lê Thị Hoa")
    submit(agency, version, at=at(2026, 12, 4, 9, 30), full_name="Đỗ Văn Đạt")
    officer = desk_officer(agency)

    assert list(online_queue(officer, search="le thi HOA")) == [hoa]
    assert [d.applicant.full_name for d in online_queue(officer, search="do dat")] == [
        "Đỗ Văn Đạt"
    ]
    assert list(online_queue(officer, search=hoa.code)) == [hoa]
    assert online_queue(officer, agency="000.99.99.H39").count() == 0
    assert online_queue(officer, agency=agency.code).count() == 2


def test_answering_refuses_a_dossier_another_officer_answered_meanwhile(desk):
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.services.guidance import refuse_dossier
    from motcua.dossiers.services.lifecycle import ConcurrentChange
    from motcua.filing.queue import answering

    agency, version = desk
    seen = submit(agency, version, at=at(2026, 12, 4, 9, 0))
    with answering(seen) as locked:
        assert locked.pk == seen.pk
    refuse_dossier(
        Dossier.objects.get(pk=seen.pk), officer=desk_officer(agency), reasons="x"
    )
    with pytest.raises(ConcurrentChange), answering(seen):
        pytest.fail("the answer must not run")
