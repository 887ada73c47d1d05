"""Reads of the citizen's own dossiers (hồ sơ của tôi), for the portal and the API.

A citizen sees a dossier when they filed it (``submitted_by``), when it is
for them (``citizen_owner`` is their profile) or when it is for an
organisation they currently represent (a verified representation whose
dates hold today). Everyone else gets None, so the interfaces answer 404
and a code reveals nothing; officers are not citizens here at all.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.citizens.models import CitizenProfile, Representation
from motcua.dossiers.domain import Action, Status, parse_dossier_code
from motcua.dossiers.models import Dossier, DossierEvent, DossierFile
from motcua.dossiers.queries import TimelineStep, public_tracking
from motcua.dossiers.services.notices import dossier_messages
from motcua.eforms.domain import display_date
from motcua.eforms.services import eform_of
from motcua.notifications.models import OutboxMessage
from motcua.payments.domain import State as PaymentState
from motcua.payments.models import Payment
from motcua.results.domain import Method, ResultState
from motcua.results.models import Result, ResultDelivery
from motcua.results.services.delivery import download_path

from .models import Rating, SupplementRound

# -- who is a citizen, and whose dossiers they see --------------------------


def citizen_profile(user) -> CitizenProfile | None:
    """Return the person profile ``user`` signs in with; None for officers.

    The same rule as filing: staff and anyone holding a role in an agency
    use the back office, never the citizen's pages.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_staff or user.roles.exists():
        return None
    return CitizenProfile.objects.filter(user=user, kind="person").first()


def is_citizen(user) -> bool:
    return citizen_profile(user) is not None


def _represented(user, on) -> QuerySet:
    """Ids of the organisations ``user`` represents on ``on`` (a subquery)."""
    rows = Representation.objects.filter(citizen__user=user, valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    if any(f.name == "verified" for f in Representation._meta.get_fields()):
        rows = rows.filter(verified=True)
    return rows.values("organisation_id")


def citizen_dossiers(user, *, on=None) -> QuerySet[Dossier]:
    """Dossiers ``user`` filed, that are theirs, or their organisations'.

    One query: three conditions on indexed foreign keys, the profiles read
    as subqueries, never a join that would repeat a dossier.
    """
    if user is None or not user.is_authenticated:
        return Dossier.objects.none()
    on = on or timezone.localdate()
    own = CitizenProfile.objects.filter(user=user).values("pk")
    return Dossier.objects.filter(
        Q(submitted_by=user)
        | Q(citizen_owner__in=own)
        | Q(citizen_owner__in=_represented(user, on))
    )


def dossier_for_citizen(code: str, user) -> Dossier | None:
    """Return dossier ``code`` if ``user`` may see it as a citizen, else None."""
    parsed = parse_dossier_code(code or "")
    if parsed is None or not is_citizen(user):
        return None
    return (
        citizen_dossiers(user)
        .filter(code=str(parsed))
        .select_related(
            "procedure_version__procedure",
            "receiving_agency",
            "handling_agency",
            "applicant",
            "citizen_owner",
        )
        .first()
    )


# -- status groups and the next thing the citizen does -----------------------


class Group(StrEnum):
    """The filters of the list, as in the URL (?nhom=...)."""

    MINE = "cho-toi"  # waiting for me
    PROCESSING = "dang-xu-ly"
    RESULT = "co-ket-qua"
    ENDED = "da-dung"


GROUP_STATUSES = {
    Group.MINE: (Status.AWAITING_SUPPLEMENT, Status.AWAITING_FEES),
    Group.PROCESSING: (
        Status.NEW,
        Status.RECEIVED,
        Status.IN_PROGRESS,
        Status.WITHDRAWAL_REQUESTED,
    ),
    Group.RESULT: (Status.RESOLVED, Status.RETURNED),
    Group.ENDED: (Status.NOT_ACCEPTED, Status.STOPPED),
}

GROUP_LABELS = {
    Group.MINE: _("Waiting for me"),
    Group.PROCESSING: _("Being processed"),
    Group.RESULT: _("With a result"),
    Group.ENDED: _("Not accepted or stopped"),
}


class Next(StrEnum):
    """What the citizen does (or waits for) next with a dossier."""

    WAIT_RECEPTION = "wait_reception"
    WAIT_PROCESSING = "wait_processing"
    SUPPLEMENT = "supplement"
    PAY = "pay"
    WAIT_WITHDRAWAL = "wait_withdrawal"
    DOWNLOAD = "download"
    COLLECT = "collect"
    WAIT_POST = "wait_post"
    RATE = "rate"
    NOTHING = "nothing"


NEXT_LABELS = {
    Next.WAIT_RECEPTION: _("Waiting for reception"),
    Next.WAIT_PROCESSING: _("Being processed"),
    Next.SUPPLEMENT: _("Supplement the dossier"),
    Next.PAY: _("Pay the fees"),
    Next.WAIT_WITHDRAWAL: _("Withdrawal being considered"),
    Next.DOWNLOAD: _("Download the result"),
    Next.COLLECT: _("Collect the result at the desk"),
    Next.WAIT_POST: _("Result sent by post"),
    Next.RATE: _("Rate the service"),
    Next.NOTHING: _("Nothing left to do"),
}
ACTING = frozenset({Next.SUPPLEMENT, Next.PAY, Next.DOWNLOAD, Next.RATE})
"""Next steps that are something to do (a button), not something to wait for."""

WITHDRAWABLE = frozenset({Status.RECEIVED, Status.IN_PROGRESS})
"""As ``filing.services``: after reception and before the result."""


def may_rate(status: Status | str, rated: bool) -> bool:
    """Tell whether the service may be rated: once, after the return."""
    return not rated and Status(status) == Status.RETURNED


def next_action(
    status: Status | str,
    *,
    delivery: str = "desk",
    link_open: bool = False,
    downloaded: bool = False,
    rated: bool = False,
    supplement_sent: bool = False,
) -> Next:
    """Return the citizen's next step in ``status`` (pure).

    A supplement sent before reception leaves the dossier waiting for a
    supplement until the desk accepts it: the citizen waits. An electronic
    result not yet downloaded comes first, then the rating, then the
    download again while the link runs.
    """
    status = Status(status)
    if status == Status.AWAITING_SUPPLEMENT and supplement_sent:
        return Next.WAIT_RECEPTION
    simple = {
        Status.NEW: Next.WAIT_RECEPTION,
        Status.RECEIVED: Next.WAIT_PROCESSING,
        Status.IN_PROGRESS: Next.WAIT_PROCESSING,
        Status.AWAITING_SUPPLEMENT: Next.SUPPLEMENT,
        Status.AWAITING_FEES: Next.PAY,
        Status.WITHDRAWAL_REQUESTED: Next.WAIT_WITHDRAWAL,
        Status.NOT_ACCEPTED: Next.NOTHING,
        Status.STOPPED: Next.NOTHING,
    }
    if status in simple:
        return simple[status]
    if link_open and not downloaded:
        return Next.DOWNLOAD
    if may_rate(status, rated):
        return Next.RATE
    if link_open:
        return Next.DOWNLOAD
    if status == Status.RESOLVED:
        return Next.WAIT_POST if delivery == Method.POST else Next.COLLECT
    return Next.NOTHING


# -- the list ------------------------------------------------------------------


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


# -- one dossier -------------------------------------------------------------


def timeline(dossier: Dossier) -> tuple[TimelineStep, ...]:
    """Return the public steps of the trail, as on the tracking page."""
    view = public_tracking(dossier.code)
    return view.timeline if view is not None else ()


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
