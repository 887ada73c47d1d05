from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from django.utils import translation

import pytest

from motcua.portal.templatetags.portal_format import (
    dmy,
    file_kind,
    legal_text,
    processing_time,
    vnd,
)


@pytest.mark.parametrize(
    ("amount", "text"),
    [(8000, "8.000 đ"), (200000, "200.000 đ"), (1500000, "1.500.000 đ"), (0, "0 đ")],
)
def test_money_is_shown_in_dong_with_dots(amount, text):
    assert vnd(amount) == text


def test_dates_are_shown_day_first():
    assert dmy(date(2025, 7, 1)) == "01/07/2025"
    assert dmy("2014-11-20") == "20/11/2014"
    assert dmy("năm 2014") == "năm 2014"
    assert dmy(None) == ""


def option(amount, unit, cutoff=None):
    return SimpleNamespace(
        time_amount=Decimal(amount), time_unit=unit, cutoff_hour=cutoff
    )


@pytest.mark.parametrize(
    ("channel", "vietnamese", "english"),
    [
        (option(5, "working_days"), "5 ngày làm việc", "5 working days"),
        (option(1, "working_days"), "1 ngày làm việc", "1 working day"),
        (option("1.5", "working_days"), "1,5 ngày làm việc", "1,5 working days"),
        (option(8, "working_hours"), "8 giờ làm việc", "8 working hours"),
        (option(30, "calendar_days"), "30 ngày (kể cả ngày nghỉ)", "30 calendar days"),
        (
            option(0, "same_day", 15),
            "Trong ngày (sau 15 giờ: ngày làm việc tiếp theo)",
            "Within the day (after 15:00: the next working day)",
        ),
        (option(0, "same_day"), "Trong ngày", "Within the day"),
    ],
)
def test_time_limits_read_as_the_national_portal_writes_them(
    channel, vietnamese, english
):
    with translation.override("vi"):
        assert processing_time(channel) == vietnamese
    with translation.override("en"):
        assert processing_time(channel) == english


def test_legal_basis_entries_accept_dicts_and_plain_text():
    assert legal_text(
        {"number": "60/2014/QH13", "title": "Luật Hộ tịch", "date": "2014-11-20"}
    ) == {"number": "60/2014/QH13", "title": "Luật Hộ tịch", "date": "20/11/2014"}
    assert legal_text("Luật Hộ tịch") == {
        "number": "",
        "title": "Luật Hộ tịch",
        "date": "",
    }


def test_the_kind_of_a_form_file_is_its_extension():
    assert file_kind("forms/2026/to-khai.pdf") == "PDF"
    assert file_kind("forms/2026/mau") == ""
