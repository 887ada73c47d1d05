"""The daily reconciliation of online payments with VNPay (querydr).

A pending payment whose IPN never arrived is settled from the gateway's
answer; a paid one the gateway does not know as paid, and any amount that
differs, is reported for an officer to look at, never changed.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from motcua.core.text import fold
from motcua.integrations import vnpay

from .domain import Method, State
from .models import Payment
from .services import _event, announce_paid, client


@dataclass
class Reconciliation:
    day: date
    checked: int = 0
    fixed: list[dict] = field(default_factory=list)
    mismatches: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "day": self.day.isoformat(),
            "checked": self.checked,
            "fixed": self.fixed,
            "mismatches": self.mismatches,
        }


def reconcile(day: date, *, now=None) -> Reconciliation:
    """Ask VNPay about the day's pending and paid online payments.

    A pending payment the gateway reports paid becomes paid (its IPN was
    lost); one it reports failed, or does not know once the payment link
    has expired, is closed. A paid payment the gateway does not report paid,
    and any amount that differs, is reported, not changed.
    """
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=tz)
    report = Reconciliation(day=day)
    gateway = client()
    expiry = timedelta(minutes=gateway.expire_minutes)
    candidates = Payment.objects.filter(
        method=Method.VNPAY,
        state__in=[State.PENDING, State.PAID],
        created_at__gte=start,
        created_at__lt=start + timedelta(days=1),
    ).order_by("id")
    for candidate in candidates:
        report.checked += 1
        try:
            answer = gateway.query(
                txn_ref=candidate.txn_ref,
                transaction_date=candidate.created_at,
                order_info=fold(f"Truy van {candidate.txn_ref}"),
                ip="127.0.0.1",
                now=now,
                transaction_no=candidate.transaction_no,
            )
        except vnpay.VnpayError as error:
            report.mismatches.append(
                {"txn_ref": candidate.txn_ref, "problem": f"unreachable: {error}"}
            )
            continue
        _settle(candidate, answer, report, expired=now - candidate.created_at > expiry)
    return report


def _settle(candidate, answer, report, *, expired: bool) -> None:
    ref = candidate.txn_ref
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=candidate.pk)
        if answer.ok and answer.amount_vnd and answer.amount_vnd != payment.amount:
            report.mismatches.append(
                {
                    "txn_ref": ref,
                    "problem": "amount",
                    "ours": payment.amount,
                    "gateway": answer.amount_vnd,
                }
            )
            return
        if payment.state == State.PAID:
            if not answer.paid:
                report.mismatches.append(
                    {
                        "txn_ref": ref,
                        "problem": "paid here, not at the gateway",
                        "gateway_code": answer.response_code,
                        "gateway_status": answer.transaction_status,
                    }
                )
            return
        # Pending here.
        new_state = None
        if answer.paid:
            new_state = State.PAID
            payment.paid_at = answer.pay_date or timezone.now()
            payment.transaction_no = answer.transaction_no
            payment.bank_code = answer.bank_code
        elif answer.ok and answer.transaction_status not in ("01", ""):
            new_state = State.FAILED
        elif expired and answer.response_code == "91":
            new_state = State.CANCELLED
        if new_state is None:
            return
        payment.state = new_state
        payment.responses = [*payment.responses, {"querydr": answer.body}]
        payment.save()
        _event(payment, "reconciled", payload={"code": answer.response_code})
        if new_state == State.PAID:
            announce_paid(payment)
        report.fixed.append({"txn_ref": ref, "state": str(new_state)})
