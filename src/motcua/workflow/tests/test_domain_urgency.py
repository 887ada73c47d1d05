# ruff: noqa: DTZ001 -- the clock works on naive local time (deadlines.domain)
"""Urgency of a due time, on plain values (no database)."""

from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from motcua.deadlines.domain import WorkingCalendar
from motcua.workflow.domain import ORDER, Urgency, thresholds, urgency

CAL = WorkingCalendar()
MONDAY = datetime(2025, 3, 3, 9, 0)


def test_no_due_time_means_the_clock_is_paused():
    assert urgency(None, MONDAY, CAL) == Urgency.NONE


def test_past_due_is_late():
    assert urgency(MONDAY - timedelta(minutes=1), MONDAY, CAL) == Urgency.LATE


def test_due_at_this_moment_is_not_yet_late():
    assert urgency(MONDAY, MONDAY, CAL) == Urgency.DUE_TODAY


def test_later_today_is_due_today_even_after_office_hours():
    assert urgency(datetime(2025, 3, 3, 23, 0), MONDAY, CAL) == Urgency.DUE_TODAY


def test_within_two_working_days_is_due_soon():
    assert urgency(datetime(2025, 3, 4, 17, 0), MONDAY, CAL) == Urgency.DUE_SOON
    # 2 working days from Monday 9:00 end on Wednesday 9:00
    assert urgency(datetime(2025, 3, 5, 9, 0), MONDAY, CAL) == Urgency.DUE_SOON
    assert urgency(datetime(2025, 3, 5, 9, 1), MONDAY, CAL) == Urgency.LATER


def test_the_weekend_does_not_count():
    friday = datetime(2025, 3, 7, 9, 0)
    assert urgency(datetime(2025, 3, 11, 9, 0), friday, CAL) == Urgency.DUE_SOON
    assert urgency(datetime(2025, 3, 11, 10, 0), friday, CAL) == Urgency.LATER


def test_a_holiday_does_not_count():
    cal = WorkingCalendar(days_off=frozenset({date(2025, 3, 4)}))
    assert urgency(datetime(2025, 3, 6, 9, 0), MONDAY, cal) == Urgency.DUE_SOON


def test_the_order_of_an_inbox():
    assert ORDER[0] == Urgency.LATE
    assert ORDER[-1] == Urgency.NONE


moments = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2025, 12, 31))


@given(moments, moments)
def test_urgency_agrees_with_the_thresholds(now, due):
    today, soon = thresholds(now, CAL)
    result = urgency(due, now, CAL)
    assert today <= soon
    if due < now:
        assert result == Urgency.LATE
    elif due < today:
        assert result == Urgency.DUE_TODAY
    elif due <= soon:
        assert result == Urgency.DUE_SOON
    else:
        assert result == Urgency.LATER


@given(moments, st.integers(0, 10_000), st.integers(0, 10_000))
def test_a_later_due_time_is_never_more_urgent(now, a, b):
    first, second = sorted((a, b))
    u1 = urgency(now + timedelta(minutes=first), now, CAL)
    u2 = urgency(now + timedelta(minutes=second), now, CAL)
    assert ORDER.index(u1) <= ORDER.index(u2)
