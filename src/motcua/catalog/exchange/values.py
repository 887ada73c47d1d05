"""Read one cell or JSON value into the catalog's own vocabulary.

Files come from people and from other systems, so each reader accepts the
spellings found in the wild (the national portal's "Ngày làm việc", a
channel number 1-3, "Có"/"Không", "200.000") as well as the catalog's own
codes, and refuses anything else with a message that says what to write.
"""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from motcua.core.text import fold

from ..domain import Channel, OnlineLevel, TimeUnit


class InvalidValue(ValueError):
    """A value of a file cannot be read; the message says why, translated."""


# KENH of the national database; CHANNEL_NUMBERS in domain.py is the same.
CHANNEL_BY_NUMBER = {1: Channel.DESK, 2: Channel.ONLINE, 3: Channel.POSTAL}
CHANNEL_LABELS_VI = {
    Channel.DESK: "Trực tiếp",
    Channel.ONLINE: "Trực tuyến",
    Channel.POSTAL: "Bưu chính công ích",
}
_CHANNEL_WORDS = {
    "truc tiep": Channel.DESK,
    "nop truc tiep": Channel.DESK,
    "truc tuyen": Channel.ONLINE,
    "nop truc tuyen": Channel.ONLINE,
    "buu chinh": Channel.POSTAL,
    "buu chinh cong ich": Channel.POSTAL,
    "dich vu buu chinh": Channel.POSTAL,
    "dich vu buu chinh cong ich": Channel.POSTAL,
}

# DONVITINH of the national database. "Giờ" alone is read as working hours,
# the only hour unit a processing time has in practice (Decree 61/2018).
TIME_UNIT_LABELS_VI = {
    TimeUnit.WORKING_DAYS: "Ngày làm việc",
    TimeUnit.WORKING_HOURS: "Giờ làm việc",
    TimeUnit.CALENDAR_DAYS: "Ngày (theo ngày dương lịch)",
    TimeUnit.SAME_DAY: "Trong ngày",
}
_TIME_UNIT_WORDS = {
    "ngay lam viec": TimeUnit.WORKING_DAYS,
    "gio lam viec": TimeUnit.WORKING_HOURS,
    "gio": TimeUnit.WORKING_HOURS,
    "ngay": TimeUnit.CALENDAR_DAYS,
    "ngay theo ngay duong lich": TimeUnit.CALENDAR_DAYS,
    "ngay duong lich": TimeUnit.CALENDAR_DAYS,
    "ngay lich": TimeUnit.CALENDAR_DAYS,
    "trong ngay": TimeUnit.SAME_DAY,
    "ngay trong ngay": TimeUnit.SAME_DAY,
    "trong ngay lam viec": TimeUnit.SAME_DAY,
}

ONLINE_LEVEL_LABELS_VI = {
    OnlineLevel.FULL: "Toàn trình",
    OnlineLevel.PARTIAL: "Một phần",
    OnlineLevel.NONE: "Không",
}
# MUCDO of older feeds: 4 is full online, 3 partly online, 2 and 1 none.
_ONLINE_LEVEL_WORDS = {
    "toan trinh": OnlineLevel.FULL,
    "dvc truc tuyen toan trinh": OnlineLevel.FULL,
    "4": OnlineLevel.FULL,
    "muc do 4": OnlineLevel.FULL,
    "mot phan": OnlineLevel.PARTIAL,
    "dvc truc tuyen mot phan": OnlineLevel.PARTIAL,
    "3": OnlineLevel.PARTIAL,
    "muc do 3": OnlineLevel.PARTIAL,
    "khong": OnlineLevel.NONE,
    "": OnlineLevel.NONE,
    "2": OnlineLevel.NONE,
    "1": OnlineLevel.NONE,
    "muc do 2": OnlineLevel.NONE,
    "muc do 1": OnlineLevel.NONE,
}

_TRUE_WORDS = {"co", "x", "1", "true", "yes", "dung"}
_FALSE_WORDS = {"khong", "0", "false", "no", "sai", ""}
_CURRENCY_WORDS = {"", "dong", "vnd", "d", "vn", "dong/lan", "viet nam dong"}

_INTEGER = re.compile(r"^\d+$")
_GROUPED = re.compile(r"^\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*$")
_CUTOFF_IN_TEXT = re.compile(r"sau\s+(\d{1,2})\s*(?:gio|h\b)")

SMALL_INTEGER_MAX = 32767
TIME_AMOUNT_MAX = Decimal("99999.9")


def text(value) -> str:
    """Return a cell or JSON value as stripped text; None is empty."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _words(value) -> str:
    return " ".join(re.split(r"[^0-9a-z/]+", fold(text(value)))).strip()


def parse_channel(value) -> Channel:
    if isinstance(value, bool):
        raise InvalidValue(_channel_message(value))
    raw = text(value)
    if raw == "":
        raise InvalidValue(_("The channel is missing."))
    if raw in {c.value for c in Channel}:
        return Channel(raw)
    if _INTEGER.match(raw) and int(raw) in CHANNEL_BY_NUMBER:
        return CHANNEL_BY_NUMBER[int(raw)]
    if _words(raw) in _CHANNEL_WORDS:
        return _CHANNEL_WORDS[_words(raw)]
    raise InvalidValue(_channel_message(raw))


def _channel_message(raw) -> str:
    return _(
        "Unknown channel “%(value)s”: write 1 (Trực tiếp), 2 (Trực tuyến) "
        "or 3 (Bưu chính công ích)."
    ) % {"value": raw}


def parse_time_unit(value) -> TimeUnit:
    raw = text(value)
    if raw == "":
        raise InvalidValue(_("The time unit is missing."))
    if raw in {u.value for u in TimeUnit}:
        return TimeUnit(raw)
    words = _words(raw)
    if words in _TIME_UNIT_WORDS:
        return _TIME_UNIT_WORDS[words]
    raise InvalidValue(
        _(
            "Unknown time unit “%(value)s”: write Ngày làm việc, Giờ làm việc, "
            "Ngày (theo ngày dương lịch) or Trong ngày."
        )
        % {"value": raw}
    )


def parse_online_level(value) -> OnlineLevel:
    raw = text(value)
    if raw in {level.value for level in OnlineLevel}:
        return OnlineLevel(raw)
    words = _words(raw)
    if words in _ONLINE_LEVEL_WORDS:
        return _ONLINE_LEVEL_WORDS[words]
    raise InvalidValue(
        _("Unknown online level “%(value)s”: write Toàn trình, Một phần or Không.")
        % {"value": raw}
    )


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    words = _words(value)
    if words in _TRUE_WORDS:
        return True
    if words in _FALSE_WORDS:
        return False
    raise InvalidValue(
        _("“%(value)s” is not yes or no: write Có or Không.") % {"value": text(value)}
    )


def parse_amount(value) -> int:
    """Read an amount of money in VND: 200000, "200.000" or "200,000"."""
    if isinstance(value, bool):
        raise InvalidValue(_amount_message(value))
    if isinstance(value, int):
        if value < 0:
            raise InvalidValue(_amount_message(value))
        return value
    if isinstance(value, float):
        if value < 0 or not value.is_integer():
            raise InvalidValue(_amount_message(value))
        return int(value)
    raw = text(value)
    if raw == "" or _words(raw) in {"mien", "mien phi", "khong"}:
        return 0
    if _INTEGER.match(raw):
        return int(raw)
    if _GROUPED.match(raw):
        return int(re.sub(r"\D", "", raw))
    raise InvalidValue(_amount_message(raw))


def _amount_message(raw) -> str:
    return _(
        "“%(value)s” is not an amount in VND: write a whole number that is "
        "not negative, such as 200000 or 200.000."
    ) % {"value": raw}


def parse_currency(value) -> None:
    if _words(value) not in _CURRENCY_WORDS:
        raise InvalidValue(
            _("Only amounts in Vietnamese đồng are accepted, not “%(value)s”.")
            % {"value": text(value)}
        )


def parse_count(value) -> int:
    """Read a number of copies: a whole number from 0 to 32767."""
    if isinstance(value, bool):
        raise InvalidValue(_count_message(value))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        raw = text(value)
        if raw == "":
            return 0
        if not _INTEGER.match(raw):
            raise InvalidValue(_count_message(raw))
        number = int(raw)
    if not 0 <= number <= SMALL_INTEGER_MAX:
        raise InvalidValue(_count_message(number))
    return number


def _count_message(raw) -> str:
    return _("“%(value)s” is not a whole number from 0 to 32767.") % {"value": raw}


def parse_time_amount(value) -> int | float:
    """Read a processing time: a number from 0 with at most one decimal."""
    if isinstance(value, bool):
        raise InvalidValue(_time_amount_message(value))
    raw = text(value).replace(",", ".")
    if raw == "":
        return 0
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise InvalidValue(_time_amount_message(raw)) from None
    if (
        not number.is_finite()
        or number < 0
        or number > TIME_AMOUNT_MAX
        or number != number.quantize(Decimal("0.1"))
    ):
        raise InvalidValue(_time_amount_message(raw))
    return plain_number(number)


def _time_amount_message(raw) -> str:
    return _(
        "“%(value)s” is not a processing time: write a number from 0 to "
        "99999.9 with at most one decimal."
    ) % {"value": raw}


def plain_number(number: Decimal) -> int | float:
    """Return ``number`` as an int when whole, else a float (for JSON)."""
    if number == number.to_integral_value():
        return int(number)
    return float(number)


def parse_hour(value) -> int | None:
    """Read a cut-off hour (0-23); empty means none."""
    raw = text(value)
    if raw == "":
        return None
    raw = re.sub(r"\s*(h|giờ|gio)$", "", raw, flags=re.IGNORECASE)
    if not _INTEGER.match(raw) or not 0 <= int(raw) <= 23:
        raise InvalidValue(
            _("“%(value)s” is not an hour of the day from 0 to 23.")
            % {"value": text(value)}
        )
    return int(raw)


def cutoff_from_text(description: str) -> int | None:
    """Find the cut-off hour in a published time such as "... sau 15 giờ ..."."""
    match = _CUTOFF_IN_TEXT.search(fold(description))
    if match and 0 <= int(match.group(1)) <= 23:
        return int(match.group(1))
    return None


def parse_date(value) -> str:
    """Read a date as ISO text: a date cell, YYYY-MM-DD or DD/MM/YYYY."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raw = text(value)
    if raw == "":
        return ""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(raw, pattern).date().isoformat()  # noqa: DTZ007
        except ValueError:
            continue
    raise InvalidValue(
        _("“%(value)s” is not a date: write DD/MM/YYYY or YYYY-MM-DD.") % {"value": raw}
    )


def display_date(iso: str) -> str:
    """Return an ISO date as DD/MM/YYYY, the way the national database writes it."""
    if not iso:
        return ""
    return date.fromisoformat(iso).strftime("%d/%m/%Y")
