"""Export the catalog in force on a day, as national JSON or as Excel."""

import json
from dataclasses import dataclass
from datetime import date

from motcua.accounts.models import AdministrativeLevel

from ..models import Field
from ..queries import procedures_in_force
from . import excel, excel_write, national
from .records import record_from_version, versions_for_export

FORMATS = ("json", "xlsx")


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str


def records_in_force(on: date) -> list[dict]:
    """Return the clean record of every version in force on ``on``, by code."""
    versions = versions_for_export(procedures_in_force(on)).order_by(
        "procedure__code", "-effective_from"
    )
    records: dict[str, dict] = {}
    for version in versions:
        if version.procedure.code not in records:
            records[version.procedure.code] = record_from_version(version)
    return list(records.values())


def export_catalog(kind: str, *, on: date) -> ExportFile:
    """Return the catalog in force on ``on`` as a file of ``kind`` (json or xlsx)."""
    if kind not in FORMATS:
        raise ValueError(f"unknown export format {kind!r}")
    records = records_in_force(on)
    level_names = dict(AdministrativeLevel.objects.values_list("code", "name"))
    used = {record["field"] for record in records}
    field_names = dict(Field.objects.filter(code__in=used).values_list("code", "name"))
    stem = f"thu-tuc-hanh-chinh-{on:%Y-%m-%d}"
    if kind == "json":
        data = [
            national.national_from_record(
                record, level_names=level_names, field_names=field_names
            )
            for record in records
        ]
        return ExportFile(
            content=json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"),
            content_type="application/json; charset=utf-8",
            filename=f"{stem}.json",
        )
    return ExportFile(
        content=excel_write.write_workbook(
            records, fields=field_names, level_names=level_names
        ),
        content_type=excel.XLSX_CONTENT_TYPE,
        filename=f"{stem}.xlsx",
    )
