from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.dossiers.domain import (
    AFTER_RECEPTION,
    BEFORE_RECEPTION,
    CREATIONS,
    FINAL,
    GENESIS_HASH,
    NATIONAL_CODE,
    START_STATUSES,
    TRANSITIONS,
    Action,
    EventFacts,
    IllegalTransition,
    InvalidIdentifier,
    Status,
    allowed_actions,
    chain_breaks,
    check_personal_id,
    check_phone,
    check_tax_code,
    event_hash,
    format_dossier_code,
    initial_status,
    mask_name,
    next_status,
    parse_dossier_code,
)

# The lifecycle table.


@pytest.mark.parametrize(
    ("status", "action", "expected"),
    [(s, a, t) for (s, a), t in TRANSITIONS.items()],
)
def test_listed_transitions_are_applied(status, action, expected):
    assert next_status(status, action) is expected


UNLISTED = [
    (status, action)
    for status in Status
    for action in Action
    if (status, action) not in TRANSITIONS
]


@pytest.mark.parametrize(("status", "action"), UNLISTED)
def test_unlisted_transitions_are_refused(status, action):
    with pytest.raises(IllegalTransition) as refused:
        next_status(status, action)
    assert str(refused.value) == f"Cannot {action} a dossier that is {status}."
    assert (refused.value.status, refused.value.action) == (status, action)


def test_an_unknown_action_is_refused_not_crashed():
    with pytest.raises(IllegalTransition, match="Cannot approve"):
        next_status(Status.RECEIVED, "approve")


def test_every_status_is_reachable_from_the_start_states():
    reached, todo = set(START_STATUSES), list(START_STATUSES)
    while todo:
        current = todo.pop()
        for action in allowed_actions(current):
            target = next_status(current, action)
            if target not in reached:
                reached.add(target)
                todo.append(target)
    assert reached == set(Status)


@pytest.mark.parametrize("status", sorted(FINAL))
def test_terminal_states_have_no_exits(status):
    assert allowed_actions(status) == ()


def test_only_terminal_states_have_no_exits():
    assert {s for s in Status if not allowed_actions(s)} == FINAL


@pytest.mark.parametrize("status", list(Status))
def test_every_status_can_still_reach_a_terminal_state(status):
    seen, stack = {status}, [status]
    while stack:
        current = stack.pop()
        for action in allowed_actions(current):
            target = next_status(current, action)
            if target not in seen:
                seen.add(target)
                stack.append(target)
    assert seen & FINAL


def test_statuses_carry_the_national_codes_one_to_ten():
    assert [NATIONAL_CODE[s] for s in Status] == list(range(1, 11))
    assert NATIONAL_CODE[Status.NEW] == 1
    assert NATIONAL_CODE[Status.RETURNED] == 10
    assert NATIONAL_CODE[Status.STOPPED] == 8


def test_a_dossier_is_born_by_online_submission_or_desk_reception():
    assert initial_status(Action.SUBMIT) is Status.NEW
    assert initial_status(Action.RECEIVE) is Status.RECEIVED
    assert set(CREATIONS.values()) == START_STATUSES
    with pytest.raises(IllegalTransition, match="does not exist yet"):
        initial_status(Action.RESOLVE)


@pytest.mark.parametrize(("status", "action"), sorted(BEFORE_RECEPTION))
def test_reception_decisions_are_refused_once_the_dossier_was_received(status, action):
    with pytest.raises(IllegalTransition):
        next_status(status, action, received=True)
    assert next_status(status, action, received=False) is TRANSITIONS[status, action]


@pytest.mark.parametrize(("status", "action"), sorted(AFTER_RECEPTION))
def test_processing_actions_need_a_received_dossier(status, action):
    with pytest.raises(IllegalTransition):
        next_status(status, action, received=False)
    assert next_status(status, action, received=True) is TRANSITIONS[status, action]


# Dossier codes.


def test_a_dossier_code_follows_circular_01_2018():
    code = format_dossier_code("000.00.25.H39", date(2025, 10, 27), 7)
    assert code == "000.00.25.H39-251027-0007"
    parsed = parse_dossier_code(code)
    assert (parsed.agency, parsed.day, parsed.number) == (
        "000.00.25.H39",
        date(2025, 10, 27),
        7,
    )


def test_a_code_typed_in_lower_case_with_blanks_is_understood():
    parsed = parse_dossier_code("  000.00.25.h39-251027-0001 ")
    assert str(parsed) == "000.00.25.H39-251027-0001"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "000.00.25.H39-251027",
        "000.00.25.H39-251327-0001",  # month 13
        "000.00.25.H39-250230-0001",  # 30 February
        "000.00.25.H39-251027-0000",
        "000.00.25.H39-251027-001",
        "H39-251027-0001; DROP TABLE",
        "not-an-agency-251027-0001",
        "x" * 200,
        None,
    ],
)
def test_malformed_codes_parse_to_none(text):
    assert parse_dossier_code(text) is None


agencies = st.sampled_from(["000.00.25.H39", "000.01.25.H39", "H39.65", "G12"])


@given(
    agency=agencies,
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    number=st.integers(min_value=1, max_value=999_999),
)
def test_formatting_and_parsing_a_code_round_trip(agency, day, number):
    code = format_dossier_code(agency, day, number)
    parsed = parse_dossier_code(code)
    assert (parsed.agency, parsed.day, parsed.number) == (agency, day, number)
    assert str(parsed) == code


@given(st.text(max_size=80))
def test_parsing_any_text_never_raises(text):
    parsed = parse_dossier_code(text)
    assert parsed is None or parse_dossier_code(str(parsed)) == parsed


# Masked names.


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("Nguyễn Văn An", "N*** V** A"),
        ("Trần Thị Mai", "T*** T** M"),
        ("Lê Na", "L*** N"),
        ("Hùng", "H***"),
        ("  Phạm   Thị  Thu   Hà ", "P*** T** T** H"),
        ("", ""),
    ],
)
def test_a_person_is_masked_to_initials_of_fixed_length(name, masked):
    assert mask_name(name) == masked


def test_an_organisation_shows_the_initial_of_each_word():
    assert (
        mask_name("Công ty TNHH An Phát", organisation=True)
        == "C*** t*** T*** A*** P***"
    )


words = st.text(alphabet=st.characters(categories=["L"]), min_size=1, max_size=12)


@given(st.lists(words, min_size=1, max_size=6), st.booleans())
def test_a_mask_reveals_only_initials_and_the_number_of_words(parts, organisation):
    masked = mask_name(" ".join(parts), organisation=organisation)
    same_initials = [p[0] + "x" * (len(p) + 3) for p in parts]
    assert masked == mask_name(" ".join(same_initials), organisation=organisation)
    assert [w[0] for w in masked.split()] == [p[0] for p in parts]
    assert set(masked.replace(" ", "")) <= {*(p[0] for p in parts), "*"}


# Identity numbers.


def test_a_well_formed_personal_id_is_accepted():
    assert check_personal_id("080090000123", date(1990, 5, 17)) == "080090000123"
    assert check_personal_id(" 079203001234 ", date(2003, 1, 2)) == "079203001234"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("08009000012", "personal_id_shape"),
        ("0800900001234", "personal_id_shape"),
        ("08009000012a", "personal_id_shape"),
        ("０８００９０００００１２", "personal_id_shape"),  # full-width digits
        ("003090000123", "personal_id_province"),  # 003 is no province
        ("097090000123", "personal_id_province"),
    ],
)
def test_a_malformed_personal_id_is_refused(value, problem):
    with pytest.raises(InvalidIdentifier) as refused:
        check_personal_id(value)
    assert refused.value.code == problem


def test_a_personal_id_must_match_the_year_of_birth():
    with pytest.raises(InvalidIdentifier, match="personal_id_birth_year"):
        check_personal_id("080090000123", date(1991, 5, 17))
    with pytest.raises(InvalidIdentifier, match="personal_id_birth_year"):
        check_personal_id("080090000123", date(2090, 5, 17))  # century code 0


def test_tax_codes_are_checked_with_their_check_digit():
    assert check_tax_code("0100109106") == "0100109106"
    assert check_tax_code("0100109106-001") == "0100109106001"
    with pytest.raises(InvalidIdentifier):
        check_tax_code("0100109107")


def test_vietnamese_phone_numbers_are_normalised():
    assert check_phone("0912 345 678") == "0912345678"
    assert check_phone("+84 912 345 678") == "0912345678"
    with pytest.raises(InvalidIdentifier):
        check_phone("12345")


# The audit chain.


def _chain(length):
    stored, previous = [], GENESIS_HASH
    for sequence in range(1, length + 1):
        facts = EventFacts(
            dossier_code="000.00.25.H39-251027-0001",
            sequence=sequence,
            action="receive",
            from_status="",
            to_status="received",
            actor_id=7,
            at=f"2025-10-27T02:3{sequence}:00.000000+00:00",
            reason="",
            payload={"b": 1, "a": [1, "ồ"]},
            previous_hash=previous,
        )
        previous = event_hash(facts)
        stored.append((facts, previous))
    return stored


def test_an_intact_chain_has_no_breaks():
    stored = _chain(3)
    assert chain_breaks(stored, stored[-1][1]) == []
    assert chain_breaks([], GENESIS_HASH) == []


def test_the_hash_does_not_depend_on_key_order():
    facts = _chain(1)[0][0]
    assert event_hash(facts) == event_hash(
        replace(facts, payload={"a": [1, "ồ"], "b": 1})
    )


def test_an_edited_event_breaks_its_hash():
    stored = _chain(3)
    facts, digest = stored[1]
    stored[1] = (replace(facts, reason="sửa"), digest)
    assert [(b.sequence, b.problem) for b in chain_breaks(stored, stored[-1][1])] == [
        (2, "hash")
    ]


def test_a_deleted_event_leaves_a_gap():
    stored = _chain(3)
    del stored[1]
    assert [(b.sequence, b.problem) for b in chain_breaks(stored, stored[-1][1])] == [
        (2, "gap")
    ]


def test_a_deleted_last_event_no_longer_matches_the_head():
    stored = _chain(3)
    head = stored[-1][1]
    assert [(b.sequence, b.problem) for b in chain_breaks(stored[:2], head)] == [
        (3, "head")
    ]
