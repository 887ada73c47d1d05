"""Check a whole file's records before anything of it is written.

Every reader turns its file into records of the seed shape and notes where
each record and each of its documents, channels and fees came from (a sheet
and the row number Excel shows, or the position of a record in a JSON
list). The checks here are the ones a single value cannot answer alone:
national code format, required names, levels and fields that must exist,
codes given twice, and effective dates that the catalog's versioning
refuses. Every problem is collected, so a file is corrected in one pass.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date

from django.utils.translation import gettext as _

from motcua.core.text import fold

from ..domain import is_national_code
from .values import InvalidValue, text


@dataclass(frozen=True)
class Location:
    """Where a record came from: a sheet and its row, or a JSON record number."""

    sheet: str = ""
    row: int = 0
    code: str = ""


@dataclass(frozen=True)
class RowError:
    """One reason a file cannot be imported, with where it is."""

    sheet: str
    row: int
    field: str
    message: str
    code: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        values = {
            "sheet": self.sheet,
            "row": self.row,
            "field": self.field,
            "message": self.message,
            "code": self.code,
        }
        if self.sheet and self.row:
            where = _("Sheet %(sheet)s, row %(row)s") % values
        elif self.sheet:
            where = _("Sheet %(sheet)s") % values
        elif self.row:
            where = _("Record %(row)s") % values
        else:
            where = _("File")
        if self.code:
            where = f"{where} ({self.code})"
        if self.field:
            return f"{where}, {self.field}: {self.message}"
        return f"{where}: {self.message}"


class ImportFailed(Exception):
    """A file was refused; ``errors`` says every reason, and nothing was saved."""

    def __init__(self, errors: Iterable[RowError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


class ErrorCollector:
    """Gather row errors while a reader or a check walks a file."""

    def __init__(self, labels: Mapping[str, str] | None = None):
        self.errors: list[RowError] = []
        self.labels = dict(labels or {})

    def add(self, where: Location, field: str, message: str) -> None:
        self.errors.append(
            RowError(
                sheet=where.sheet,
                row=where.row,
                field=self.labels.get(field, field),
                message=str(message),
                code=where.code,
            )
        )

    def read(self, where: Location, field: str, raw, parse: Callable, default=None):
        """Return ``parse(raw)``, or note the error and return ``default``."""
        try:
            return parse(raw)
        except InvalidValue as exc:
            self.add(where, field, str(exc))
            return default


NAME_MAX = 500
FIELD_CODE_MAX = 40
TEXT_LIMITS = {
    "implementing_agency": 500,
    "deciding_authority": 500,
}

# Level names seen in national feeds, beside the installation's own names.
LEVEL_SYNONYMS = {
    "cap tinh": "province",
    "tinh": "province",
    "cap huyen": "district",
    "huyen": "district",
    "cap xa": "commune",
    "xa": "commune",
}


def resolve_level(value: str, levels: Mapping[str, str]) -> str | None:
    """Return the level code that ``value`` names, or None.

    ``levels`` maps each level code of the installation to its name; a file
    may give the code (``commune``), the name (``Cấp xã``) or the national
    portal's spelling (``Cấp Xã``).
    """
    if value in levels:
        return value
    folded = " ".join(fold(value).split())
    for code, name in levels.items():
        if folded == " ".join(fold(name).split()):
            return code
    synonym = LEVEL_SYNONYMS.get(folded)
    return synonym if synonym in levels else None


def where_of(item: dict, fallback: Location) -> Location:
    return item.get("_loc") or fallback


def check_records(
    records: list[dict],
    fields: list[dict],
    errors: ErrorCollector,
    *,
    levels: Mapping[str, str],
    known_fields: Iterable[str],
    latest_starts: Mapping[str, date],
    effective_from: date,
) -> None:
    """Check ``records`` and ``fields`` together; resolve each record's level.

    ``latest_starts`` gives, for each code already in the catalog, the latest
    start of its published versions: a new version must start after it.
    """
    known = set(known_fields)
    known |= _check_fields(fields, errors, known)
    first_row: dict[str, Location] = {}
    for record in records:
        where = record["_loc"]
        code = text(record.get("code"))
        if not code:
            errors.add(where, "code", _("The national code is missing."))
        elif not is_national_code(code):
            errors.add(
                where,
                "code",
                _("“%(code)s” is not a national code such as 1.001193.")
                % {"code": code},
            )
        elif code in first_row:
            errors.add(
                where,
                "code",
                _("Procedure %(code)s appears twice in the file (also at %(first)s).")
                % {"code": code, "first": _describe(first_row[code])},
            )
        else:
            first_row[code] = where
            start = latest_starts.get(code)
            if start is not None and effective_from <= start:
                errors.add(
                    where,
                    "effective_from",
                    _(
                        "Procedure %(code)s already has a version in force from "
                        "%(start)s; the new version must take effect later."
                    )
                    % {"code": code, "start": start.strftime("%d/%m/%Y")},
                )
        _check_text(record, where, errors)
        _check_level(record, where, errors, levels)
        field_code = text(record.get("field"))
        if not field_code:
            errors.add(where, "field", _("The field (lĩnh vực) is missing."))
        elif field_code not in known:
            errors.add(
                where,
                "field",
                _(
                    "The field “%(field)s” is neither in the catalog nor "
                    "defined in the file."
                )
                % {"field": field_code},
            )
        _check_parts(record, where, errors)


def _describe(where: Location) -> str:
    if where.sheet:
        return _("sheet %(sheet)s, row %(row)s") % {
            "sheet": where.sheet,
            "row": where.row,
        }
    return _("record %(row)s") % {"row": where.row}


def _check_fields(
    fields: list[dict], errors: ErrorCollector, known: set[str]
) -> set[str]:
    defined: set[str] = set()
    for field in fields:
        where = field["_loc"]
        code, name = text(field.get("code")), text(field.get("name"))
        if not code:
            errors.add(where, "field.code", _("The field code is missing."))
            continue
        if len(code) > FIELD_CODE_MAX:
            errors.add(
                where,
                "field.code",
                _("The field code is longer than %(max)s characters.")
                % {"max": FIELD_CODE_MAX},
            )
        if not name and code not in known:
            errors.add(where, "field.name", _("The field name is missing."))
        defined.add(code)
    return defined


def _check_text(record: dict, where: Location, errors: ErrorCollector) -> None:
    name = text(record.get("name"))
    if not name:
        errors.add(where, "name", _("The procedure name is missing."))
    elif len(name) > NAME_MAX:
        errors.add(where, "name", _too_long(NAME_MAX))
    for key, limit in TEXT_LIMITS.items():
        if len(text(record.get(key))) > limit:
            errors.add(where, key, _too_long(limit))
    if len(",".join(record.get("agency_kinds", []))) > 300:
        errors.add(where, "agency_kinds", _too_long(300))


def _too_long(limit: int) -> str:
    return _("The text is longer than %(max)s characters.") % {"max": limit}


def _check_level(record, where, errors, levels) -> None:
    raw = text(record.get("level"))
    if not raw:
        errors.add(where, "level", _("The level is missing."))
        return
    code = resolve_level(raw, levels)
    if code is None:
        errors.add(
            where,
            "level",
            _("Unknown level “%(value)s”: write one of %(levels)s.")
            % {"value": raw, "levels": ", ".join(levels.values())},
        )
    else:
        record["level"] = code


def _check_parts(record: dict, where: Location, errors: ErrorCollector) -> None:
    for document in record.get("documents", []):
        name = text(document.get("name"))
        if not name:
            errors.add(
                where_of(document, where),
                "documents.name",
                _("The document name is missing."),
            )
        if len(text(document.get("form"))) > 300:
            errors.add(where_of(document, where), "documents.form", _too_long(300))
    seen: set[str] = set()
    for channel in record.get("channels", []):
        channel_where = where_of(channel, where)
        value = channel.get("channel")
        if value is not None and value in seen:
            errors.add(
                channel_where,
                "channels.channel",
                _("The channel “%(channel)s” is given twice for this procedure.")
                % {"channel": value},
            )
        seen.add(value)
        for fee in channel.get("fees", []):
            if not text(fee.get("name")):
                errors.add(
                    where_of(fee, channel_where),
                    "fees.name",
                    _("The fee name is missing."),
                )
            elif len(text(fee.get("name"))) > 300:
                errors.add(where_of(fee, channel_where), "fees.name", _too_long(300))
