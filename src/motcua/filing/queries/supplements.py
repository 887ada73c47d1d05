"""The supplements of one dossier: what the agency asked, what the citizen sent.

The requests come from the dossier's trail; each round the citizen sent is
shown with the e-form fields it changed and the files it added.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.domain import Action, Status
from motcua.dossiers.models import Dossier, DossierEvent, DossierFile
from motcua.eforms.domain import display_date
from motcua.eforms.services import eform_of

from ..models import SupplementRound


@dataclass(frozen=True)
class SupplementRequest:
    """What the agency asked the applicant to add or fix, and when."""

    at: datetime
    missing: tuple[str, ...]
    note: str


def supplement_requests(dossier: Dossier) -> list[SupplementRequest]:
    """Every supplement request of the dossier, oldest first."""
    events = DossierEvent.objects.filter(
        dossier=dossier, action=Action.REQUEST_SUPPLEMENT
    ).order_by("sequence")
    requests = []
    for event in events:
        payload = event.payload or {}
        missing = payload.get("missing") or payload.get("items") or []
        requests.append(
            SupplementRequest(
                at=event.at,
                missing=tuple(str(m) for m in missing if str(m).strip()),
                note=event.reason,
            )
        )
    return requests


def pending_request(dossier: Dossier) -> SupplementRequest | None:
    """Return the request the citizen answers now (the last, while awaiting)."""
    if dossier.status != Status.AWAITING_SUPPLEMENT:
        return None
    requests = supplement_requests(dossier)
    return requests[-1] if requests else None


def supplement_rounds(dossier: Dossier) -> QuerySet[SupplementRound]:
    return SupplementRound.objects.filter(dossier=dossier).order_by("number")


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class RoundView:
    """One supplement the citizen sent: the form's changes and the new files."""

    number: int
    submitted_at: datetime
    note: str
    changes: tuple[Change, ...]
    files: tuple[DossierFile, ...]


def shown_value(value) -> str:
    """Write an e-form value for a person: dates dd/mm/yyyy, yes/no, lists."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, list):
        return ", ".join(shown_value(v) for v in value)
    if isinstance(value, str) and len(value) == 10:
        shown = display_date(value)
        if shown != value:
            return shown
    return str(value)


def field_labels(schema: dict | None, layout: dict | None) -> dict[str, str]:
    """Name each e-form field; a title shared by several ("Dân tộc") gets its section."""
    properties = (schema or {}).get("properties", {})
    titles = {key: prop.get("title") or key for key, prop in properties.items()}
    shared = {t for t in titles.values() if list(titles.values()).count(t) > 1}
    labels = dict(titles)
    for section in (layout or {}).get("sections", []):
        for spec in section.get("fields", []):
            key = spec.get("key")
            if key in titles and titles[key] in shared and section.get("title"):
                labels[key] = f"{section['title']}: {titles[key]}"
    return labels


def form_changes(
    before: dict, after: dict, schema: dict | None, layout: dict | None = None
) -> list[Change]:
    """Return the fields whose value differs, labelled by the e-form's titles."""
    properties = (schema or {}).get("properties", {})
    labels = field_labels(schema, layout)
    keys = list(properties) + sorted((set(before) | set(after)) - set(properties))
    changes = []
    for key in keys:
        old, new = before.get(key), after.get(key)
        if old != new:
            changes.append(
                Change(
                    label=labels.get(key, key),
                    before=shown_value(old),
                    after=shown_value(new),
                )
            )
    return changes


def round_history(dossier: Dossier) -> list[RoundView]:
    """Return every supplement round with what changed, oldest first."""
    rounds = list(supplement_rounds(dossier))
    if not rounds:
        return []
    eform = eform_of(dossier.procedure_version)
    schema = eform.schema if eform else None
    layout = eform.layout if eform else None
    files = list(
        DossierFile.objects.filter(dossier=dossier, round__gt=0).order_by("pk")
    )
    return [
        RoundView(
            number=r.number,
            submitted_at=r.submitted_at,
            note=r.note,
            changes=tuple(
                form_changes(
                    r.previous_form_data or {}, r.form_data or {}, schema, layout
                )
            ),
            files=tuple(f for f in files if f.round == r.number),
        )
        for r in rounds
    ]
