"""E-forms (tờ khai điện tử) on plain values: layout rules, dates, schema errors.

Pure Python (no Django): the schema is JSON Schema 2020-12 checked with
``jsonschema``; the layout says how its properties are shown. A layout is::

    {"sections": [{"title": "...", "fields": [
        {"key": "child_name", "widget": "text", "help": "...",
         "prefill": "full_name"}]}]}
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

WIDGETS = (
    "text",
    "textarea",
    "date",
    "select",
    "radio",
    "checkbox",
    "number",
    "personal_id",
    "phone",
    "email",
    "address",
)

# The JSON types each widget may carry.
WIDGET_TYPES = {
    "text": {"string"},
    "textarea": {"string"},
    "address": {"string"},
    "personal_id": {"string"},
    "phone": {"string"},
    "email": {"string"},
    "date": {"string"},
    "select": {"string", "integer"},
    "radio": {"string", "integer", "boolean"},
    "checkbox": {"boolean"},
    "number": {"integer", "number"},
}

ERROR_KINDS = (
    "required",
    "type",
    "format",
    "minLength",
    "maxLength",
    "pattern",
    "enum",
    "minimum",
    "maximum",
)

FORM_ERRORS = "__all__"
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


@dataclass(frozen=True)
class Problem:
    """Something wrong in a schema or layout: a stable code and its details."""

    code: str
    detail: str = ""


@dataclass(frozen=True)
class FieldError:
    """One failed check of the data: the field, the kind of check, its limit."""

    field: str
    kind: str
    limit: object = None


def schema_problems(schema: object) -> list[Problem]:
    """Return why ``schema`` is not a usable form schema (empty when it is)."""
    if not isinstance(schema, dict):
        return [Problem("schema_not_object")]
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        return [Problem("schema_invalid", error.message)]
    if schema.get("type") != "object" or not isinstance(schema.get("properties"), dict):
        return [Problem("schema_no_properties")]
    return [
        Problem("bad_key", key) for key in schema["properties"] if not _KEY.match(key)
    ]


def layout_problems(
    schema: dict, layout: object, prefill_keys: Collection[str] | None = None
) -> list[Problem]:
    """Return why ``layout`` does not describe ``schema`` (empty when it does).

    ``prefill_keys``, when given, are the registry fields a layout may name.
    """
    if not isinstance(layout, dict) or not isinstance(layout.get("sections"), list):
        return [Problem("layout_no_sections")]
    properties = schema.get("properties", {})
    problems: list[Problem] = []
    seen: set[str] = set()
    for section in layout["sections"]:
        if not isinstance(section, dict) or not isinstance(section.get("fields"), list):
            problems.append(Problem("section_shape"))
            continue
        if not str(section.get("title", "")).strip():
            problems.append(Problem("section_title"))
        for spec in section["fields"]:
            key = spec.get("key") if isinstance(spec, dict) else None
            if not isinstance(key, str) or key not in properties:
                problems.append(Problem("unknown_field", str(key)))
                continue
            if key in seen:
                problems.append(Problem("field_twice", key))
            seen.add(key)
            widget = spec.get("widget", "text")
            if widget not in WIDGETS:
                problems.append(Problem("unknown_widget", f"{key}: {widget}"))
                continue
            kind = properties[key].get("type", "string")
            if kind not in WIDGET_TYPES[widget]:
                problems.append(Problem("widget_type", f"{key}: {widget}/{kind}"))
            if widget in ("select", "radio") and not properties[key].get("enum"):
                problems.append(Problem("choices_missing", key))
            prefill = spec.get("prefill")
            if prefill is not None and not (
                isinstance(prefill, str)
                and _KEY.match(prefill)
                and (prefill_keys is None or prefill in prefill_keys)
            ):
                problems.append(Problem("bad_prefill", key))
    problems.extend(
        Problem("field_not_shown", key) for key in properties if key not in seen
    )
    return problems


def field_specs(layout: dict) -> list[dict]:
    """Return every field spec of ``layout`` in display order."""
    return [spec for section in layout["sections"] for spec in section["fields"]]


def parse_date(text: str) -> date | None:
    """Return the date written ``dd/mm/yyyy`` (or ISO), or None if it is none."""
    text = (text or "").strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007
        except ValueError:
            continue
    return None


def display_date(iso: str) -> str:
    """Return the ISO date ``iso`` as ``dd/mm/yyyy`` (unchanged if it is not one)."""
    try:
        return date.fromisoformat(iso).strftime("%d/%m/%Y")
    except (TypeError, ValueError):
        return iso or ""


def data_errors(schema: dict, data: dict) -> list[FieldError]:
    """Return every failed check of ``data`` against ``schema``, field by field."""
    validator = Draft202012Validator(
        schema, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    errors: list[FieldError] = []
    for error in validator.iter_errors(data):
        path = list(error.absolute_path)
        field = str(path[0]) if path else FORM_ERRORS
        if error.validator == "required" and not path:
            instance = error.instance if isinstance(error.instance, dict) else {}
            errors.extend(
                FieldError(name, "required")
                for name in error.validator_value
                if name not in instance
            )
            continue
        kind = error.validator if error.validator in ERROR_KINDS else "other"
        limit = error.validator_value if kind not in ("enum", "pattern") else None
        errors.append(FieldError(field, kind, limit))
    return errors


def prefill_values(layout: dict, record: Mapping[str, object]) -> dict[str, object]:
    """Return {field key: value} for the fields ``record`` (a registry row) fills."""
    values = {}
    for spec in field_specs(layout):
        source = spec.get("prefill")
        if source and record.get(source) not in (None, ""):
            values[spec["key"]] = record[source]
    return values
