"""Who a citizen is, read from an identity provider's claims (pure Python).

The national identity provider speaks OpenID Connect; the claims it sends
name the person by a subject (``sub``) that never changes and, usually, by
their personal identification number (số định danh cá nhân, 12 digits; the
old identity card had 9). Claim names differ between providers, so several
usual names are read.
"""

import datetime as dt
import enum
import math
import re
from dataclasses import dataclass


class Kind(enum.StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"


class RepresentationRole(enum.StrEnum):
    OWNER = "owner"
    AUTHORISED = "authorised"


PERSONAL_ID_CLAIMS = ("personal_id", "citizen_id", "identity_number", "so_dinh_danh")
PHONE_CLAIMS = ("phone_number", "phone")
ADDRESS_CLAIMS = ("address",)
_ID_DIGITS = re.compile(r"^(\d{12}|\d{9})$")


def normalise_personal_id(text: str | None) -> str:
    """Return the ID number's digits, or "" when it is not 9 or 12 digits."""
    digits = "".join((text or "").split())
    return digits if _ID_DIGITS.match(digits) else ""


def _first(claims: dict, names) -> str:
    for name in names:
        value = claims.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _address(claims: dict) -> str:
    value = claims.get("address")
    if isinstance(value, dict):
        return (value.get("formatted") or "").strip()
    return value.strip() if isinstance(value, str) else ""


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class Identity:
    """What a provider asserts about the person who signed in."""

    subject: str
    personal_id: str = ""
    full_name: str = ""
    date_of_birth: dt.date | None = None
    phone: str = ""
    email: str = ""
    email_verified: bool = False
    phone_verified: bool = False
    address: str = ""


class ClaimsError(ValueError):
    """The claims cannot name a person (no subject)."""


def identity_from_claims(claims: dict) -> Identity:
    """Read an :class:`Identity` from ID-token and userinfo claims."""
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject.strip():
        raise ClaimsError("no subject")
    name = _first(claims, ("name",)) or " ".join(
        part
        for part in (_first(claims, ("family_name",)), _first(claims, ("given_name",)))
        if part
    )
    return Identity(
        subject=subject.strip(),
        personal_id=normalise_personal_id(_first(claims, PERSONAL_ID_CLAIMS)),
        full_name=name,
        date_of_birth=_date(_first(claims, ("birthdate",))),
        phone=_first(claims, PHONE_CLAIMS),
        email=_first(claims, ("email",)).lower(),
        email_verified=claims.get("email_verified") is True,
        phone_verified=claims.get("phone_number_verified") is True,
        address=_address(claims),
    )


def is_current(valid_from: dt.date, valid_to: dt.date | None, on: dt.date) -> bool:
    """Whether a representation dated ``valid_from``–``valid_to`` holds ``on``."""
    return valid_from <= on and (valid_to is None or on <= valid_to)


CODE_LENGTH = 6
CODE_MINUTES = 5
CODE_ATTEMPTS = 5
_PHONE = re.compile(r"^(?:\+?84|0)(\d{9})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def parse_contact(text: str) -> tuple[str, str] | None:
    """Read a phone number or e-mail: ("phone", "0912345678") or ("email", ...)."""
    value = "".join((text or "").split())
    phone = _PHONE.match(value.replace(".", "").replace("-", ""))
    if phone:
        return "phone", "0" + phone.group(1)
    if _EMAIL.match(value):
        return "email", value.lower()
    return None


class CodeCheck(enum.StrEnum):
    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"
    EXHAUSTED = "exhausted"
    USED = "used"


def judge_code(
    *,
    matches: bool,
    now: dt.datetime,
    expires_at: dt.datetime,
    attempts: int,
    used: bool,
) -> CodeCheck:
    """Decide on a code typed in, before its attempt is counted."""
    if used:
        return CodeCheck.USED
    if attempts >= CODE_ATTEMPTS:
        return CodeCheck.EXHAUSTED
    if now >= expires_at:
        return CodeCheck.EXPIRED
    return CodeCheck.OK if matches else CodeCheck.WRONG


RESEND_GAP_SECONDS = 60
SENDS_PER_HOUR = 5


def resend_wait(sent_at: list[dt.datetime], now: dt.datetime) -> tuple[str, int]:
    """Decide whether another code may be sent, given when the last ones were.

    Returns ("", 0) when it may; ("gap", seconds) within a minute of the
    last code; ("hour", seconds) after five codes in the last hour, with the
    seconds until the oldest of them leaves the hour.
    """
    hour_ago = now - dt.timedelta(hours=1)
    recent = sorted(moment for moment in sent_at if moment > hour_ago)
    if recent:
        gap = recent[-1] + dt.timedelta(seconds=RESEND_GAP_SECONDS) - now
        if gap > dt.timedelta(0):
            return "gap", math.ceil(gap.total_seconds())
    if len(recent) >= SENDS_PER_HOUR:
        free = recent[-SENDS_PER_HOUR] + dt.timedelta(hours=1) - now
        return "hour", max(1, math.ceil(free.total_seconds()))
    return "", 0


_TAX_CODE = re.compile(r"^(\d{10})(?:-?(\d{3}))?$")


def normalise_tax_code(text: str | None) -> str:
    """Return a tax code as 10 digits or 10-3 digits (a branch), else ""."""
    value = "".join((text or "").split())
    match = _TAX_CODE.match(value)
    if not match:
        return ""
    return match.group(1) + (f"-{match.group(2)}" if match.group(2) else "")


def notice_channels(
    email: str, phone: str, *, by_email: bool, by_sms: bool
) -> tuple[str, str]:
    """Keep only the contacts whose channel the person wants notices on."""
    return (email if by_email else ""), (phone if by_sms else "")
