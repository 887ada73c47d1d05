import datetime as dt

import pytest

from motcua.citizens.domain import (
    ClaimsError,
    identity_from_claims,
    is_current,
    normalise_personal_id,
    normalise_tax_code,
    resend_wait,
)


def test_personal_id_is_nine_or_twelve_digits():
    assert normalise_personal_id(" 0800 9000 1234 ") == "080090001234"
    assert normalise_personal_id("123456789") == "123456789"
    assert normalise_personal_id("12345") == ""
    assert normalise_personal_id(None) == ""


def test_identity_reads_the_usual_claim_names():
    identity = identity_from_claims(
        {
            "sub": "x",
            "family_name": "Nguyễn",
            "given_name": "An",
            "citizen_id": "080090001234",
            "birthdate": "bad",
            "email": "A@B.VN",
            "address": "Tân Thạnh",
        }
    )
    assert identity.full_name == "Nguyễn An"
    assert identity.personal_id == "080090001234"
    assert identity.date_of_birth is None
    assert identity.email == "a@b.vn"
    assert identity.address == "Tân Thạnh"


def test_claims_without_subject_are_refused():
    with pytest.raises(ClaimsError):
        identity_from_claims({"name": "x"})


def test_representation_dates():
    day = dt.date(2026, 1, 10)
    assert is_current(dt.date(2026, 1, 1), None, day)
    assert is_current(dt.date(2026, 1, 1), day, day)
    assert not is_current(dt.date(2026, 1, 11), None, day)
    assert not is_current(dt.date(2025, 1, 1), dt.date(2026, 1, 9), day)


# -- resending codes and tax codes (pure) -----------------------------------

NOON = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)


def _ago(*minutes):
    return [NOON - dt.timedelta(minutes=m) for m in minutes]


def test_a_code_may_be_sent_when_none_was_recently():
    assert resend_wait([], NOON) == ("", 0)
    assert resend_wait(_ago(61, 70, 80, 90, 100, 110), NOON) == ("", 0)


def test_a_minute_between_two_codes():
    assert resend_wait([NOON - dt.timedelta(seconds=20)], NOON) == ("gap", 40)
    assert resend_wait([NOON - dt.timedelta(seconds=60)], NOON) == ("", 0)


def test_five_codes_an_hour():
    assert resend_wait(_ago(2, 10, 20, 30), NOON) == ("", 0)
    assert resend_wait(_ago(2, 10, 20, 30, 50), NOON) == ("hour", 600)
    # the gap is told first when both apply
    assert resend_wait(
        [NOON - dt.timedelta(seconds=5), *_ago(10, 20, 30, 50)], NOON
    ) == ("gap", 55)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0312345678", "0312345678"),
        (" 0312 345 678 ", "0312345678"),
        ("0312345678-001", "0312345678-001"),
        ("0312345678001", "0312345678-001"),
        ("031234567", ""),
        ("0312345678-01", ""),
        ("abc", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_tax_code(text, expected):
    assert normalise_tax_code(text) == expected
