"""Rules of the outbox on plain values: states, retry timing, SMS text.

Pure Python (no Django) so the retry schedule and the text folding are
tested without a database.
"""

import random
import unicodedata
from datetime import timedelta
from enum import StrEnum


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class State(StrEnum):
    PENDING = "pending"  # written, never tried
    SENDING = "sending"  # claimed by a worker; the lease ends at next_attempt_at
    SENT = "sent"  # accepted by the mail server or the SMS gateway
    FAILED = "failed"  # the last attempt failed; tried again at next_attempt_at
    DEAD = "dead"  # given up: a permanent error or too many attempts


CLAIMABLE = frozenset({State.PENDING, State.FAILED, State.SENDING})
"""States a worker may claim once ``next_attempt_at`` has passed.

SENDING is among them because its ``next_attempt_at`` is the end of the
claiming worker's lease: a worker that died mid-send leaves the row to be
tried again, with the same request id, so the gateway does not send twice.
"""
RETRYABLE_BY_STAFF = frozenset({State.FAILED, State.DEAD})


def retry_delay(
    attempts: int,
    *,
    base_seconds: float,
    cap_seconds: float,
    jitter: float = 0.2,
    rng: random.Random | None = None,
) -> timedelta:
    """Return how long to wait after the ``attempts``-th failed attempt.

    Exponential (base, 2 x base, 4 x base, ...) up to ``cap_seconds``, then
    spread by up to ``jitter`` (a fraction) either way so that messages that
    failed together during an outage do not all come back in the same
    second.
    """
    if attempts < 1:
        raise ValueError("attempts start at 1")
    delay = min(cap_seconds, base_seconds * 2 ** (attempts - 1))
    spread = (rng or random).uniform(-jitter, jitter) if jitter else 0.0
    return timedelta(seconds=max(1.0, delay * (1 + spread)))


def gives_up(attempts: int, max_attempts: int) -> bool:
    """Tell whether a message that failed ``attempts`` times is dead."""
    return attempts >= max_attempts


def ascii_fold(text: str) -> str:
    """Return ``text`` without Vietnamese diacritics, keeping letter case.

    Vietnamese gateways bill a Unicode SMS at 70 characters a part against
    160 for plain text, so short notices may be sent folded:
    "Hồ sơ Đã tiếp nhận" -> "Ho so Da tiep nhan".
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", kept)


def sms_parts(text: str) -> int:
    """Return how many SMS parts ``text`` is billed as (GSM-7 or UCS-2)."""
    single, multi = (160, 153) if text.isascii() else (70, 67)
    if len(text) <= single:
        return 1
    return -(-len(text) // multi)


def one_line(text: str) -> str:
    """Collapse the blanks of an SMS body (templates may span lines)."""
    return " ".join(text.split())
