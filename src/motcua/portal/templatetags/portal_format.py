"""Formatting of catalog values the way Vietnamese public pages print them."""

from datetime import date
from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..labels import CHANNEL_LABELS, ONLINE_LEVEL_LABELS

register = template.Library()


@register.filter
def vnd(amount) -> str:
    """Format an amount of đồng with dots between thousands: 200.000 đ."""
    if amount in (None, ""):
        return ""
    return f"{int(amount):,} đ".replace(",", ".")


@register.filter
def dmy(value) -> str:
    """Format a date, or an ISO date string from JSON, as dd/mm/yyyy."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return ""


def _number(amount: Decimal) -> str:
    """Write a whole number plainly, a fraction with the language's separator."""
    if amount % 1 == 0:
        return str(int(amount))
    return formats.number_format(amount.normalize())


@register.filter
def processing_time(option) -> str:
    """Format a channel's time limit: "5 ngày làm việc", "Trong ngày (...)"."""
    amount = Decimal(option.time_amount or 0)
    # Plural forms are chosen on the whole part; 1,5 days reads as plural.
    count = int(amount) if amount % 1 == 0 else 2
    params = {"n": _number(amount)}
    if option.time_unit == "same_day":
        if option.cutoff_hour is not None:
            return _("Within the day (after %(hour)s:00: the next working day)") % {
                "hour": option.cutoff_hour
            }
        return _("Within the day")
    if option.time_unit == "working_hours":
        return ngettext("%(n)s working hour", "%(n)s working hours", count) % params
    if option.time_unit == "calendar_days":
        return ngettext("%(n)s calendar day", "%(n)s calendar days", count) % params
    return ngettext("%(n)s working day", "%(n)s working days", count) % params


@register.filter
def legal_text(item) -> dict:
    """Normalise a legal basis entry (a dict from the seed, or plain text)."""
    if isinstance(item, dict):
        return {
            "number": item.get("number", ""),
            "title": item.get("title", "") or item.get("name", ""),
            "date": dmy(item.get("date", "")),
        }
    return {"number": "", "title": str(item), "date": ""}


@register.filter
def result_name(item) -> str:
    """Return the name of a result document (plain text or a dict)."""
    if isinstance(item, dict):
        return item.get("name") or item.get("title") or ""
    return str(item)


@register.filter
def lines(text: str) -> list[str]:
    """Split newline-separated published text into its non-empty lines."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@register.filter
def online_level_label(code: str) -> str:
    return str(ONLINE_LEVEL_LABELS.get(code, code))


@register.filter
def channel_label(code: str) -> str:
    return str(CHANNEL_LABELS.get(code, code))


@register.filter
def file_kind(name: str) -> str:
    """Return the upper-cased extension of a file name: PDF, DOCX."""
    _, dot, extension = (name or "").rpartition(".")
    return extension.upper() if dot else ""
