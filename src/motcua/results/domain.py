"""The rules of results and their return, on plain values.

Pure Python on purpose (no Django): result codes, the states a result and
a postal consignment go through, who may collect a result at the desk, and
which certification register a procedure writes to. ``services/`` applies
them to rows inside transactions.
"""

import re
from dataclasses import dataclass
from enum import StrEnum


class ResultState(StrEnum):
    DRAFT = "draft"  # dự thảo: generated or uploaded, not signed
    SIGNED = "signed"  # đã ký số
    ISSUED = "issued"  # đã phát hành: has its code, may be returned


class Source(StrEnum):
    GENERATED = "generated"  # printed from the decision template
    UPLOADED = "uploaded"  # a PDF the specialist prepared elsewhere


class Method(StrEnum):
    DESK = "desk"  # trả trực tiếp tại Bộ phận một cửa
    POST = "post"  # qua dịch vụ bưu chính công ích
    ELECTRONIC = "electronic"  # trả kết quả điện tử (tải về)


class PostalStatus(StrEnum):
    HANDED_TO_POST = "handed_to_post"  # đã giao bưu điện
    IN_TRANSIT = "in_transit"  # đang vận chuyển
    DELIVERY_FAILED = "delivery_failed"  # phát không thành công, sẽ phát lại
    DELIVERED = "delivered"  # đã phát cho người nhận
    RETURNED_TO_SENDER = "returned_to_sender"  # chuyển hoàn về cơ quan


POSTAL_FINAL = frozenset({PostalStatus.DELIVERED, PostalStatus.RETURNED_TO_SENDER})

POSTAL_NEXT: dict[PostalStatus, frozenset[PostalStatus]] = {
    PostalStatus.HANDED_TO_POST: frozenset(
        {
            PostalStatus.IN_TRANSIT,
            PostalStatus.DELIVERY_FAILED,
            PostalStatus.DELIVERED,
            PostalStatus.RETURNED_TO_SENDER,
        }
    ),
    PostalStatus.IN_TRANSIT: frozenset(
        {
            PostalStatus.IN_TRANSIT,
            PostalStatus.DELIVERY_FAILED,
            PostalStatus.DELIVERED,
            PostalStatus.RETURNED_TO_SENDER,
        }
    ),
    PostalStatus.DELIVERY_FAILED: frozenset(
        {
            PostalStatus.IN_TRANSIT,
            PostalStatus.DELIVERY_FAILED,
            PostalStatus.DELIVERED,
            PostalStatus.RETURNED_TO_SENDER,
        }
    ),
    PostalStatus.DELIVERED: frozenset(),
    PostalStatus.RETURNED_TO_SENDER: frozenset(),
}
"""Which status a consignment may be updated to from each status.

A delivered or returned consignment is closed: the post's later scans do
not reopen it.
"""


def can_update_postal(current: PostalStatus | str, new: PostalStatus | str) -> bool:
    """Tell whether a consignment in ``current`` may be updated to ``new``."""
    try:
        return PostalStatus(new) in POSTAL_NEXT[PostalStatus(current)]
    except ValueError:
        return False


# Result codes (Decree 45/2020 art. 14(3)): {dossier code}-KQ{n}.

_RESULT_CODE = re.compile(r"^(?P<dossier>[0-9A-Z.]+-\d{6}-\d{4,6})-KQ(?P<n>\d{1,3})$")


def format_result_code(dossier_code: str, number: int) -> str:
    """Return the code of the ``number``-th result of a dossier."""
    if number < 1:
        raise ValueError("result numbers start at 1")
    return f"{dossier_code}-KQ{number}"


@dataclass(frozen=True)
class ResultCode:
    dossier_code: str
    number: int

    def __str__(self) -> str:
        return format_result_code(self.dossier_code, self.number)


def parse_result_code(text: str) -> ResultCode | None:
    """Return the parts of a result code, or None if it is not one.

    Accepts blanks around it and lower case (as typed by a citizen);
    anything malformed gives None, never an exception.
    """
    if not isinstance(text, str) or len(text) > 70:
        return None
    match = _RESULT_CODE.match(text.strip().upper())
    if not match or int(match["n"]) < 1:
        return None
    return ResultCode(match["dossier"], int(match["n"]))


# Who may collect a result at the desk.


class ReceiverMismatch(ValueError):
    """The person at the desk is neither the applicant nor their representative."""


def check_receiver(
    receiver_id: str, *, applicant_id: str, representative_id: str = ""
) -> str:
    """Return who collects the result: "applicant" or "representative".

    The desk checks the identity paper of the person collecting: its number
    must be the applicant's or the authorised representative's recorded on
    the dossier (the one who submitted it, or named in a power of attorney
    the officer records). Raises ``ReceiverMismatch`` otherwise.
    """
    receiver_id = "".join(receiver_id.split())
    if not receiver_id:
        raise ReceiverMismatch("missing")
    if applicant_id and receiver_id == applicant_id.strip():
        return "applicant"
    if representative_id and receiver_id == representative_id.strip():
        return "representative"
    raise ReceiverMismatch("mismatch")


# Certification registers (sổ chứng thực), Decree 23/2015 art. 13 and the
# register forms guided by Circular 01/2020/TT-BTP.


class Register(StrEnum):
    COPIES = "copies"  # Sổ chứng thực bản sao từ bản chính (SCT/BS)
    SIGNATURES = "signatures"  # Sổ chứng thực chữ ký, điểm chỉ (SCT/CK,ĐC)
    TRANSLATORS = "translators"  # Sổ chứng thực chữ ký người dịch (SCT/CKND)
    CONTRACTS = "contracts"  # Sổ chứng thực hợp đồng, giao dịch (SCT/HĐ,GD)


REGISTER_SYMBOLS = {
    Register.COPIES: "SCT/BS",
    Register.SIGNATURES: "SCT/CK,ĐC",
    Register.TRANSLATORS: "SCT/CKND",
    Register.CONTRACTS: "SCT/HĐ,GD",
}

CERTIFICATION_FIELD = "CHUNGTHUC"

# Procedures of the national catalog whose register is known by code.
REGISTER_BY_PROCEDURE = {
    "2.000815": Register.COPIES,  # chứng thực bản sao từ bản chính
    "2.000942": Register.COPIES,  # bản sao có chứng thực từ bản chính hợp đồng
    "2.000884": Register.SIGNATURES,  # chứng thực chữ ký
    "2.000992": Register.TRANSLATORS,  # chữ ký người dịch
    "2.001019": Register.CONTRACTS,  # chứng thực di chúc
}


def register_for(procedure_code: str, procedure_name: str) -> Register:
    """Return the register a certification procedure writes to.

    Known codes first; otherwise the name decides ("người dịch", "chữ ký",
    "hợp đồng"/"di chúc"/"giao dịch", else copies).
    """
    known = REGISTER_BY_PROCEDURE.get(procedure_code)
    if known is not None:
        return known
    name = procedure_name.lower()
    if "người dịch" in name:
        return Register.TRANSLATORS
    if "chữ ký" in name or "điểm chỉ" in name:
        return Register.SIGNATURES
    if any(
        word in name
        for word in ("hợp đồng", "di chúc", "giao dịch", "văn bản thỏa thuận")
    ):
        return Register.CONTRACTS
    return Register.COPIES


def mask_personal_id(value: str) -> str:
    """Show the last three digits of an identity number only."""
    value = "".join(value.split())
    if len(value) <= 3:
        return "*" * len(value)
    return "*" * (len(value) - 3) + value[-3:]
