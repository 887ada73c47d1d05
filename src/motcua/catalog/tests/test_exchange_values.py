from datetime import date, datetime

from django.utils import translation

import pytest

from motcua.catalog.exchange import values
from motcua.catalog.exchange.validation import resolve_level

LEVELS = {"province": "Cấp tỉnh", "district": "Cấp huyện", "commune": "Cấp xã"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (1, "desk"),
        ("2", "online"),
        (3.0, "postal"),
        ("desk", "desk"),
        ("Trực tiếp", "desk"),
        ("trực tuyến", "online"),
        ("Dịch vụ bưu chính công ích", "postal"),
    ],
)
def test_channels_are_read_from_numbers_words_and_codes(raw, expected):
    assert values.parse_channel(raw) == expected


@pytest.mark.parametrize("raw", [0, 4, "fax", True, None, ""])
def test_unknown_channels_are_refused(raw):
    with pytest.raises(values.InvalidValue):
        values.parse_channel(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ngày làm việc", "working_days"),
        ("ngay lam viec", "working_days"),
        ("Giờ làm việc", "working_hours"),
        ("Giờ", "working_hours"),
        ("Ngày", "calendar_days"),
        ("Ngày (theo ngày dương lịch)", "calendar_days"),
        ("Trong ngày", "same_day"),
        ("same_day", "same_day"),
    ],
)
def test_national_time_units_map_to_the_catalog_units(raw, expected):
    assert values.parse_time_unit(raw) == expected


@pytest.mark.parametrize("raw", ["Tháng", "Tuần", "", None])
def test_time_units_the_catalog_cannot_count_are_refused(raw):
    with pytest.raises(values.InvalidValue):
        values.parse_time_unit(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (200000, 200000),
        (8000.0, 8000),
        ("200.000", 200000),
        ("1,500,000", 1500000),
        ("8 000", 8000),
        ("", 0),
        (None, 0),
        ("Miễn phí", 0),
    ],
)
def test_amounts_in_vnd_are_read(raw, expected):
    assert values.parse_amount(raw) == expected


@pytest.mark.parametrize("raw", [-1, 1.5, "2.00", "12.34.5", "abc", True, "-5"])
def test_amounts_that_are_not_whole_non_negative_dong_are_refused(raw):
    with pytest.raises(values.InvalidValue, match="not an amount"):
        values.parse_amount(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(5, 5), ("0,5", 0.5), ("10.5", 10.5), (2.0, 2), ("", 0), ("99999.9", 99999.9)],
)
def test_processing_times_are_read(raw, expected):
    assert values.parse_time_amount(raw) == expected


@pytest.mark.parametrize("raw", [-1, "1.25", "100000", "NaN", "Infinity", "x"])
def test_impossible_processing_times_are_refused(raw):
    with pytest.raises(values.InvalidValue):
        values.parse_time_amount(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(True, True), ("Có", True), ("x", True), (1, True), ("Không", False), ("", False)],
)
def test_yes_and_no_are_read(raw, expected):
    assert values.parse_bool(raw) is expected


def test_other_words_are_not_yes_or_no():
    with pytest.raises(values.InvalidValue, match="not yes or no"):
        values.parse_bool("maybe")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("20/11/2014", "2014-11-20"),
        ("2014-11-20", "2014-11-20"),
        (date(2014, 11, 20), "2014-11-20"),
        (datetime(2014, 11, 20, 0, 0), "2014-11-20"),  # noqa: DTZ001
        ("", ""),
    ],
)
def test_dates_are_read_in_both_orders(raw, expected):
    assert values.parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["31/02/2020", "2020-13-01", "hôm qua"])
def test_impossible_dates_are_refused(raw):
    with pytest.raises(values.InvalidValue):
        values.parse_date(raw)


@pytest.mark.parametrize(
    ("raw", "expected"), [(15, 15), ("17h", 17), ("", None), (0, 0)]
)
def test_cutoff_hours_are_read(raw, expected):
    assert values.parse_hour(raw) == expected


@pytest.mark.parametrize("raw", [24, "-1", "3 giờ chiều"])
def test_hours_outside_a_day_are_refused(raw):
    with pytest.raises(values.InvalidValue):
        values.parse_hour(raw)


def test_the_cutoff_hour_is_found_in_the_published_time():
    text = "Trường hợp nhận hồ sơ sau 15 giờ thì trả kết quả ngày làm việc tiếp theo"

    assert values.cutoff_from_text(text) == 15
    assert values.cutoff_from_text("05 ngày làm việc") is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Toàn trình", "full"),
        ("4", "full"),
        ("Một phần", "partial"),
        (3, "partial"),
        ("", "none"),
        ("Không", "none"),
        ("none", "none"),
    ],
)
def test_online_levels_are_read(raw, expected):
    assert values.parse_online_level(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("commune", "commune"),
        ("Cấp Xã", "commune"),
        ("cấp   tỉnh", "province"),
        ("Cấp huyện", "district"),
        ("Cấp Bộ", None),
        ("", None),
    ],
)
def test_levels_are_found_by_code_name_or_national_spelling(raw, expected):
    assert resolve_level(raw, LEVELS) == expected


def test_a_national_level_the_installation_lacks_is_not_found():
    two_tier = {"province": "Cấp tỉnh", "commune": "Cấp xã"}

    assert resolve_level("Cấp Huyện", two_tier) is None
