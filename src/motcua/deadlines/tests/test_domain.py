from datetime import datetime, time, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from motcua.deadlines.domain import (
    CalendarError,
    Pause,
    TimeUnit,
    WorkingCalendar,
    add_working_minutes,
    counts_as_late_in_evaluation,
    due_at,
    is_late,
    working_minutes_between,
)

from .calendars import at, vietnam

CALENDAR = vietnam()

DATED_CASES = [
    # received,             amount, unit,            due,                 why
    (
        "27/10/2023 09:32",
        5,
        "working_days",
        "03/11/2023 09:32",
        "the receipt example of Circular 01/2018 systems",
    ),
    (
        "02/02/2024 10:00",
        5,
        "working_days",
        "16/02/2024 10:00",
        "Tết 2024: 8/2-14/2 off",
    ),
    (
        "07/02/2024 09:00",
        1,
        "working_days",
        "15/02/2024 09:00",
        "the day before Tết 2024",
    ),
    (
        "26/04/2024 16:00",
        1,
        "working_days",
        "02/05/2024 16:00",
        "29/4/2024 swapped off, 30/4, 1/5",
    ),
    (
        "03/05/2024 10:00",
        1,
        "working_days",
        "04/05/2024 10:00",
        "Saturday 4/5/2024 is a working day",
    ),
    ("30/08/2024 10:00", 1, "working_days", "04/09/2024 10:00", "2/9 and 3/9/2024"),
    (
        "24/01/2025 14:00",
        1,
        "working_days",
        "03/02/2025 14:00",
        "Tết 2025: 27/1-1/2 off",
    ),
    (
        "25/04/2025 09:00",
        1,
        "working_days",
        "26/04/2025 09:00",
        "Saturday 26/4/2025 is a working day",
    ),
    (
        "29/04/2025 10:00",
        2,
        "working_days",
        "06/05/2025 10:00",
        "30/4, 1/5 and swapped 2/5/2025 off",
    ),
    ("29/08/2025 10:00", 1, "working_days", "03/09/2025 10:00", "1/9 and 2/9/2025"),
    (
        "13/02/2026 10:00",
        1,
        "working_days",
        "23/02/2026 10:00",
        "Tết 2026: 16/2-20/2 off",
    ),
    (
        "24/04/2026 10:00",
        3,
        "working_days",
        "04/05/2026 10:00",
        "Hùng Kings observed 27/4, 30/4, 1/5/2026",
    ),
    (
        "21/08/2026 10:00",
        1,
        "working_days",
        "22/08/2026 10:00",
        "Saturday 22/8/2026 is a working day",
    ),
    (
        "28/08/2026 08:00",
        1,
        "working_days",
        "03/09/2026 08:00",
        "swapped 31/8, 1/9, 2/9/2026 off",
    ),
    (
        "23/11/2026 10:00",
        1,
        "working_days",
        "25/11/2026 10:00",
        "24/11/2026 Vietnamese Culture Day",
    ),
    (
        "02/02/2026 16:30",
        8,
        "working_hours",
        "03/02/2026 16:30",
        "8 working hours to accept online",
    ),
    (
        "23/01/2026 18:00",
        8,
        "working_hours",
        "26/01/2026 17:00",
        "after hours counts from Monday 7:30",
    ),
    (
        "26/01/2026 12:00",
        1,
        "working_hours",
        "26/01/2026 14:00",
        "lunch break is not working time",
    ),
    ("26/01/2026 11:00", 0.5, "working_days", "26/01/2026 16:30", "half a working day"),
    ("24/01/2025 14:30", 0, "same_day", "24/01/2025 17:00", "before the 15:00 cut-off"),
    (
        "24/01/2025 15:30",
        0,
        "same_day",
        "03/02/2025 17:00",
        "after the cut-off: next working day, after Tết",
    ),
    ("25/01/2025 09:00", 0, "same_day", "03/02/2025 17:00", "received on a weekend"),
    (
        "24/04/2025 09:00",
        5,
        "calendar_days",
        "29/04/2025 17:00",
        "Civil Code: first day not counted",
    ),
    (
        "25/04/2025 09:00",
        5,
        "calendar_days",
        "05/05/2025 17:00",
        "last day 30/4 is off: next working day",
    ),
    ("30/12/2025 09:00", 2, "calendar_days", "02/01/2026 17:00", "1/1/2026 is off"),
]


@pytest.mark.parametrize(
    ("received", "amount", "unit", "expected", "why"),
    DATED_CASES,
    ids=[c[4] for c in DATED_CASES],
)
def test_due_dates_around_holidays(received, amount, unit, expected, why):
    assert due_at(at(received), amount, unit, CALENDAR) == at(expected)


def test_a_supplement_pause_moves_the_due_time_by_the_working_time_it_covered():
    received = at("05/01/2026 08:00")
    assert due_at(received, 5, "working_days", CALENDAR) == at("12/01/2026 08:00")
    pause = Pause(at("06/01/2026 08:00"), at("08/01/2026 08:00"))  # 16 working hours
    assert due_at(received, 5, "working_days", CALENDAR, pauses=[pause]) == at(
        "14/01/2026 08:00"
    )


def test_a_pause_over_a_weekend_only_counts_working_time():
    received = at("05/01/2026 08:00")
    pause = Pause(
        at("09/01/2026 17:00"), at("12/01/2026 07:30")
    )  # Friday close to Monday open
    assert due_at(received, 5, "working_days", CALENDAR, pauses=[pause]) == at(
        "12/01/2026 08:00"
    )


def test_an_open_pause_stops_the_clock():
    received = at("05/01/2026 08:00")
    assert (
        due_at(
            received,
            5,
            "working_days",
            CALENDAR,
            pauses=[Pause(at("06/01/2026 08:00"))],
        )
        is None
    )


def test_a_calendar_day_limit_moves_by_the_calendar_days_paused():
    received = at("05/01/2026 08:00")
    pause = Pause(at("06/01/2026 08:00"), at("09/01/2026 10:00"))
    assert due_at(received, 5, "calendar_days", CALENDAR, pauses=[pause]) == at(
        "13/01/2026 17:00"
    )


def test_a_same_day_dossier_paused_for_an_hour_is_due_an_hour_later():
    pause = Pause(at("05/01/2026 09:00"), at("05/01/2026 10:00"))
    due = due_at(at("05/01/2026 08:00"), 0, "same_day", CALENDAR, pauses=[pause])
    assert due == at("06/01/2026 08:30")


def test_the_cut_off_hour_is_the_procedures():
    due = due_at(at("05/01/2026 15:30"), 0, "same_day", CALENDAR, cutoff=time(16, 0))
    assert due == at("05/01/2026 17:00")


def test_saturday_morning_offices_count_their_saturday():
    week = {
        day: ((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0)))
        for day in range(5)
    }
    week[5] = ((time(7, 30), time(11, 30)),)
    police = WorkingCalendar(week=week)
    assert due_at(at("09/01/2026 16:00"), 5, "working_hours", police) == at(
        "10/01/2026 11:30"
    )


def test_a_pause_cannot_end_before_it_starts():
    with pytest.raises(CalendarError):
        Pause(at("06/01/2026 08:00"), at("05/01/2026 08:00"))


def test_negative_times_and_unknown_units_are_refused():
    with pytest.raises(CalendarError):
        due_at(at("05/01/2026 08:00"), -1, "working_days", CALENDAR)
    with pytest.raises(ValueError, match="weeks"):
        due_at(at("05/01/2026 08:00"), 1, "weeks", CALENDAR)


def test_a_calendar_without_working_time_is_refused_not_looped_forever():
    closed = WorkingCalendar(week={})
    with pytest.raises(CalendarError, match="no working"):
        due_at(at("05/01/2026 08:00"), 1, "working_days", closed)


def test_overlapping_office_periods_are_refused():
    with pytest.raises(CalendarError):
        WorkingCalendar(
            week={0: ((time(7, 0), time(12, 0)), (time(11, 0), time(17, 0)))}
        )


def test_lateness_is_derived_from_the_clock():
    due = at("05/01/2026 17:00")
    assert not is_late(due, at("05/01/2026 17:00"))
    assert is_late(due, at("05/01/2026 17:01"))
    assert not is_late(None, at("05/01/2026 17:01"))  # clock stopped


def test_the_evaluation_counts_a_second_supplement_request_as_late():
    due = at("05/01/2026 17:00")
    assert not counts_as_late_in_evaluation(
        due, at("05/01/2026 16:00"), supplement_requests=1
    )
    assert counts_as_late_in_evaluation(
        due, at("05/01/2026 16:00"), supplement_requests=2
    )


moments = st.datetimes(
    min_value=datetime(2023, 1, 2), max_value=datetime(2027, 6, 30)
).map(lambda d: d.replace(second=0, microsecond=0))
units = st.sampled_from(list(TimeUnit))
amounts = st.integers(min_value=0, max_value=40)


def _in_office(moment: datetime) -> bool:
    return any(
        datetime.combine(moment.date(), start)
        <= moment
        <= datetime.combine(moment.date(), end)
        for start, end in CALENDAR.periods(moment.date())
    )


@given(received=moments, amount=amounts, unit=units)
def test_the_due_time_is_never_before_receipt_and_falls_in_office_hours(
    received, amount, unit
):
    due = due_at(received, amount, unit, CALENDAR)
    assert due >= received
    assert _in_office(due)


@given(received=moments, a=amounts, b=amounts, unit=units)
def test_more_time_never_gives_an_earlier_due_time(received, a, b, unit):
    low, high = sorted((a, b))
    assert due_at(received, low, unit, CALENDAR) <= due_at(
        received, high, unit, CALENDAR
    )


@given(
    received=moments,
    amount=amounts,
    unit=units,
    pause_start=st.integers(min_value=0, max_value=30 * 24 * 60),
    pause_length=st.integers(min_value=0, max_value=10 * 24 * 60),
)
def test_pauses_only_push_the_due_time_later(
    received, amount, unit, pause_start, pause_length
):
    start = received + timedelta(minutes=pause_start)
    pause = Pause(start, start + timedelta(minutes=pause_length))
    plain = due_at(received, amount, unit, CALENDAR)
    assert due_at(received, amount, unit, CALENDAR, pauses=[pause]) >= plain


@given(
    received=moments,
    a=st.integers(min_value=0, max_value=30),
    b=st.integers(min_value=1, max_value=30),
)
def test_adding_whole_days_in_two_steps_equals_adding_them_at_once(received, a, b):
    first = due_at(received, a, "working_days", CALENDAR)
    assert due_at(first, b, "working_days", CALENDAR) == due_at(
        received, a + b, "working_days", CALENDAR
    )


@given(received=moments, minutes=st.integers(min_value=0, max_value=20_000))
def test_office_minutes_between_receipt_and_due_are_the_budget(received, minutes):
    start = add_working_minutes(received, 0, CALENDAR)
    end = add_working_minutes(start, minutes, CALENDAR)
    assert working_minutes_between(start, end, CALENDAR) == minutes


@given(received=moments)
def test_the_same_day_answer_is_the_close_of_a_working_day_within_two_working_days(
    received,
):
    assume(received.year < 2027)
    due = due_at(received, 0, "same_day", CALENDAR)
    assert due == CALENDAR.close_of(due.date())
    assert working_minutes_between(received, due, CALENDAR) <= 2 * CALENDAR.day_minutes


def test_the_clock_counts_whole_minutes_so_seconds_never_push_a_due_time_later():
    received = at("27/10/2023 08:00").replace(second=45)
    assert due_at(received, 5, "working_days", CALENDAR) == at("03/11/2023 08:00")
    assert add_working_minutes(received, 90, CALENDAR) == at("27/10/2023 09:30")
    assert working_minutes_between(received, at("27/10/2023 08:30"), CALENDAR) == 30
