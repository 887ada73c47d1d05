"""Dates written as Decree 30/2020 writes them."""

from datetime import UTC, datetime

import pytest

from motcua.documents.forms.formatting import clock_and_date, day_month, place_and_date


@pytest.mark.parametrize(
    ("value", "is_month", "text"),
    [
        (5, False, "05"),
        (10, False, "10"),
        (1, True, "01"),
        (2, True, "02"),
        (3, True, "3"),
        (11, True, "11"),
    ],
)
def test_days_below_ten_and_january_and_february_get_a_leading_zero(
    value, is_month, text
):
    assert day_month(value, month=is_month) == text


def test_the_place_and_date_line_uses_the_local_day():
    # 20:00 UTC on 21 November is 03:00 on 22 November in Vietnam.
    moment = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)

    assert place_and_date("Tân Thạnh", moment) == "Tân Thạnh, ngày 22 tháng 11 năm 2026"


def test_an_early_january_date_is_padded_in_day_and_month():
    moment = datetime(2026, 1, 4, 3, 0, tzinfo=UTC)

    assert place_and_date("Tân An", moment) == "Tân An, ngày 04 tháng 01 năm 2026"


def test_a_time_is_written_in_hours_and_minutes_then_the_date():
    moment = datetime(2023, 10, 27, 2, 32, tzinfo=UTC)

    assert clock_and_date(moment) == "09 giờ 32 phút, ngày 27/10/2023"
    assert clock_and_date(None) == ""
