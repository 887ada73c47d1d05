"""Readers of one dossier the citizen sees: trail, papers, messages, payments, results.

Each takes a dossier already scoped to the citizen (``dossier_for_citizen``).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.domain import Status
from motcua.dossiers.models import Dossier, DossierFile
from motcua.dossiers.queries import TimelineStep, public_tracking
from motcua.dossiers.services.notices import dossier_messages
from motcua.notifications.models import OutboxMessage
from motcua.payments.domain import State as PaymentState
from motcua.payments.models import Payment
from motcua.results.domain import Method, ResultState
from motcua.results.models import Result
from motcua.results.services.delivery import download_path

from ..models import Rating
from .next_steps import WITHDRAWABLE, may_rate


def timeline(dossier: Dossier) -> tuple[TimelineStep, ...]:
    """Return the public steps of the trail, as on the tracking page."""
    view = public_tracking(dossier.code)
    return view.timeline if view is not None else ()


@dataclass(frozen=True)
class Paper:
    """A paper of the dossier with its files, by submission round."""

    name: str
    reused: bool
    reused_from: str
    files: tuple[DossierFile, ...]


def papers(dossier: Dossier) -> list[Paper]:
    """Return the dossier's papers with their files; loose files come last."""
    files = list(DossierFile.objects.filter(dossier=dossier).order_by("round", "pk"))
    result = []
    for document in dossier.documents.all():
        mine = tuple(f for f in files if f.document_id == document.pk)
        result.append(
            Paper(
                name=document.name,
                reused=bool(document.reuse),
                reused_from=document.reused_from,
                files=mine,
            )
        )
    loose = tuple(f for f in files if f.document_id is None)
    if loose:
        result.append(
            Paper(name=str(_("Other files")), reused=False, reused_from="", files=loose)
        )
    return result


def file_for_citizen(dossier: Dossier, file_id) -> DossierFile | None:
    try:
        return DossierFile.objects.filter(dossier=dossier, pk=int(file_id)).first()
    except (TypeError, ValueError):
        return None


STAFF_KINDS = frozenset({"at_risk", "otp"})
"""Outbox kinds meant for officers (or a sign-in), never shown to the citizen."""


def citizen_messages(dossier: Dossier) -> QuerySet[OutboxMessage]:
    """Return what the agency wrote to the applicant about it, newest first."""
    return dossier_messages(dossier).exclude(kind__in=STAFF_KINDS)


def dossier_payments(dossier: Dossier) -> QuerySet[Payment]:
    return Payment.objects.filter(dossier=dossier).order_by("-created_at", "-pk")


def payment_for_citizen(dossier: Dossier, payment_id) -> Payment | None:
    try:
        return dossier_payments(dossier).filter(pk=int(payment_id)).first()
    except (TypeError, ValueError):
        return None


def has_receipt(payment: Payment) -> bool:
    return payment.state in (PaymentState.PAID, PaymentState.REFUNDED)


def amount_owed(dossier: Dossier) -> int:
    return max(0, dossier.fee_due - dossier.fee_paid)


@dataclass(frozen=True)
class CitizenResult:
    """An issued result as its owner sees it: the download link while it runs."""

    code: str
    title: str
    issued_at: datetime | None
    method: str
    download_path: str
    link_expires_at: datetime | None


def citizen_results(dossier: Dossier, *, at=None) -> list[CitizenResult]:
    """Return the issued results (drafts never show), each with its delivery."""
    at = at or timezone.now()
    results = (
        Result.objects.filter(dossier=dossier, state=ResultState.ISSUED)
        .prefetch_related("deliveries")
        .order_by("number")
    )
    shown = []
    for result in results:
        deliveries = sorted(result.deliveries.all(), key=lambda d: d.handed_at)
        last = deliveries[-1] if deliveries else None
        electronic = [d for d in deliveries if d.method == Method.ELECTRONIC]
        expires = max(
            (d.link_expires_at for d in electronic if d.link_expires_at),
            default=None,
        )
        is_open = expires is not None and expires > at
        shown.append(
            CitizenResult(
                code=result.code,
                title=result.title,
                issued_at=result.issued_at,
                method=last.method if last else "",
                download_path=download_path(result) if is_open else "",
                link_expires_at=expires,
            )
        )
    return shown


def rating_of(dossier: Dossier) -> Rating | None:
    return Rating.objects.filter(dossier=dossier).first()


@dataclass(frozen=True)
class Permissions:
    """What the citizen may do with the dossier now."""

    supplement: bool
    pay: bool
    withdraw: bool
    rate: bool


def permissions(dossier: Dossier, rated: bool | None = None) -> Permissions:
    if rated is None:
        rated = Rating.objects.filter(dossier=dossier).exists()
    status = Status(dossier.status)
    return Permissions(
        supplement=status == Status.AWAITING_SUPPLEMENT,
        pay=status == Status.AWAITING_FEES and amount_owed(dossier) > 0,
        withdraw=status in WITHDRAWABLE,
        rate=may_rate(status, rated),
    )
