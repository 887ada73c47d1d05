"""Import a catalog file: read it, check all of it, then write all or nothing.

A file is recognised by its content, not its name: an .xlsx workbook is a
zip archive, anything else must be JSON, either the national ``LayThuTuc``
shape or the seed file's ``{"fields": [...], "procedures": [...]}``.
"""

import json
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from motcua.accounts.models import AdministrativeLevel, Agency

from ..domain import CatalogRuleBroken, VersionAction, VersionStatus
from ..models import Field, Procedure, ProcedureVersion
from ..services import Decision, create_draft, publish_version
from . import excel, national
from .records import (
    ParsedCatalog,
    comparable,
    normalize_record,
    record_from_version,
    spec_from_record,
    versions_for_export,
)
from .validation import (
    ErrorCollector,
    ImportFailed,
    Location,
    RowError,
    check_records,
)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
_ZIP_SIGNATURE = b"PK\x03\x04"
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # the old binary .xls


@dataclass(frozen=True)
class ImportResult:
    created: int = 0  # new procedures, published as version 1
    amended: int = 0  # procedures that got a new version
    unchanged: int = 0  # records equal to the version in force: nothing written
    skipped: int = 0  # records the file marks as not published
    fields_created: int = 0

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "amended": self.amended,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "fields_created": self.fields_created,
        }


def _refuse(message: str) -> ImportFailed:
    return ImportFailed([RowError(sheet="", row=0, field="", message=message)])


def read_file(content: bytes) -> ParsedCatalog:
    """Recognise and read an uploaded file; raise ImportFailed if unreadable."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise _refuse(
            _("The file is larger than %(max)s MB.")
            % {"max": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    if not content.strip():
        raise _refuse(_("The file is empty."))
    if content.startswith(_ZIP_SIGNATURE):
        try:
            return excel.read_workbook(content)
        except excel.WorkbookUnreadable as exc:
            raise _refuse(str(exc)) from exc
    if content.startswith(_OLE_SIGNATURE):
        raise _refuse(
            _(
                "The file is an old Excel workbook (.xls); save it as an Excel "
                "workbook (.xlsx) and upload it again."
            )
        )
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise _refuse(
            _("The file is neither an Excel workbook (.xlsx) nor UTF-8 JSON.")
        ) from exc
    except json.JSONDecodeError as exc:
        raise _refuse(
            _("The JSON is malformed at line %(line)s, column %(column)s: %(reason)s")
            % {"line": exc.lineno, "column": exc.colno, "reason": exc.msg}
        ) from exc
    if isinstance(data, dict) and isinstance(data.get("procedures"), list):
        return read_seed_shape(data)
    return national.read_national(data)


def read_seed_shape(data: dict) -> ParsedCatalog:
    """Read the seed file's own shape: ``{"fields": [...], "procedures": [...]}``."""
    parsed = ParsedCatalog(kind="records")
    errors = ErrorCollector()
    for index, field in enumerate(data.get("fields") or [], start=1):
        if isinstance(field, dict):
            parsed.fields.append({**field, "_loc": Location("fields", index)})
    for index, raw in enumerate(data["procedures"], start=1):
        where = Location("procedures", index)
        if not isinstance(raw, dict):
            errors.add(where, "", _("The record is not a JSON object."))
            continue
        where = Location("procedures", index, str(raw.get("code") or ""))
        parsed.records.append(normalize_record({**raw, "_loc": where}, errors))
    parsed.errors = errors.errors
    return parsed


def validate(parsed: ParsedCatalog, *, decision: Decision) -> list[RowError]:
    """Return every error of ``parsed`` against the catalog as it is now."""
    errors = ErrorCollector(parsed.labels)
    errors.errors = list(parsed.errors)
    codes = [r["code"] for r in parsed.records if r.get("code")]
    latest_starts = dict(
        ProcedureVersion.objects.filter(
            procedure__code__in=codes, status=VersionStatus.PUBLISHED
        )
        .values("procedure__code")
        .annotate(start=Max("effective_from"))
        .values_list("procedure__code", "start")
    )
    check_records(
        parsed.records,
        parsed.fields,
        errors,
        levels=dict(AdministrativeLevel.objects.values_list("code", "name")),
        known_fields=Field.objects.values_list("code", flat=True),
        latest_starts=latest_starts,
        effective_from=decision.effective_from,
    )
    if not parsed.records and not errors.errors:
        errors.add(Location(), "", _("The file holds no procedure to import."))
    return errors.errors


def import_catalog(parsed: ParsedCatalog, *, decision: Decision) -> ImportResult:
    """Publish every record of ``parsed`` under ``decision``, or nothing.

    A code new to the catalog is published as its first version; a known
    code gets a new version published as an amendment, unless the record
    equals the version in force, which is left alone.
    """
    errors = validate(parsed, decision=decision)
    if errors:
        raise ImportFailed(errors)
    counts = {"created": 0, "amended": 0, "unchanged": 0}
    with transaction.atomic():
        fields_created = _create_fields(parsed.fields)
        current = _current_versions([r["code"] for r in parsed.records])
        for record in parsed.records:
            outcome = _import_record(record, current.get(record["code"]), decision)
            counts[outcome] += 1
    return ImportResult(**counts, skipped=parsed.skipped, fields_created=fields_created)


def _create_fields(fields: list[dict]) -> int:
    existing = set(Field.objects.values_list("code", flat=True))
    created = 0
    for field in fields:
        code = str(field["code"]).strip()
        if code not in existing:
            Field.objects.create(code=code, name=str(field["name"]).strip())
            existing.add(code)
            created += 1
    return created


def _current_versions(codes: list[str]) -> dict[str, ProcedureVersion]:
    """Return the latest published version of each known code."""
    versions = versions_for_export(
        ProcedureVersion.objects.filter(
            procedure__code__in=codes, status=VersionStatus.PUBLISHED
        ).order_by("procedure__code", "-effective_from")
    )
    current: dict[str, ProcedureVersion] = {}
    for version in versions:
        current.setdefault(version.procedure.code, version)
    return current


def _import_record(record: dict, current, decision: Decision) -> str:
    if current is not None and comparable(record) == comparable(
        record_from_version(current)
    ):
        return "unchanged"
    known = (
        current is not None or Procedure.objects.filter(code=record["code"]).exists()
    )
    version = create_draft(spec_from_record(record))
    if record.get("agency_codes"):
        version.agencies.add(*Agency.objects.filter(code__in=record["agency_codes"]))
    try:
        publish_version(
            version,
            decision=decision,
            action=VersionAction.AMEND if known else VersionAction.PUBLISH,
        )
    except CatalogRuleBroken as exc:
        # validate() checks the dates first; this is the last line of defence.
        where = record["_loc"]
        raise ImportFailed(
            [RowError(where.sheet, where.row, "effective_from", str(exc), where.code)]
        ) from exc
    return "amended" if known else "created"


def import_file(content: bytes, *, decision: Decision) -> ImportResult:
    """Read ``content`` and import it under ``decision``; ImportFailed if not."""
    return import_catalog(read_file(content), decision=decision)
