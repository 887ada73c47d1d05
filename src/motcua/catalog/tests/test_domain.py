from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.catalog.domain import (
    CatalogRuleBroken,
    VersionSpan,
    is_national_code,
    plan_abolition,
    plan_publication,
    version_in_force,
)

JULY_2025 = date(2025, 7, 1)


@pytest.mark.parametrize("code", ["1.001193", "2.000815", "3.000123"])
def test_national_codes_are_recognised(code):
    assert is_national_code(code)


@pytest.mark.parametrize(
    "code",
    ["", "1001193", "1.00119", "1.0011933", "2.000815.000.00.00.H38", "a.001193"],
)
def test_other_strings_are_not_national_codes(code):
    assert not is_national_code(code)


def test_no_version_is_in_force_before_the_first_takes_effect():
    spans = [VersionSpan(1, JULY_2025)]
    assert version_in_force(spans, JULY_2025 - timedelta(days=1)) is None
    assert version_in_force(spans, JULY_2025) == 1


def test_an_amendment_takes_over_on_its_effective_date():
    spans = [
        VersionSpan(1, JULY_2025, date(2026, 1, 1)),
        VersionSpan(2, date(2026, 1, 1)),
    ]
    assert version_in_force(spans, date(2025, 12, 31)) == 1
    assert version_in_force(spans, date(2026, 1, 1)) == 2


def test_an_abolished_procedure_has_no_version_in_force():
    spans = [VersionSpan(1, JULY_2025, date(2026, 3, 1))]
    assert version_in_force(spans, date(2026, 3, 1)) is None


def test_overlapping_hand_typed_spans_resolve_to_the_later_decision():
    spans = [VersionSpan(1, JULY_2025), VersionSpan(2, date(2025, 9, 1))]
    assert version_in_force(spans, date(2025, 10, 1)) == 2


def test_publishing_closes_the_open_version_on_the_new_effective_date():
    ends = plan_publication(
        [VersionSpan(1, JULY_2025)], effective_from=date(2026, 1, 1)
    )
    assert ends == {1: date(2026, 1, 1)}


def test_publishing_the_first_version_closes_nothing():
    assert plan_publication([], effective_from=JULY_2025) == {}


def test_a_version_cannot_take_effect_before_one_already_published():
    with pytest.raises(CatalogRuleBroken, match="must start later"):
        plan_publication([VersionSpan(1, JULY_2025)], effective_from=JULY_2025)


def test_abolition_ends_the_open_version():
    assert plan_abolition(
        [VersionSpan(1, JULY_2025)], effective_from=date(2026, 1, 1)
    ) == {1: date(2026, 1, 1)}


def test_abolition_needs_a_published_version_in_force():
    with pytest.raises(CatalogRuleBroken, match="no published version"):
        plan_abolition([], effective_from=JULY_2025)
    with pytest.raises(CatalogRuleBroken, match="no longer in force"):
        plan_abolition(
            [VersionSpan(1, JULY_2025, date(2025, 8, 1))],
            effective_from=date(2025, 9, 1),
        )


dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1))


@given(starts=st.lists(dates, min_size=1, max_size=8, unique=True), probe=dates)
def test_publishing_in_order_leaves_exactly_one_version_in_force_after_the_first(
    starts, probe
):
    spans: list[VersionSpan] = []
    for number, start in enumerate(sorted(starts), start=1):
        ends = plan_publication(spans, effective_from=start)
        spans = [
            VersionSpan(s.number, s.effective_from, ends.get(s.number, s.effective_to))
            for s in spans
        ] + [VersionSpan(number, start)]
    in_force = [s for s in spans if s.is_in_force(probe)]
    if probe < min(starts):
        assert in_force == []
    else:
        assert len(in_force) == 1
        latest_started = max(s for s in starts if s <= probe)
        assert in_force[0].effective_from == latest_started
        assert version_in_force(spans, probe) == in_force[0].number
