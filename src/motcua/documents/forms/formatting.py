"""Dates and times the way Vietnamese administrative documents write them."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _


def local(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def day_month(value: int, *, month: bool = False) -> str:
    """Pad a day below 10 and the months January and February with a zero.

    Decree 30/2020/NĐ-CP, Appendix I: "ngày 05 tháng 01 năm 2026" but
    "ngày 22 tháng 11 năm 2026".
    """
    if value < 10 and (not month or value < 3):
        return f"{value:02d}"
    return str(value)


def place_and_date(place: str, moment: datetime) -> str:
    """Write e.g. "Tân Thạnh, ngày 22 tháng 11 năm 2026"."""
    moment = local(moment)
    return _("%(place)s, day %(day)s month %(month)s year %(year)s") % {
        "place": place,
        "day": day_month(moment.day),
        "month": day_month(moment.month, month=True),
        "year": moment.year,
    }


def dmy(moment: datetime | None) -> str:
    moment = local(moment)
    return moment.strftime("%d/%m/%Y") if moment else ""


def clock_and_date(moment: datetime | None) -> str:
    """Write e.g. "09 giờ 32 phút, ngày 27/10/2023"."""
    moment = local(moment)
    if moment is None:
        return ""
    return _("%(hour)s h %(minute)s min, on %(date)s") % {
        "hour": f"{moment.hour:02d}",
        "minute": f"{moment.minute:02d}",
        "date": moment.strftime("%d/%m/%Y"),
    }
