"""Rules of the catalog of administrative procedures (Bộ TTHC).

A procedure is published, amended, replaced or abolished by a decision with
an effective date. Every published version stays in the catalog so that a
dossier keeps the version it was filed under, and the catalog can answer
"which version was in force on date D". This module holds those rules on
plain values; ``services.py`` applies them to rows.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

NATIONAL_CODE = re.compile(r"^\d\.\d{6}$")


class Channel(StrEnum):
    DESK = "desk"  # trực tiếp (KenhThucHien 1)
    ONLINE = "online"  # trực tuyến (KenhThucHien 2)
    POSTAL = "postal"  # bưu chính công ích (KenhThucHien 3)


# The national portal's channel numbers, so that sync is a mapping.
CHANNEL_NUMBERS = {Channel.DESK: 1, Channel.ONLINE: 2, Channel.POSTAL: 3}


class TimeUnit(StrEnum):
    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    CALENDAR_DAYS = "calendar_days"
    SAME_DAY = "same_day"  # within the day; next working day after the cut-off


class OnlineLevel(StrEnum):
    FULL = "full"  # toàn trình (Decree 42/2022)
    PARTIAL = "partial"  # một phần
    NONE = "none"  # at the desk or by post only


class VersionStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class VersionAction(StrEnum):
    PUBLISH = "publish"  # công bố mới
    AMEND = "amend"  # sửa đổi, bổ sung
    REPLACE = "replace"  # thay thế
    ABOLISH = "abolish"  # bãi bỏ


class CatalogRuleBroken(ValueError):
    """A catalog change breaks a rule of versioning."""


@dataclass(frozen=True)
class VersionSpan:
    """When a published version is in force: [effective_from, effective_to)."""

    number: int
    effective_from: date
    effective_to: date | None = None

    def is_in_force(self, on: date) -> bool:
        return self.effective_from <= on and (
            self.effective_to is None or on < self.effective_to
        )


def is_national_code(code: str) -> bool:
    """Tell whether ``code`` is a national procedure code such as 1.001193."""
    return bool(NATIONAL_CODE.match(code))


def version_in_force(spans: Iterable[VersionSpan], on: date) -> int | None:
    """Return the number of the version in force on ``on``, or None.

    Spans never overlap when they come from ``plan_publication``; if they do
    (data typed by hand), the latest effective one wins, as a later decision
    prevails over an earlier one.
    """
    in_force = [span for span in spans if span.is_in_force(on)]
    if not in_force:
        return None
    return max(in_force, key=lambda span: (span.effective_from, span.number)).number


def plan_publication(
    published: Iterable[VersionSpan], *, effective_from: date
) -> dict[int, date]:
    """Return the end dates that publishing a version from ``effective_from`` sets.

    The new version closes every published version still open on that day.
    A version may not take effect on or before the start of a version that
    already published, since the catalog would lose that version's period.
    """
    ends: dict[int, date] = {}
    for span in published:
        if span.effective_from >= effective_from:
            raise CatalogRuleBroken(
                f"version {span.number} already takes effect on "
                f"{span.effective_from:%d/%m/%Y}; a new version must start later"
            )
        if span.effective_to is None or span.effective_to > effective_from:
            ends[span.number] = effective_from
    return ends


def plan_abolition(
    published: Iterable[VersionSpan], *, effective_from: date
) -> dict[int, date]:
    """Return the end dates that abolishing the procedure on ``effective_from`` sets."""
    spans = list(published)
    if not spans:
        raise CatalogRuleBroken(
            "a procedure with no published version cannot be abolished"
        )
    open_spans = [
        s for s in spans if s.effective_to is None or s.effective_to > effective_from
    ]
    if not open_spans:
        raise CatalogRuleBroken("the procedure is no longer in force on that date")
    if any(s.effective_from >= effective_from for s in open_spans):
        raise CatalogRuleBroken(
            "a version takes effect on or after that date; abolish it from a later date"
        )
    return {s.number: effective_from for s in open_spans}
