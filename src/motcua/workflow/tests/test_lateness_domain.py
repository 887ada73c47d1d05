# ruff: noqa: DTZ001 -- the clock works on naive local time (deadlines.domain)
from datetime import datetime, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from motcua.deadlines.domain import (
    WorkingCalendar,
    add_working_minutes,
    working_minutes_between,
)
from motcua.deadlines.tests.calendars import at, vietnam
from motcua.workflow.domain.lateness import (
    ONE_WORKING_DAY,
    AppointmentProblem,
    HopOutcome,
    Interval,
    RiskLevel,
    apology_deadline,
    at_risk_horizon,
    hop_outcome,
    is_apology_timely,
    new_appointment_problems,
    risk_level,
    subtract_working_minutes,
    working_minutes_used,
)

CALENDAR = vietnam()
PLAIN = WorkingCalendar()


@pytest.mark.parametrize(
    ("due", "now", "expected"),
    [
        # due                 now                 level
        ("20/11/2026 09:00", "20/11/2026 09:01", RiskLevel.LATE),
        ("20/11/2026 09:00", "20/11/2026 09:00", RiskLevel.AT_RISK),
        ("20/11/2026 09:00", "19/11/2026 09:00", RiskLevel.AT_RISK),  # exactly 1 day
        ("20/11/2026 09:01", "19/11/2026 09:00", None),
        ("23/11/2026 09:00", "20/11/2026 09:00", RiskLevel.AT_RISK),  # over a weekend
        ("23/11/2026 09:00", "20/11/2026 08:59", None),
        ("23/11/2026 09:00", "21/11/2026 10:00", RiskLevel.AT_RISK),  # on a Saturday
        ("20/11/2026 07:30", "19/11/2026 17:00", RiskLevel.AT_RISK),
        # Tết 2026 (16-20/02 off): the Friday before counts one working day on.
        ("23/02/2026 09:00", "13/02/2026 09:00", RiskLevel.AT_RISK),
        ("23/02/2026 09:01", "13/02/2026 09:00", None),
    ],
)
def test_risk_level_follows_one_working_day(due, now, expected):
    assert risk_level(at(due), at(now), CALENDAR) is expected


def test_no_due_time_is_never_at_risk():
    assert risk_level(None, at("20/11/2026 09:00"), CALENDAR) is None


def test_the_window_can_be_narrowed():
    due, now = at("20/11/2026 15:00"), at("20/11/2026 09:00")
    assert risk_level(due, now, CALENDAR, window=60) is None
    assert risk_level(due, now, CALENDAR, window=360) is RiskLevel.AT_RISK


office_moments = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31)
).map(lambda d: d.replace(second=0, microsecond=0))


@given(now=office_moments, minutes=st.integers(min_value=1, max_value=5000))
def test_at_risk_means_within_one_working_day(now, minutes):
    due = add_working_minutes(now, minutes, CALENDAR)
    level = risk_level(due, now, CALENDAR)
    assert (level is RiskLevel.AT_RISK) == (minutes <= ONE_WORKING_DAY)
    assert level is not RiskLevel.LATE


@given(now=office_moments)
def test_the_horizon_is_one_working_day_ahead(now):
    horizon = at_risk_horizon(now, CALENDAR)
    assert working_minutes_between(now, horizon, CALENDAR) == ONE_WORKING_DAY


@pytest.mark.parametrize(
    ("end", "minutes", "expected"),
    [
        ("20/11/2026 09:00", 0, "20/11/2026 09:00"),
        ("20/11/2026 09:00", 90, "19/11/2026 17:00"),  # not "7:30 the same day"
        ("20/11/2026 09:00", 91, "19/11/2026 16:59"),
        ("20/11/2026 14:00", 60, "20/11/2026 11:30"),
        ("20/11/2026 14:00", 61, "20/11/2026 11:29"),
        ("20/11/2026 12:00", 30, "20/11/2026 11:00"),  # from the lunch break
        ("23/11/2026 09:00", 480, "20/11/2026 09:00"),  # over a weekend
        ("23/11/2026 07:00", 10, "20/11/2026 16:50"),  # before opening
        ("23/02/2026 09:00", 480, "13/02/2026 09:00"),  # over Tết 2026
    ],
)
def test_subtracting_working_minutes(end, minutes, expected):
    assert subtract_working_minutes(at(end), minutes, CALENDAR) == at(expected)


@given(due=office_moments, minutes=st.integers(min_value=0, max_value=5000))
def test_subtracting_mirrors_adding(due, minutes):
    due = add_working_minutes(due, 1, CALENDAR)  # an office moment
    start = subtract_working_minutes(due, minutes, CALENDAR)
    assert working_minutes_between(start, due, CALENDAR) == minutes
    assert start <= due


def test_subtracting_a_negative_time_is_refused():
    with pytest.raises(ValueError, match="negative"):
        subtract_working_minutes(at("20/11/2026 09:00"), -1, CALENDAR)


def test_the_apology_is_due_one_working_day_before():
    assert apology_deadline(at("23/11/2026 09:00"), CALENDAR) == at("20/11/2026 09:00")
    # Due at the close: the day before at the close, not the same morning.
    assert apology_deadline(at("13/11/2026 17:00"), CALENDAR) == at("12/11/2026 17:00")
    assert is_apology_timely(at("13/11/2026 07:30"), at("13/11/2026 17:00"), CALENDAR)


@pytest.mark.parametrize(
    ("issued", "known", "timely"),
    [
        ("20/11/2026 09:00", None, True),  # exactly one working day before
        ("19/11/2026 10:00", None, True),
        ("20/11/2026 09:01", None, False),
        ("23/11/2026 10:00", None, False),  # after the due time
        # The cause came to light after the deadline: within a working day of it.
        ("20/11/2026 16:00", "20/11/2026 10:00", True),
        ("23/11/2026 10:00", "20/11/2026 10:00", True),
        ("23/11/2026 10:01", "20/11/2026 10:00", False),
        # Known before the deadline: the ordinary rule applies.
        ("20/11/2026 10:00", "18/11/2026 10:00", False),
    ],
)
def test_apology_timeliness(issued, known, timely):
    due = at("23/11/2026 09:00")
    known_at = at(known) if known else None
    assert is_apology_timely(at(issued), due, CALENDAR, known_at=known_at) is timely


@given(due=office_moments, before=st.integers(min_value=0, max_value=3000))
def test_an_apology_a_working_day_ahead_is_timely(due, before):
    due = add_working_minutes(due, 1, CALENDAR)
    issued = subtract_working_minutes(due, before, CALENDAR)
    assume(working_minutes_between(issued, due, CALENDAR) == before)
    assert is_apology_timely(issued, due, CALENDAR) is (before >= ONE_WORKING_DAY)


NOW = at("20/11/2026 10:00")
DUE = at("23/11/2026 09:00")


@pytest.mark.parametrize(
    ("due", "new", "extended", "finished", "problems"),
    [
        (DUE, at("27/11/2026 09:00"), False, False, []),
        (DUE, at("27/11/2026 09:00"), True, False, ["already_extended"]),
        (DUE, DUE, False, False, ["not_after_due"]),
        (DUE, at("22/11/2026 09:00"), False, False, ["not_after_due"]),
        (None, at("27/11/2026 09:00"), False, False, ["no_due_time"]),
        (
            at("18/11/2026 09:00"),
            at("19/11/2026 09:00"),
            False,
            False,
            ["in_the_past"],
        ),
        (DUE, at("27/11/2026 09:00"), False, True, ["finished"]),
    ],
)
def test_new_appointment_rules(due, new, extended, finished, problems):
    found = new_appointment_problems(
        original_due=due,
        new_due=new,
        now=NOW,
        already_extended=extended,
        finished=finished,
    )
    assert found == [AppointmentProblem(p) for p in problems]


def test_a_late_dossier_may_still_get_its_one_new_appointment():
    found = new_appointment_problems(
        original_due=at("18/11/2026 09:00"),
        new_due=at("25/11/2026 09:00"),
        now=NOW,
        already_extended=False,
        finished=False,
    )
    assert found == []


@pytest.mark.parametrize(
    ("allotted", "used", "expected"),
    [
        (480, 479, HopOutcome.EARLY),
        (480, 480, HopOutcome.ON_TIME),
        (480, 481, HopOutcome.LATE),
        (0, 0, HopOutcome.ON_TIME),
        (None, 10, None),
        (480, None, None),
    ],
)
def test_hop_outcome_compares_allotted_and_used_minutes(allotted, used, expected):
    assert hop_outcome(allotted, used) is expected


@given(
    allotted=st.integers(min_value=0, max_value=10**6),
    used=st.integers(min_value=0, max_value=10**6),
)
def test_hop_outcome_is_a_total_order(allotted, used):
    outcome = hop_outcome(allotted, used)
    assert (outcome is HopOutcome.EARLY) == (used < allotted)
    assert (outcome is HopOutcome.ON_TIME) == (used == allotted)
    assert (outcome is HopOutcome.LATE) == (used > allotted)


def test_paused_minutes_are_not_used():
    start, end = at("16/11/2026 08:00"), at("18/11/2026 08:00")
    assert working_minutes_used(start, end, CALENDAR) == 960
    pause = Interval(at("16/11/2026 13:00"), at("17/11/2026 08:00"))
    assert working_minutes_used(start, end, CALENDAR, [pause]) == 960 - 270
    still_open = Interval(at("17/11/2026 08:00"), None)
    assert (
        working_minutes_used(start, end, CALENDAR, [still_open]) == 480
    )  # 450 on Monday, 30 on Tuesday
    outside = Interval(at("10/11/2026 08:00"), at("11/11/2026 08:00"))
    assert working_minutes_used(start, end, CALENDAR, [outside]) == 960


@given(
    start=office_moments,
    span=st.integers(min_value=0, max_value=20 * 24 * 60),
    offset=st.integers(min_value=0, max_value=20 * 24 * 60),
    length=st.integers(min_value=0, max_value=20 * 24 * 60),
)
def test_used_minutes_never_exceed_elapsed_working_time(start, span, offset, length):
    end = start + timedelta(minutes=span)
    pause = Interval(
        start + timedelta(minutes=offset), start + timedelta(minutes=offset + length)
    )
    used = working_minutes_used(start, end, PLAIN, [pause])
    assert 0 <= used <= working_minutes_between(start, end, PLAIN)
