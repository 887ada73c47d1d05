import pytest

from motcua.results.domain import (
    PostalStatus,
    ReceiverMismatch,
    Register,
    can_update_postal,
    check_receiver,
    format_result_code,
    mask_personal_id,
    parse_result_code,
    register_for,
)


def test_a_result_code_is_the_dossier_code_and_its_number():
    assert (
        format_result_code("000.00.25.H39-251122-0001", 2)
        == "000.00.25.H39-251122-0001-KQ2"
    )


def test_result_numbers_start_at_one():
    with pytest.raises(ValueError, match="start at 1"):
        format_result_code("000.00.25.H39-251122-0001", 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("000.00.25.H39-251122-0001-KQ1", ("000.00.25.H39-251122-0001", 1)),
        (" 000.00.25.h39-251122-0001-kq12 ", ("000.00.25.H39-251122-0001", 12)),
        ("000.00.25.H39-251122-0001", None),
        ("000.00.25.H39-251122-0001-KQ0", None),
        ("000.00.25.H39-251122-0001-KQ", None),
        ("' OR 1=1 --", None),
        ("", None),
        (None, None),
        ("x" * 200, None),
    ],
)
def test_parsing_result_codes(text, expected):
    parsed = parse_result_code(text)
    assert (
        None if parsed is None else (parsed.dossier_code, parsed.number)
    ) == expected


@pytest.mark.parametrize(
    ("current", "new", "allowed"),
    [
        ("handed_to_post", "in_transit", True),
        ("in_transit", "delivery_failed", True),
        ("delivery_failed", "in_transit", True),
        ("in_transit", "delivered", True),
        ("in_transit", "returned_to_sender", True),
        ("delivered", "in_transit", False),
        ("returned_to_sender", "delivered", False),
        ("in_transit", "handed_to_post", False),
        ("in_transit", "lost", False),
    ],
)
def test_postal_status_changes(current, new, allowed):
    assert can_update_postal(current, new) is allowed


def test_every_postal_status_has_its_successors():
    assert set(PostalStatus) == set(
        __import__("motcua.results.domain", fromlist=["POSTAL_NEXT"]).POSTAL_NEXT
    )


def test_the_applicant_or_the_representative_collects():
    assert check_receiver("080090000123", applicant_id="080090000123") == "applicant"
    assert (
        check_receiver(
            " 0800 8500 0999 ",
            applicant_id="080090000123",
            representative_id="080085000999",
        )
        == "representative"
    )


@pytest.mark.parametrize("receiver", ["", "080099999999"])
def test_anyone_else_is_refused(receiver):
    with pytest.raises(ReceiverMismatch):
        check_receiver(receiver, applicant_id="080090000123")


@pytest.mark.parametrize(
    ("code", "name", "register"),
    [
        ("2.000815", "", Register.COPIES),
        ("2.000884", "", Register.SIGNATURES),
        ("2.000992", "", Register.TRANSLATORS),
        ("2.001019", "", Register.CONTRACTS),
        ("9.9", "Chứng thực chữ ký trong giấy tờ", Register.SIGNATURES),
        ("9.9", "Chứng thực hợp đồng mua bán xe", Register.CONTRACTS),
        ("9.9", "Chứng thực bản sao", Register.COPIES),
    ],
)
def test_the_register_of_a_certification(code, name, register):
    assert register_for(code, name) is register


def test_personal_ids_are_masked_but_the_last_three_digits():
    assert mask_personal_id("080090000123") == "*********123"
    assert mask_personal_id("12") == "**"
