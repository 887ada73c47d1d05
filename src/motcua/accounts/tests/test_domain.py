import pytest

from motcua.accounts.domain import InvalidTree, check_placement, is_agency_identifier


@pytest.mark.parametrize(
    "code", ["000.00.06.H56", "000.01.20.H39", "H21.65", "000.00.00.H39"]
)
def test_agency_identifiers_in_real_use_are_accepted(code):
    assert is_agency_identifier(code)


@pytest.mark.parametrize(
    "code",
    ["", "H5", "000.00.06", "000.00.06.h56", "ABC.00.06.H56", "000.00.06.H56-231027"],
)
def test_malformed_agency_identifiers_are_refused(code):
    assert not is_agency_identifier(code)


def test_a_commune_may_sit_directly_under_a_province():
    check_placement(child="27685", child_rank=3, parent_rank=1, ancestors=["80"])


def test_a_unit_may_not_sit_at_or_above_its_parents_level():
    with pytest.raises(InvalidTree, match="not below"):
        check_placement(
            child="794", child_rank=2, parent_rank=2, ancestors=["795", "80"]
        )


def test_a_unit_may_not_become_its_own_ancestor():
    with pytest.raises(InvalidTree, match="own ancestor"):
        check_placement(
            child="80", child_rank=3, parent_rank=2, ancestors=["794", "80"]
        )
