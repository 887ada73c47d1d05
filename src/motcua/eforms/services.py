"""E-forms: build the accessible Django form, validate data, copy, seed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.dossiers.domain import InvalidIdentifier, check_personal_id, check_phone
from motcua.dossiers.labels import IDENTIFIER_MESSAGES

from .domain import (
    FORM_ERRORS,
    data_errors,
    display_date,
    field_specs,
    layout_problems,
    parse_date,
    prefill_values,
    schema_problems,
)
from .labels import CORRECT_LABEL, ERROR_MESSAGES, PREVIEW_UNAVAILABLE
from .models import EForm

SEED_FILE = Path(__file__).parent / "seed" / "eforms.json"
CORRECT_SUFFIX = "__correct"


def _message(error) -> str:
    if error.kind == "format" and error.limit in ("date", "email"):
        return str(ERROR_MESSAGES[f"format_{error.limit}"])
    return str(ERROR_MESSAGES[error.kind]) % {"limit": error.limit}


def validate(eform: EForm, data: dict) -> dict[str, list[str]]:
    """Return the error messages of ``data`` (JSON values, ISO dates) by field.

    The same checks serve the HTML form and the API: the JSON Schema of the
    e-form, then the identifier rules for personal ID and phone widgets.
    """
    errors: dict[str, list[str]] = {}
    if not isinstance(data, dict):
        return {FORM_ERRORS: [str(ERROR_MESSAGES["type"])]}
    for error in data_errors(eform.schema, data):
        message = _message(error)
        if message not in errors.setdefault(error.field, []):
            errors[error.field].append(message)
    for spec in field_specs(eform.layout):
        key, widget = spec["key"], spec.get("widget", "text")
        value = data.get(key)
        if key in errors or not isinstance(value, str) or not value.strip():
            continue
        try:
            if widget == "personal_id":
                check_personal_id(value)
            elif widget == "phone":
                check_phone(value)
        except InvalidIdentifier as refused:
            errors[key] = [str(IDENTIFIER_MESSAGES[refused.code])]
    return errors


def _choices(prop: dict, spec: dict) -> list[tuple[str, str]]:
    labels = spec.get("labels", {})
    return [(str(v), labels.get(str(v), str(v))) for v in prop.get("enum", [])]


def _field(prop: dict, spec: dict, required: bool) -> forms.Field:
    widget = spec.get("widget", "text")
    common = {"label": prop.get("title", spec["key"]), "required": False}
    common["help_text"] = spec.get("help", prop.get("description", ""))
    attrs: dict[str, str] = {}
    if required:
        attrs["aria-required"] = "true"
    if widget in ("select", "radio"):
        choices = _choices(prop, spec)
        if widget == "select":
            choices = [("", "—"), *choices]
            return forms.ChoiceField(
                choices=choices, widget=forms.Select(attrs=attrs), **common
            )
        return forms.ChoiceField(
            choices=choices, widget=forms.RadioSelect(attrs=attrs), **common
        )
    if widget == "checkbox":
        return forms.BooleanField(widget=forms.CheckboxInput(attrs=attrs), **common)
    if widget == "number":
        attrs["inputmode"] = "numeric" if prop.get("type") == "integer" else "decimal"
        return forms.CharField(widget=forms.TextInput(attrs=attrs), **common)
    if widget == "textarea":
        return forms.CharField(
            widget=forms.Textarea(attrs={**attrs, "rows": "3"}), **common
        )
    kinds = {
        "email": ("email", "email", ""),
        "phone": ("tel", "tel", "tel"),
        "personal_id": ("text", "off", "numeric"),
        "date": ("text", "off", "numeric"),
        "address": ("text", "street-address", ""),
    }
    input_type, autocomplete, inputmode = kinds.get(widget, ("text", "", ""))
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    if inputmode:
        attrs["inputmode"] = inputmode
    if widget == "date":
        attrs["placeholder"] = "dd/mm/yyyy"
    text_input = forms.TextInput(attrs=attrs)
    text_input.input_type = input_type
    return forms.CharField(widget=text_input, **common)


@dataclass
class Row:
    field: forms.BoundField
    widget_html: str
    help_id: str
    error_id: str
    required: bool
    prefilled: bool
    locked: bool
    group: bool
    correct: forms.BoundField | None


class EFormForm(forms.Form):
    """The citizen's form for one e-form; ``json_data`` holds the clean values."""

    def __init__(self, eform: EForm, data=None, prefilled=None, locked=()):
        super().__init__(data=data)
        self.eform = eform
        self.prefilled = dict(prefilled or {})
        self.locked = set(locked) & set(self.prefilled)
        self.json_data: dict = {}
        # Fields whose correction box is ticked: changed (corrected) or not
        # yet (unlocking: without JavaScript the field opens on the next
        # display, so a caller shows the form again instead of moving on).
        self.corrected: set[str] = set()
        self.unlocking: set[str] = set()
        properties = eform.schema.get("properties", {})
        required = set(eform.schema.get("required", []))
        self.specs = {}
        for spec in field_specs(eform.layout):
            key = spec["key"]
            self.specs[key] = spec
            self.fields[key] = _field(properties[key], spec, key in required)
            if key in self.prefilled:
                value = self.prefilled[key]
                if spec.get("widget") == "date":
                    value = display_date(value)
                self.initial[key] = value
            elif "default" in properties[key] and key in required:
                # The schema's default (Kinh, Việt Nam…) saves typing; an
                # optional part (the father's) stays empty unless filled.
                self.initial[key] = properties[key]["default"]
            if key in self.locked:
                self.fields[key + CORRECT_SUFFIX] = forms.BooleanField(
                    label=CORRECT_LABEL, required=False
                )
        self.required_keys = required
        if self.is_bound:
            # A locked field shows (and keeps) the registry's value, whatever
            # came back in the request.
            self.data = self.data.copy()
            for key in self.locked:
                if not self.is_correcting(key):
                    self.data[self.add_prefix(key)] = self.initial[key]

    def is_correcting(self, key: str) -> bool:
        if key not in self.locked:
            return False
        if self.is_bound:
            return self.fields[key + CORRECT_SUFFIX].widget.value_from_datadict(
                self.data, self.files, self.add_prefix(key + CORRECT_SUFFIX)
            )
        return False

    def _to_json(self, key: str, value):
        spec = self.specs[key]
        widget = spec.get("widget", "text")
        prop = self.eform.schema["properties"][key]
        if widget == "checkbox":
            return bool(value)
        if value in (None, ""):
            return None
        value = str(value).strip()
        if widget == "date":
            day = parse_date(value)
            return day.isoformat() if day else value
        if widget == "number":
            try:
                number = float(value.replace(",", "."))
            except ValueError:
                return value
            if prop.get("type") == "integer" and number.is_integer():
                return int(number)
            return number
        if prop.get("type") == "integer":
            try:
                return int(value)
            except ValueError:
                return value
        return value

    def clean(self):
        data = {}
        for key in self.specs:
            if key in self.locked and not self.is_correcting(key):
                value = self.prefilled[key]
            else:
                value = self._to_json(key, self.cleaned_data.get(key))
                if key in self.locked and value == self.prefilled[key]:
                    self.unlocking.add(key)
                elif key in self.locked:
                    self.corrected.add(key)
            if value is not None:
                data[key] = value
        for key, messages in validate(self.eform, data).items():
            for message in messages:
                if key in self.specs:
                    if key not in self._errors or message not in self._errors[key]:
                        self.add_error(key, message)
                else:
                    self.add_error(None, message)
        self.json_data = data
        return self.cleaned_data

    def sections(self) -> list[tuple[str, list[Row]]]:
        result = []
        for section in self.eform.layout["sections"]:
            rows = [self._row(spec["key"]) for spec in section["fields"]]
            result.append((section["title"], rows))
        return result

    def _row(self, key: str) -> Row:
        bound = self[key]
        base = bound.auto_id
        help_id, error_id = f"{base}-help", f"{base}-errors"
        prefilled_id = f"{base}-prefilled"
        described = [
            i
            for i, on in (
                (help_id, bound.help_text),
                (prefilled_id, key in self.prefilled),
                (error_id, bound.errors),
            )
            if on
        ]
        widget = self.specs[key].get("widget", "text")
        locked = key in self.locked and not self.is_correcting(key)
        attrs = {}
        if described:
            attrs["aria-describedby"] = " ".join(described)
        if bound.errors:
            attrs["aria-invalid"] = "true"
        if locked:
            if widget in ("select", "radio", "checkbox"):
                attrs["disabled"] = "disabled"
            else:
                attrs["readonly"] = "readonly"
        html = bound.as_widget(attrs=attrs)
        return Row(
            field=bound,
            widget_html=html,
            help_id=help_id,
            error_id=error_id,
            required=key in self.required_keys,
            prefilled=key in self.prefilled,
            locked=locked,
            group=widget == "radio",
            correct=self[key + CORRECT_SUFFIX] if key in self.locked else None,
        )

    def render_html(self) -> str:
        return render_to_string("eforms/form.html", {"form": self})


def build_form(eform: EForm, data=None, prefilled=None, locked=frozenset()):
    """Return the citizen's form for ``eform``.

    ``prefilled`` maps field keys to values from the population registry
    (ISO dates); the keys in ``locked`` are shown read-only unless the citizen
    ticks "I want to correct this information" for that field.
    """
    return EFormForm(eform, data=data, prefilled=prefilled or {}, locked=locked)


def render_preview(eform: EForm) -> str:
    """Return the HTML of the empty form, or a note while the form is broken."""
    if schema_problems(eform.schema) or layout_problems(eform.schema, eform.layout):
        return str(PREVIEW_UNAVAILABLE)
    return mark_safe(build_form(eform).render_html())  # noqa: S308 (our template)


def prefill_from(eform: EForm, record: dict) -> tuple[dict, set[str]]:
    """Return (prefilled values, locked keys) from a population registry record.

    ``record`` is ``Citizen.as_dict()`` (``integrations.population``): every
    field it fills is locked until the citizen asks to correct it.
    """
    values = prefill_values(eform.layout, record)
    return values, set(values)


def prefill_keys(eform: EForm) -> dict[str, str]:
    """Return {field key: population field key} for the prefillable fields."""
    return {
        spec["key"]: spec["prefill"]
        for spec in field_specs(eform.layout)
        if spec.get("prefill")
    }


@transaction.atomic
def save_eform(eform: EForm, *, user=None) -> EForm:
    """Validate and store ``eform``, counting one more revision on change."""
    eform.full_clean()
    if eform.pk:
        eform.revision = EForm.objects.get(pk=eform.pk).revision + 1
    eform.updated_by = user
    eform.save()
    return eform


def copy_to(version_from: ProcedureVersion, version_to: ProcedureVersion):
    """Give ``version_to`` a copy of ``version_from``'s e-form (if it has one).

    Call it right after ``catalog.services.draft_amendment`` made the draft.
    """
    source = EForm.objects.filter(version=version_from).first()
    if source is None or EForm.objects.filter(version=version_to).exists():
        return None
    return EForm.objects.create(
        version=version_to,
        title=source.title,
        schema=source.schema,
        layout=source.layout,
        revision=source.revision,
        updated_by=source.updated_by,
    )


def eform_of(version: ProcedureVersion) -> EForm | None:
    return EForm.objects.filter(version=version).first()


@transaction.atomic
def seed_eforms(path: Path = SEED_FILE) -> int:
    """Give every version of the seeded procedures lacking one its e-form."""
    created = 0
    for code, spec in json.loads(path.read_text(encoding="utf-8")).items():
        procedure = Procedure.objects.filter(code=code).first()
        if procedure is None:
            continue
        for version in procedure.versions.filter(eform__isnull=True):
            eform = EForm(version=version, title=spec["title"])
            eform.schema, eform.layout = spec["schema"], spec["layout"]
            eform.full_clean()
            eform.save()
            created += 1
    return created
