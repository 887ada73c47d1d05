import random
from datetime import timedelta

import pytest

from motcua.notifications.domain import (
    ascii_fold,
    gives_up,
    one_line,
    retry_delay,
    sms_parts,
)


@pytest.mark.parametrize(
    ("attempts", "expected"),
    [(1, 30), (2, 60), (3, 120), (4, 240), (8, 3600), (12, 3600)],
)
def test_retries_back_off_exponentially_up_to_the_cap(attempts, expected):
    delay = retry_delay(attempts, base_seconds=30, cap_seconds=3600, jitter=0)

    assert delay == timedelta(seconds=expected)


def test_jitter_spreads_retries_within_the_fraction():
    rng = random.Random(4)
    delays = {
        retry_delay(3, base_seconds=30, cap_seconds=3600, jitter=0.2, rng=rng)
        for _ in range(50)
    }

    assert len(delays) > 40
    assert all(timedelta(seconds=96) <= d <= timedelta(seconds=144) for d in delays)


def test_attempts_start_at_one():
    with pytest.raises(ValueError, match="start at 1"):
        retry_delay(0, base_seconds=30, cap_seconds=60)


def test_a_message_dies_at_the_maximum_number_of_attempts():
    assert not gives_up(9, 10)
    assert gives_up(10, 10)


def test_folding_removes_vietnamese_diacritics_and_keeps_case():
    assert ascii_fold("Hồ sơ ĐÃ tiếp nhận, đề nghị") == "Ho so DA tiep nhan, de nghi"


@pytest.mark.parametrize(
    ("text", "parts"),
    [("a" * 160, 1), ("a" * 161, 2), ("ồ" * 70, 1), ("ồ" * 71, 2), ("a" * 307, 3)],
)
def test_sms_parts_are_billed_by_alphabet(text, parts):
    assert sms_parts(text) == parts


def test_an_sms_is_one_line():
    assert one_line(" a\n\n b  c ") == "a b c"
