"""What a dossier filed online adds to its page: e-form, reused papers, rounds.

Shown on the desk's review page and on the dossier page: the e-form as
the citizen declared it (labelled with the titles of the procedure's
e-form), the papers with the national reuse flag, the files of each
submission round beside the supplements' history, the owner and the
submitter, and the fee exemption claimed with the desk's verification.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.dossiers.domain import Activity, Reuse
from motcua.eforms.domain import display_date
from motcua.eforms.services import eform_of
from motcua.filing.models import SupplementRound
from motcua.filing.services.exemption import EXEMPTION_VERIFIED

REUSE_SOURCES = {
    Reuse.DOCUMENT: gettext_lazy("taken from a paper of dossier"),
    Reuse.RESULT: gettext_lazy("taken from the result of dossier"),
}
"""Where a reused paper came from, followed by the dossier's code."""


@dataclass
class FormRow:
    label: str
    value: str


@dataclass
class FormSection:
    title: str
    rows: list[FormRow] = field(default_factory=list)


def _value(value, prop: dict, spec: dict) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if spec.get("widget") == "date" or prop.get("format") == "date":
        return display_date(str(value))
    labels = spec.get("labels") or {}
    if str(value) in labels:
        return str(labels[str(value)])
    if isinstance(value, list | dict):
        return ", ".join(str(v) for v in value) if isinstance(value, list) else "…"
    return str(value)


def eform_sections(dossier) -> list[FormSection]:
    """Return the declared e-form as labelled rows, in the layout's order.

    Values the current layout no longer shows (the e-form was edited since)
    are kept in a last section under their keys, so nothing declared hides.
    """
    data = dossier.form_data or {}
    if not isinstance(data, dict) or not data:
        return []
    eform = eform_of(dossier.procedure_version)
    schema = (eform.schema if eform else {}) or {}
    layout = (eform.layout if eform else {}) or {}
    properties = schema.get("properties", {}) if isinstance(schema, dict) else {}
    sections, shown = [], set()
    for raw in layout.get("sections", []) if isinstance(layout, dict) else []:
        section = FormSection(str(raw.get("title", "")))
        for spec in raw.get("fields", []):
            key = spec.get("key")
            if not key or key not in data:
                continue
            prop = properties.get(key, {})
            label = str(prop.get("title") or key)
            section.rows.append(FormRow(label, _value(data[key], prop, spec)))
            shown.add(key)
        if section.rows:
            sections.append(section)
    rest = [k for k in data if k not in shown]
    if rest:
        other = FormSection(_("Other values declared"))
        for key in rest:
            prop = properties.get(key, {})
            other.rows.append(
                FormRow(str(prop.get("title") or key), _value(data[key], prop, {}))
            )
        sections.append(other)
    return sections


def _labels(dossier) -> tuple[dict, dict]:
    eform = eform_of(dossier.procedure_version)
    schema = (eform.schema if eform else {}) or {}
    layout = (eform.layout if eform else {}) or {}
    properties = schema.get("properties", {}) if isinstance(schema, dict) else {}
    specs = {
        spec.get("key"): spec
        for section in (layout.get("sections", []) if isinstance(layout, dict) else [])
        for spec in section.get("fields", [])
    }
    return properties, specs


def round_changes(dossier, rounds) -> list[dict]:
    """Return each supplement round with the e-form values it changed.

    Both versions are kept (``SupplementRound.previous_form_data`` and
    ``form_data``); the desk sees what the citizen corrected.
    """
    properties, specs = _labels(dossier)
    result = []
    for item in rounds:
        before = item.previous_form_data or {}
        after = item.form_data or {}
        changes = []
        if isinstance(before, dict) and isinstance(after, dict) and after:
            for key in dict.fromkeys([*before, *after]):
                if before.get(key) == after.get(key):
                    continue
                prop, spec = properties.get(key, {}), specs.get(key, {})
                changes.append(
                    {
                        "label": str(prop.get("title") or key),
                        "before": _value(before.get(key), prop, spec),
                        "after": _value(after.get(key), prop, spec),
                    }
                )
        result.append({"round": item, "changes": changes})
    return result


def papers(dossier) -> list[dict]:
    """Return the dossier's papers, each with its files grouped by round."""
    files = list(dossier.files.all())
    rows = []
    for document in dossier.documents.all():
        mine = [f for f in files if f.document_id == document.pk]
        rounds = sorted({f.round for f in mine})
        rows.append(
            {
                "document": document,
                "reused": document.reuse != Reuse.NONE,
                "reuse_label": REUSE_SOURCES.get(document.reuse, ""),
                "rounds": [
                    {"number": n, "files": [f for f in mine if f.round == n]}
                    for n in rounds
                ],
            }
        )
    loose = [f for f in files if f.document_id is None]
    if loose:
        rows.append(
            {
                "document": None,
                "reused": False,
                "reuse_label": "",
                "rounds": [
                    {"number": n, "files": [f for f in loose if f.round == n]}
                    for n in sorted({f.round for f in loose})
                ],
            }
        )
    return rows


def exemption_decision(dossier):
    """Return the desk's last verification of the exemption (event), or None."""
    notes = [
        e
        for e in dossier.events.all()
        if e.action == Activity.NOTE
        and isinstance(e.payload, dict)
        and EXEMPTION_VERIFIED in e.payload
    ]
    return notes[-1] if notes else None


def online_parts(dossier) -> dict:
    """Return the context of the online panel of ``dossier`` ({} for a desk one)."""
    if dossier.channel != dossier.Channel.ONLINE:
        return {}
    decision = exemption_decision(dossier)
    return {
        "eform": eform_sections(dossier),
        "papers": papers(dossier),
        "rounds": round_changes(
            dossier,
            SupplementRound.objects.filter(dossier=dossier).select_related(
                "submitted_by"
            ),
        ),
        "owner": dossier.citizen_owner,
        "submitted_by": dossier.submitted_by,
        "exemption_decision": decision,
        "exemption_verified": (
            decision.payload.get(EXEMPTION_VERIFIED) if decision else None
        ),
    }
