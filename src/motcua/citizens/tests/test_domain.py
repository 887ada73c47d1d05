import datetime as dt

import pytest

from motcua.citizens.domain import (
    ClaimsError,
    identity_from_claims,
    is_current,
    normalise_personal_id,
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
