"""The internal record: the seed file's shape, between files and the catalog.

A record is a plain dict such as ``catalog/seed/procedures.json`` holds. The
readers of every format produce raw records of this shape, which
``normalize_record`` turns into clean values; ``spec_from_record`` makes a
draft of a clean record and ``record_from_version`` makes a record of a
published version, so that export and import are inverse.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from ..models import ProcedureVersion
from ..services import DraftSpec
from . import values
from .validation import ErrorCollector, Location, RowError


@dataclass
class ParsedCatalog:
    """What a reader found in a file: fields, clean records and errors."""

    kind: str
    fields: list[dict] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    skipped: int = 0  # records the source marks as not published


TEXT_KEYS = (
    "implementing_agency",
    "deciding_authority",
    "subjects",
    "steps",
    "conditions",
    "source",
)
FLAG_KEYS = ("postal", "boundary_free", "on_the_spot")


def _as_list(value) -> list:
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    return [value]


def _lines(value) -> list[str]:
    if isinstance(value, list):
        return [values.text(v) for v in value if values.text(v)]
    return [line.strip() for line in values.text(value).split("\n") if line.strip()]


def normalize_record(raw: dict, errors: ErrorCollector) -> dict:
    """Return ``raw`` with every value read into its type; note what fails."""
    where = raw.get("_loc") or Location()
    kinds = raw.get("agency_kinds", [])
    if not isinstance(kinds, list):
        kinds = values.text(kinds).split(",")
    record = {
        "_loc": where,
        "code": values.text(raw.get("code")),
        "name": values.text(raw.get("name")),
        "level": values.text(raw.get("level")),
        "field": values.text(raw.get("field")),
        "agency_kinds": [k.strip() for k in map(values.text, kinds) if k.strip()],
        "agency_codes": [values.text(c) for c in raw.get("agency_codes", [])],
        "results": _lines(raw.get("results")),
        "legal_basis": _legal_basis(raw.get("legal_basis"), where, errors),
        "online_level": errors.read(
            where,
            "online_level",
            raw.get("online_level"),
            values.parse_online_level,
            "none",
        ),
    }
    for key in TEXT_KEYS:
        record[key] = values.text(raw.get(key))
    for key in FLAG_KEYS:
        record[key] = errors.read(where, key, raw.get(key), values.parse_bool, False)
    record["documents"] = [
        _document(d, where, errors) for d in _as_list(raw.get("documents"))
    ]
    record["channels"] = [
        _channel(c, where, errors) for c in _as_list(raw.get("channels"))
    ]
    return record


def _legal_basis(raw, where: Location, errors: ErrorCollector) -> list[dict]:
    """Read legal documents: dicts, or lines of "number | title | date"."""
    result = []
    for item in _as_list(raw) if isinstance(raw, list) else _lines(raw):
        if isinstance(item, dict):
            number, title, when = (
                item.get("number"),
                item.get("title"),
                item.get("date"),
            )
        else:
            parts = [part.strip() for part in values.text(item).split("|")]
            number, title, when = (parts + ["", "", ""])[:3]
        entry = {"number": values.text(number), "title": values.text(title)}
        entry["date"] = errors.read(where, "legal_basis", when, values.parse_date, "")
        result.append(entry)
    return result


def _document(raw: dict, parent: Location, errors: ErrorCollector) -> dict:
    where = raw.get("_loc") or parent
    return {
        "_loc": where,
        "name": values.text(raw.get("name")),
        "originals": errors.read(
            where, "documents.originals", raw.get("originals"), values.parse_count, 0
        ),
        "copies": errors.read(
            where, "documents.copies", raw.get("copies"), values.parse_count, 0
        ),
        "required": errors.read(
            where,
            "documents.required",
            True if raw.get("required") is None else raw.get("required"),
            values.parse_bool,
            True,
        ),
        "condition": values.text(raw.get("condition")),
        "form": values.text(raw.get("form")),
    }


def _channel(raw: dict, parent: Location, errors: ErrorCollector) -> dict:
    where = raw.get("_loc") or parent
    return {
        "_loc": where,
        "channel": errors.read(
            where, "channels.channel", raw.get("channel"), values.parse_channel
        ),
        "time_amount": errors.read(
            where,
            "channels.time_amount",
            raw.get("time_amount"),
            values.parse_time_amount,
            0,
        ),
        "time_unit": errors.read(
            where, "channels.time_unit", raw.get("time_unit"), values.parse_time_unit
        ),
        "cutoff_hour": errors.read(
            where, "channels.cutoff_hour", raw.get("cutoff_hour"), values.parse_hour
        ),
        "time_text": values.text(raw.get("time_text")),
        "fees": [_fee(f, where, errors) for f in _as_list(raw.get("fees"))],
    }


def _fee(raw: dict, parent: Location, errors: ErrorCollector) -> dict:
    where = raw.get("_loc") or parent
    return {
        "_loc": where,
        "name": values.text(raw.get("name")),
        "amount": errors.read(
            where, "fees.amount", raw.get("amount"), values.parse_amount, 0
        ),
        "description": values.text(raw.get("description")),
        "exemptions": values.text(raw.get("exemptions")),
    }


def spec_from_record(record: dict) -> DraftSpec:
    """Turn one clean record into a draft specification."""
    return DraftSpec(
        code=record["code"],
        name=record["name"],
        level=record["level"],
        field=record["field"],
        agency_functions=list(record.get("agency_kinds", [])),
        documents=[
            {
                "name": d["name"],
                "originals": d.get("originals", 0),
                "copies": d.get("copies", 0),
                "required": d.get("required", True),
                "condition": d.get("condition", ""),
                "form_name": d.get("form") or "",
            }
            for d in record.get("documents", [])
        ],
        channels=[
            {
                "channel": str(c["channel"]),
                "time_amount": Decimal(str(c.get("time_amount", 0))),
                "time_unit": str(c["time_unit"]),
                "cutoff_hour": c.get("cutoff_hour"),
                "time_text": c.get("time_text", ""),
                "fees": [
                    {
                        "name": f["name"],
                        "amount": f.get("amount", 0),
                        "description": f.get("description", ""),
                        "exemptions": f.get("exemptions", ""),
                    }
                    for f in c.get("fees", [])
                ],
            }
            for c in record.get("channels", [])
        ],
        attributes={
            **{key: record.get(key, "") for key in TEXT_KEYS},
            **{key: bool(record.get(key, False)) for key in FLAG_KEYS},
            "legal_basis": record.get("legal_basis", []),
            "results": record.get("results", []),
            "online_level": str(record.get("online_level") or "none"),
        },
    )


def comparable(record: dict) -> DraftSpec:
    """Return a draft spec of ``record`` in which equal content compares equal."""
    spec = spec_from_record(record)
    for channel in spec.channels:
        channel["time_amount"] = Decimal(channel["time_amount"]).quantize(
            Decimal("0.1")
        )
    spec.channels.sort(key=lambda c: c["channel"])
    return spec


def versions_for_export(versions):
    """Load everything ``record_from_version`` reads, in a fixed number of queries."""
    return versions.select_related("procedure", "level", "field").prefetch_related(
        "documents", "channels__fees"
    )


def record_from_version(version: ProcedureVersion) -> dict:
    """Return the clean record of a version; ``spec_from_record`` inverts it."""
    return {
        "code": version.procedure.code,
        "name": version.name,
        "level": version.level.code,
        "field": version.field.code,
        "agency_kinds": [f for f in version.agency_functions.split(",") if f],
        **{key: getattr(version, key) for key in TEXT_KEYS},
        **{key: getattr(version, key) for key in FLAG_KEYS},
        "online_level": version.online_level,
        "results": list(version.results or []),
        "legal_basis": [
            {
                "number": values.text(item.get("number")),
                "title": values.text(item.get("title")),
                "date": values.text(item.get("date")),
            }
            for item in version.legal_basis or []
        ],
        "documents": [
            {
                "name": d.name,
                "originals": d.originals,
                "copies": d.copies,
                "required": d.required,
                "condition": d.condition,
                "form": d.form_name,
                "form_url": d.form_file.url if d.form_file else "",
            }
            for d in version.documents.all()
        ],
        "channels": [
            {
                "channel": c.channel,
                "time_amount": values.plain_number(c.time_amount),
                "time_unit": c.time_unit,
                "cutoff_hour": c.cutoff_hour,
                "time_text": c.time_text,
                "fees": [
                    {
                        "name": f.name,
                        "amount": f.amount,
                        "description": f.description,
                        "exemptions": f.exemptions,
                    }
                    for f in c.fees.all()
                ],
            }
            for c in version.channels.all()
        ],
    }
