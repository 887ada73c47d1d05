"""The citizen's list of dossiers: filtered by group, each with its next step."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from motcua.dossiers.domain import Status
from motcua.dossiers.models import Dossier
from motcua.results.domain import Method
from motcua.results.models import ResultDelivery

from ..models import Rating
from .next_steps import ACTING, GROUP_STATUSES, NEXT_LABELS, Group, Next, next_action
from .scoping import citizen_dossiers


@dataclass(frozen=True)
class DossierRow:
    code: str
    procedure_name: str
    status: str
    status_label: str
    submitted_at: datetime
    due_at: datetime | None
    extended: bool
    reception_due_at: datetime | None
    next_action: Next
    applicant_name: str = ""

    @property
    def next_label(self):
        return NEXT_LABELS[self.next_action]

    @property
    def acting(self) -> bool:
        return self.next_action in ACTING


def _electronic(at) -> QuerySet:
    return ResultDelivery.objects.filter(
        dossier=OuterRef("pk"), method=Method.ELECTRONIC, link_expires_at__gt=at
    )


def dossier_list(user, group: str = "", *, at=None) -> QuerySet[Dossier]:
    """Return the citizen's dossiers, newest first, annotated for their next step."""
    at = at or timezone.now()
    rows = citizen_dossiers(user)
    if group in set(Group):
        rows = rows.filter(status__in=GROUP_STATUSES[Group(group)])
    return (
        rows.select_related("procedure_version")
        .annotate(
            link_open=Exists(_electronic(at)),
            downloaded=Exists(
                _electronic(at).filter(first_downloaded_at__isnull=False)
            ),
            rated=Exists(Rating.objects.filter(dossier=OuterRef("pk"))),
        )
        .order_by("-submitted_at", "-pk")
    )


def group_counts(user) -> dict[Group, int]:
    """Return how many of the citizen's dossiers are in each group (one query)."""
    counts = dict.fromkeys(Group, 0)
    statuses = {s: g for g, members in GROUP_STATUSES.items() for s in members}
    rows = (
        citizen_dossiers(user)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    for status, n in rows:
        counts[statuses[Status(status)]] += n
    return counts


def row_of(dossier: Dossier) -> DossierRow:
    """Shape a dossier of ``dossier_list`` (or any, reading its flags) for a list."""
    flags = _flags(dossier)
    return DossierRow(
        code=dossier.code,
        procedure_name=dossier.procedure_version.name,
        status=dossier.status,
        status_label=str(dossier.status_label),
        submitted_at=dossier.submitted_at,
        due_at=dossier.extended_due_at or dossier.due_at,
        extended=dossier.extended_due_at is not None,
        reception_due_at=dossier.reception_due_at,
        applicant_name=(dossier.applicant_snapshot or {}).get("full_name", ""),
        next_action=next_action(
            dossier.status,
            delivery=dossier.delivery_method,
            supplement_sent=supplement_sent(dossier),
            **flags,
        ),
    )


def supplement_sent(dossier: Dossier) -> bool:
    """Tell whether the citizen answered the request and waits for the desk.

    A request clears the 8-hour reception clock; a supplement sent before
    reception sets it again, while the status stays "awaiting supplement".
    """
    return (
        dossier.status == Status.AWAITING_SUPPLEMENT
        and dossier.reception_due_at is not None
    )


def _flags(dossier: Dossier) -> dict[str, bool]:
    if hasattr(dossier, "link_open"):
        return {
            "link_open": dossier.link_open,
            "downloaded": dossier.downloaded,
            "rated": dossier.rated,
        }
    at = timezone.now()
    electronic = ResultDelivery.objects.filter(
        dossier=dossier, method=Method.ELECTRONIC, link_expires_at__gt=at
    )
    return {
        "link_open": electronic.exists(),
        "downloaded": electronic.filter(first_downloaded_at__isnull=False).exists(),
        "rated": Rating.objects.filter(dossier=dossier).exists(),
    }
