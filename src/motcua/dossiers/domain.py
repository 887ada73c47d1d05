"""The rules of a dossier on plain values: lifecycle, codes, names, audit hash.

The identity-number checks live in ``identifiers`` and are re-exported here.

Pure Python on purpose (no Django): every rule here is tested exhaustively
without a database; ``services/`` applies them to rows inside transactions.

The statuses are the national portal's dossier statuses (TrangThaiHoSo 1-10)
so that synchronisation is a mapping. "Late" is not a status: it is derived
from the due time and the moment the dossier was resolved (or now).
"""

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum
from types import MappingProxyType

from motcua.accounts.domain import is_agency_identifier

from .identifiers import (  # noqa: F401  (re-exported: callers import them from here)
    PROVINCE_ID_CODES,
    InvalidIdentifier,
    birth_year_of,
    check_personal_id,
    check_phone,
    check_tax_code,
)


class Status(StrEnum):
    NEW = "new"  # 1 Mới đăng ký: submitted online, waiting for the desk
    RECEIVED = "received"  # 2 Được tiếp nhận: the legal clock runs
    NOT_ACCEPTED = "not_accepted"  # 3 Không được tiếp nhận
    IN_PROGRESS = "in_progress"  # 4 Đang xử lý
    AWAITING_SUPPLEMENT = "awaiting_supplement"  # 5 Yêu cầu bổ sung giấy tờ
    AWAITING_FEES = "awaiting_fees"  # 6 Yêu cầu thực hiện nghĩa vụ tài chính
    WITHDRAWAL_REQUESTED = "withdrawal_requested"  # 7 Công dân yêu cầu rút
    STOPPED = "stopped"  # 8 Dừng xử lý
    RESOLVED = "resolved"  # 9 Đã xử lý xong: the result is ready
    RETURNED = "returned"  # 10 Đã trả kết quả


NATIONAL_CODE: Mapping[Status, int] = MappingProxyType(
    {status: number for number, status in enumerate(Status, start=1)}
)
"""The national portal's TrangThaiHoSo for each status."""


class Action(StrEnum):
    SUBMIT = "submit"  # nộp trực tuyến: creates a dossier in NEW
    RECEIVE = "receive"  # tiếp nhận
    REFUSE = "refuse"  # từ chối tiếp nhận
    REQUEST_SUPPLEMENT = "request_supplement"  # yêu cầu bổ sung, hoàn thiện
    RECEIVE_SUPPLEMENT = "receive_supplement"  # nhận hồ sơ bổ sung
    REQUEST_FEES = "request_fees"  # yêu cầu thực hiện nghĩa vụ tài chính
    RECORD_FEES = "record_fees"  # ghi nhận đã nộp phí, lệ phí, thuế
    START_PROCESSING = "start_processing"  # chuyển xử lý
    REQUEST_WITHDRAWAL = "request_withdrawal"  # công dân xin rút hồ sơ
    ACCEPT_WITHDRAWAL = "accept_withdrawal"
    REJECT_WITHDRAWAL = "reject_withdrawal"
    STOP = "stop"  # dừng giải quyết (Mẫu 05, Circular 03/2025)
    RESOLVE = "resolve"  # có kết quả
    RETURN_RESULT = "return_result"  # trả kết quả


class Activity(StrEnum):
    """Events of a dossier's life that do not change its status.

    They go into the same hash-chained trail as the lifecycle actions
    (the timeline and the process-control slip are read from it), but the
    status table ignores them.
    """

    CLAIM = "claim"  # nhận xử lý
    ASSIGN = "assign"  # phân công
    FORWARD = "forward"  # chuyển bước tiếp theo
    SEND_BACK = "send_back"  # trả lại bước trước
    APPROVE = "approve"  # duyệt
    SIGN = "sign"  # ký số kết quả
    ISSUE = "issue"  # phát hành kết quả (văn thư)
    TRANSFER = "transfer"  # chuyển liên thông sang cơ quan khác
    TRANSFER_DONE = "transfer_done"  # cơ quan phối hợp hoàn thành, chuyển trả
    TRANSFER_RETURNED = "transfer_returned"  # cơ quan phối hợp trả lại có lý do
    EXTEND = "extend"  # xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)
    AT_RISK = "at_risk"  # cảnh báo sắp đến hạn
    POSTAL_UPDATE = "postal_update"  # trạng thái bưu gửi kết quả
    NOTE = "note"  # ghi chú nội bộ
    RESUBMIT = "resubmit"  # công dân nộp bổ sung trực tuyến
    RATE = "rate"  # công dân đánh giá mức độ hài lòng


class Reuse(IntEnum):
    """Where a paper of an online dossier came from (national DuocTaiSuDung)."""

    NONE = 0  # uploaded by the applicant
    DOCUMENT = 1  # a paper of another of the applicant's dossiers
    RESULT = 2  # the result of another of the applicant's dossiers


EVENT_NAMES = frozenset({*(a.value for a in Action), *(a.value for a in Activity)})
"""Every value a dossier event's ``action`` can take."""


S, A = Status, Action

TRANSITIONS: Mapping[tuple[Status, Action], Status] = MappingProxyType(
    {
        # Reception of a dossier submitted online (a desk dossier is created
        # directly in RECEIVED).
        (S.NEW, A.RECEIVE): S.RECEIVED,
        (S.NEW, A.REFUSE): S.NOT_ACCEPTED,
        (S.NEW, A.REQUEST_SUPPLEMENT): S.AWAITING_SUPPLEMENT,
        # An online dossier asked to complete itself before reception is then
        # received or refused; a received one resumes processing.
        (S.AWAITING_SUPPLEMENT, A.RECEIVE): S.RECEIVED,
        (S.AWAITING_SUPPLEMENT, A.REFUSE): S.NOT_ACCEPTED,
        (S.AWAITING_SUPPLEMENT, A.RECEIVE_SUPPLEMENT): S.IN_PROGRESS,
        (S.AWAITING_SUPPLEMENT, A.STOP): S.STOPPED,
        # Processing.
        (S.RECEIVED, A.START_PROCESSING): S.IN_PROGRESS,
        (S.RECEIVED, A.RESOLVE): S.RESOLVED,  # decided on the spot at the desk
        (S.RECEIVED, A.STOP): S.STOPPED,
        (S.RECEIVED, A.REQUEST_WITHDRAWAL): S.WITHDRAWAL_REQUESTED,
        (S.IN_PROGRESS, A.REQUEST_SUPPLEMENT): S.AWAITING_SUPPLEMENT,
        (S.IN_PROGRESS, A.REQUEST_FEES): S.AWAITING_FEES,
        (S.IN_PROGRESS, A.RESOLVE): S.RESOLVED,
        (S.IN_PROGRESS, A.STOP): S.STOPPED,
        (S.IN_PROGRESS, A.REQUEST_WITHDRAWAL): S.WITHDRAWAL_REQUESTED,
        (S.AWAITING_FEES, A.RECORD_FEES): S.IN_PROGRESS,
        (S.AWAITING_FEES, A.STOP): S.STOPPED,
        (S.WITHDRAWAL_REQUESTED, A.ACCEPT_WITHDRAWAL): S.STOPPED,
        (S.WITHDRAWAL_REQUESTED, A.REJECT_WITHDRAWAL): S.IN_PROGRESS,
        # Returning the result.
        (S.RESOLVED, A.RETURN_RESULT): S.RETURNED,
    }
)
"""(status, action) -> next status. Anything not listed is forbidden."""

CREATIONS: Mapping[Action, Status] = MappingProxyType(
    {A.SUBMIT: S.NEW, A.RECEIVE: S.RECEIVED}
)
"""How a dossier is born: submitted online, or received at the desk."""
START_STATUSES = frozenset(CREATIONS.values())

FINAL = frozenset({S.NOT_ACCEPTED, S.STOPPED, S.RETURNED})
CLOCK_PAUSED = frozenset({S.AWAITING_SUPPLEMENT, S.AWAITING_FEES})
"""While waiting for the applicant the legal clock stops (domain.md §6)."""
PAUSE_REASONS: Mapping[Status, str] = MappingProxyType(
    {S.AWAITING_SUPPLEMENT: "supplement", S.AWAITING_FEES: "fees"}
)
FINISHED = frozenset({S.RESOLVED, S.RETURNED})
# Processing ended with no result: "late" does not apply to these.
ENDED_WITHOUT_RESULT = FINAL - FINISHED
"""Statuses whose clock ended when the result was ready (the 766 end time)."""


class IllegalTransition(Exception):
    """An action that the lifecycle table does not allow in a status."""

    def __init__(self, status: Status | str | None, action: Action | str) -> None:
        self.status = Status(status) if status in set(Status) else None
        self.action = action
        where = f"is {self.status}" if self.status else "does not exist yet"
        super().__init__(f"Cannot {action} a dossier that {where}.")


BEFORE_RECEPTION = frozenset(
    {(S.AWAITING_SUPPLEMENT, A.RECEIVE), (S.AWAITING_SUPPLEMENT, A.REFUSE)}
)
"""Allowed only while the clock has not started (an online dossier)."""
AFTER_RECEPTION = frozenset(
    {(S.AWAITING_SUPPLEMENT, A.RECEIVE_SUPPLEMENT), (S.AWAITING_SUPPLEMENT, A.STOP)}
)
"""Allowed only once the dossier was received (the clock is paused)."""


def next_status(
    status: Status | str, action: Action | str, *, received: bool | None = None
) -> Status:
    """Return the status a dossier moves to when ``action`` is applied.

    Waiting for a supplement happens before reception (an online dossier
    asked to complete itself) and during processing; ``received`` tells
    which, so that, e.g., a received dossier is never "received" twice.
    """
    try:
        target = TRANSITIONS[(Status(status), Action(action))]
    except (KeyError, ValueError):
        raise IllegalTransition(status, action) from None
    pair = (Status(status), Action(action))
    if (received is True and pair in BEFORE_RECEPTION) or (
        received is False and pair in AFTER_RECEPTION
    ):
        raise IllegalTransition(status, action)
    return target


def initial_status(action: Action | str) -> Status:
    """Return the status a new dossier starts in when created by ``action``."""
    try:
        return CREATIONS[Action(action)]
    except (KeyError, ValueError):
        raise IllegalTransition(None, action) from None


def allowed_actions(status: Status | str) -> tuple[Action, ...]:
    """Return the actions allowed in ``status``, in the table's order."""
    return tuple(a for (s, a) in TRANSITIONS if s == Status(status))


def national_code(status: Status | str) -> int:
    return NATIONAL_CODE[Status(status)]


# Dossier codes (Circular 01/2018 art. 19): {agency}-{YYMMDD}-{NNNN}.

_DOSSIER_CODE = re.compile(
    r"^(?P<agency>[0-9A-Z.]+)-(?P<day>\d{6})-(?P<number>\d{4,6})$"
)


@dataclass(frozen=True)
class DossierCode:
    agency: str
    day: date
    number: int

    def __str__(self) -> str:
        return format_dossier_code(self.agency, self.day, self.number)


def format_dossier_code(agency: str, day: date, number: int) -> str:
    """Return the dossier code, e.g. ``000.00.25.H39-251027-0001``."""
    if number < 1:
        raise ValueError("dossier numbers start at 1")
    return f"{agency}-{day:%y%m%d}-{number:04d}"


def parse_dossier_code(text: str) -> DossierCode | None:
    """Return the parts of a dossier code, or None if it is not one.

    Blanks around it and lower-case letters (as typed by a citizen) are
    accepted; anything else malformed gives None, never an exception.
    """
    if not isinstance(text, str) or len(text) > 60:
        return None
    match = _DOSSIER_CODE.match(text.strip().upper())
    if not match or not is_agency_identifier(match["agency"]):
        return None
    raw = match["day"]
    try:
        day = date(2000 + int(raw[:2]), int(raw[2:4]), int(raw[4:]))
    except ValueError:
        return None
    number = int(match["number"])
    if number < 1:
        return None
    return DossierCode(match["agency"], day, number)


# Names shown to the public.


def mask_name(name: str, *, organisation: bool = False) -> str:
    """Mask a name for the public tracking page.

    Fixed-length masks, so nothing about the name's length leaks: the family
    name becomes its initial and ``***``, each middle name its initial and
    ``**``, the given name its initial alone ("Nguyễn Văn An" -> "N*** V** A").
    An organisation shows the initial of each word and ``***``.
    """
    words = name.split()
    if not words:
        return ""
    if organisation:
        return " ".join(word[0] + "***" for word in words)
    if len(words) == 1:
        return words[0][0] + "***"
    first, *middle, last = words
    return " ".join([first[0] + "***", *(w[0] + "**" for w in middle), last[0]])


# The audit chain.


def canonical_json(value: object) -> str:
    """Return ``value`` as JSON with sorted keys and no spaces (stable bytes)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class EventFacts:
    """What an audit event asserts; its hash covers exactly these fields."""

    dossier_code: str
    sequence: int
    action: str
    from_status: str
    to_status: str
    actor_id: int | None
    at: str  # ISO 8601 in UTC with microseconds
    reason: str
    payload: object
    previous_hash: str


def event_hash(facts: EventFacts) -> str:
    """Return the sha256 hex digest chaining an event to its predecessor."""
    body = canonical_json(
        {
            "code": facts.dossier_code,
            "sequence": facts.sequence,
            "action": facts.action,
            "from": facts.from_status,
            "to": facts.to_status,
            "actor": facts.actor_id,
            "at": facts.at,
            "reason": facts.reason,
            "payload": facts.payload,
            "previous": facts.previous_hash,
        }
    )
    return hashlib.sha256(body.encode()).hexdigest()


GENESIS_HASH = "0" * 64
"""The previous hash of each dossier's first event."""


@dataclass(frozen=True)
class ChainBreak:
    sequence: int
    problem: str  # "hash", "link", "gap" or "head"


def chain_breaks(stored: list[tuple[EventFacts, str]], head: str) -> list[ChainBreak]:
    """Return where a dossier's stored chain of (facts, hash) is broken.

    ``stored`` is ordered by sequence; ``head`` is the hash of the last
    event as the dossier row recorded it. A row whose hash does not match
    its facts was edited; a previous hash that does not match the row
    before, or a missing sequence number, means rows were deleted; a head
    that is not the last row's hash means the last rows were deleted.
    """
    breaks: list[ChainBreak] = []
    expected_previous, expected_sequence = GENESIS_HASH, 1
    for facts, stored_hash in stored:
        if facts.sequence != expected_sequence:
            breaks.append(ChainBreak(expected_sequence, "gap"))
        elif facts.previous_hash != expected_previous:
            breaks.append(ChainBreak(facts.sequence, "link"))
        if event_hash(facts) != stored_hash:
            breaks.append(ChainBreak(facts.sequence, "hash"))
        expected_previous, expected_sequence = stored_hash, facts.sequence + 1
    if expected_previous != head:
        breaks.append(ChainBreak(expected_sequence, "head"))
    return breaks
