"""The audit trail: append-only, hash-chained events per dossier.

Each event's hash covers its facts and the previous event's hash; the
dossier row keeps the hash of its last event. Editing a row breaks its own
hash; deleting one breaks the chain (a gap, or a head that no longer
matches). ``verify_chain`` is what ``manage.py verify_audit`` runs.
"""

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.serializers.json import DjangoJSONEncoder

from ..domain import ChainBreak, EventFacts, chain_breaks, event_hash
from ..models import Dossier, DossierEvent


def normalise_payload(payload: object) -> object:
    """Return ``payload`` as plain JSON values, exactly as the database keeps it."""
    return json.loads(json.dumps(payload or {}, cls=DjangoJSONEncoder))


def iso_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def facts_of(event: DossierEvent, dossier_code: str) -> EventFacts:
    return EventFacts(
        dossier_code=dossier_code,
        sequence=event.sequence,
        action=event.action,
        from_status=event.from_status,
        to_status=event.to_status,
        actor_id=event.actor_id_recorded,
        at=iso_utc(event.at),
        reason=event.reason,
        payload=event.payload,
        previous_hash=event.previous_hash,
    )


def append_event(
    dossier: Dossier,
    *,
    action: str,
    from_status: str,
    to_status: str,
    actor,
    at: datetime,
    reason: str = "",
    payload: object = None,
    public: bool = True,
) -> DossierEvent:
    """Write the next event of ``dossier`` (locked by the caller) and chain it.

    Updates ``dossier.audit_head`` in memory; the caller saves the dossier
    in the same transaction.
    """
    last = dossier.events.order_by("-sequence").values_list("sequence", flat=True)
    sequence = (last.first() or 0) + 1
    event = DossierEvent(
        dossier=dossier,
        sequence=sequence,
        action=action,
        from_status=from_status or "",
        to_status=to_status,
        actor=actor,
        actor_id_recorded=actor.pk if actor is not None else None,
        actor_name=_display_name(actor),
        at=at,
        reason=reason,
        payload=normalise_payload(payload),
        public=public,
        previous_hash=dossier.audit_head,
    )
    event.hash = event_hash(facts_of(event, dossier.code))
    event.save()
    dossier.audit_head = event.hash
    return event


def _display_name(actor) -> str:
    if actor is None:
        return ""
    name = getattr(actor, "full_name", "") or actor.get_full_name() or actor.username
    return name[:250]


@dataclass(frozen=True)
class AuditProblem:
    dossier_code: str
    sequence: int
    problem: str


def verify_chain(dossier: Dossier) -> list[ChainBreak]:
    """Return the breaks in ``dossier``'s event chain (empty if intact)."""
    events = DossierEvent.objects.filter(dossier=dossier).order_by("sequence")
    stored = [(facts_of(e, dossier.code), e.hash) for e in events]
    return chain_breaks(stored, dossier.audit_head)


def verify_all(chunk: int = 500) -> Iterator[AuditProblem]:
    """Yield an ``AuditProblem`` for every break in every dossier's chain.

    Reads dossiers in chunks with one query for the events of each chunk,
    so a million dossiers take two thousand queries, not a million.
    """
    last_pk = 0
    while True:
        dossiers = list(
            Dossier.objects.filter(pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", "code", "audit_head")[:chunk]
        )
        if not dossiers:
            return
        last_pk = dossiers[-1][0]
        events: dict[int, list[DossierEvent]] = defaultdict(list)
        rows = DossierEvent.objects.filter(dossier_id__in=[d[0] for d in dossiers])
        for event in rows.order_by("dossier_id", "sequence"):
            events[event.dossier_id].append(event)
        for pk, code, head in dossiers:
            stored = [(facts_of(e, code), e.hash) for e in events[pk]]
            for found in chain_breaks(stored, head):
                yield AuditProblem(code, found.sequence, found.problem)
