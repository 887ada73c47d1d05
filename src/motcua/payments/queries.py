"""Reads of payments for the staff: what they may see and do, a day's totals.

An officer sees the payments of the dossiers received or handled by an
agency where they hold a role; any other payment does not exist for them
(the interfaces answer 404). Recording cash at the desk is the desk
officer's job in the dossier's receiving agency; a refund is given by the
desk officer or the leader of the receiving or handling agency.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, QuerySet, Sum
from django.utils import timezone

from motcua.accounts.domain import Role
from motcua.accounts.models import RoleAssignment
from motcua.dossiers.queries import staff_dossiers

from .domain import RefundState, State
from .models import Payment, Refund

COLLECTING_ROLES = (Role.DESK_OFFICER,)
REFUNDING_ROLES = (Role.DESK_OFFICER, Role.LEADER)
# A state filter that is not a state: paid, with a refund owed or refused.
TO_REFUND = "to_refund"


def staff_payments(user) -> QuerySet[Payment]:
    """Payments of the dossiers of the agencies where ``user`` has a role."""
    if user is None or not user.is_authenticated:
        return Payment.objects.none()
    return Payment.objects.filter(dossier__in=staff_dossiers(user)).select_related(
        "dossier", "dossier__receiving_agency", "created_by"
    )


def staff_payment(user, txn_ref: str) -> Payment | None:
    """Return payment ``txn_ref`` if ``user`` may see it, else None."""
    ref = (txn_ref or "").strip()
    if not ref or len(ref) > 34 or not ref.isalnum():
        return None
    return staff_payments(user).filter(txn_ref=ref).first()


def filtered(
    payments: QuerySet[Payment],
    *,
    state: str = "",
    method: str = "",
    dossier: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[Payment]:
    """Narrow ``payments``: by state, method, dossier code (its start), day."""
    if state == TO_REFUND:
        payments = needing_refund(payments)
    elif state:
        payments = payments.filter(state=state)
    if method:
        payments = payments.filter(method=method)
    if dossier:
        payments = payments.filter(dossier__code__istartswith=dossier.strip())
    if date_from:
        payments = payments.filter(created_at__gte=_start(date_from))
    if date_to:
        payments = payments.filter(created_at__lt=_start(date_to + timedelta(days=1)))
    return payments.order_by("-created_at", "-id")


def needing_refund(payments: QuerySet[Payment]) -> QuerySet[Payment]:
    """Paid payments with a refund owed at the desk or refused by the gateway."""
    open_refund = Refund.objects.filter(
        payment=OuterRef("pk"), state__in=[RefundState.AT_DESK, RefundState.FAILED]
    )
    return payments.filter(Exists(open_refund), state=State.PAID)


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _holds(user, agencies, roles) -> bool:
    return RoleAssignment.objects.filter(
        user=user, agency__in=[a for a in agencies if a], role__in=roles
    ).exists()


def may_collect(user, dossier) -> bool:
    """Tell whether ``user`` records fees paid at ``dossier``'s desk."""
    return _holds(user, [dossier.receiving_agency_id], COLLECTING_ROLES)


def may_refund(user, dossier) -> bool:
    """Tell whether ``user`` gives ``dossier``'s fees back."""
    agencies = [dossier.receiving_agency_id, dossier.handling_agency_id]
    return _holds(user, agencies, REFUNDING_ROLES)


def amount_owed(dossier) -> int:
    """Return what ``dossier`` still owes (the desk's default amount), or 0.

    ``fee_paid`` is what the dossier's trail recorded (at reception, or
    when fees asked for were recorded, naming the payment that paid them);
    a paid payment the trail does not name yet is paid too.
    """
    recorded = {
        (event.payload or {}).get("payment")
        for event in dossier.events.filter(action="record_fees").only("payload")
    }
    taken = (
        Payment.objects.filter(dossier=dossier, state=State.PAID)
        .exclude(txn_ref__in=[ref for ref in recorded if ref])
        .aggregate(total=Sum("amount"))["total"]
        or 0
    )
    return max(0, int(dossier.fee_due) - int(dossier.fee_paid) - int(taken))


@dataclass
class DaySummary:
    """One day's payments of an officer's agencies, per method and state."""

    day: date
    rows: list[dict] = field(default_factory=list)
    paid_total: int = 0
    refunded_total: int = 0
    pending: int = 0
    to_refund: int = 0


def day_summary(user, day: date) -> DaySummary:
    payments = staff_payments(user).filter(
        created_at__gte=_start(day), created_at__lt=_start(day + timedelta(days=1))
    )
    summary = DaySummary(day=day)
    labels = dict(Payment.Methods.choices), dict(Payment.States.choices)
    grouped = (
        payments.order_by()
        .values("method", "state")
        .annotate(count=Count("id"), total=Sum("amount"))
        .order_by("method", "state")
    )
    for row in grouped:
        summary.rows.append(
            {
                **row,
                "method_label": labels[0].get(row["method"], row["method"]),
                "state_label": labels[1].get(row["state"], row["state"]),
            }
        )
        if row["state"] == State.PAID:
            summary.paid_total += row["total"] or 0
        elif row["state"] == State.REFUNDED:
            summary.refunded_total += row["total"] or 0
        elif row["state"] == State.PENDING:
            summary.pending += row["count"]
    summary.to_refund = needing_refund(payments).count()
    return summary


def visible_report(user, report: dict) -> dict:
    """Keep, of a reconciliation's report, the payments ``user`` may see."""
    refs = {item["txn_ref"] for key in ("fixed", "mismatches") for item in report[key]}
    mine = set(
        staff_payments(user).filter(txn_ref__in=refs).values_list("txn_ref", flat=True)
    )
    return {
        **report,
        "fixed": [i for i in report["fixed"] if i["txn_ref"] in mine],
        "mismatches": [i for i in report["mismatches"] if i["txn_ref"] in mine],
    }
