"""Paying fees: online through VNPay or at the desk; refunds; reconciliation.

Only the gateway's signed IPN (server to server) changes the state of an
online payment; the return page the citizen's browser comes back to only
shows it. The IPN is handled idempotently under a row lock: VNPay repeats
it until it is answered, and a repeat changes nothing ("already
confirmed"). A daily reconciliation asks the gateway (querydr) about the
day's pending and paid payments, settles those whose IPN never arrived and
reports what disagrees.
"""

import logging
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motcua.core.text import fold
from motcua.documents.forms.formatting import clock_and_date, place_and_date
from motcua.documents.pdf import render_pdf
from motcua.integrations import vnpay

from .domain import IpnDecision, Method, State, decide_ipn, refundable
from .models import Payment, PaymentEvent, Refund

log = logging.getLogger(__name__)

IPN_CODES = {
    IpnDecision.NOT_FOUND: vnpay.IPN_ORDER_NOT_FOUND,
    IpnDecision.WRONG_AMOUNT: vnpay.IPN_INVALID_AMOUNT,
    IpnDecision.ALREADY_CONFIRMED: vnpay.IPN_ALREADY_CONFIRMED,
    IpnDecision.PAID: vnpay.IPN_CONFIRMED,
    IpnDecision.FAILED: vnpay.IPN_CONFIRMED,
}


class PaymentError(Exception):
    """A payment action refused; the message is translated for the user."""


def client() -> vnpay.VnpayClient:
    return vnpay.VnpayClient()


def _txn_ref(now: datetime, prefix: str = "") -> str:
    return (
        f"{prefix}{timezone.localtime(now):%y%m%d%H%M%S}{secrets.token_hex(4).upper()}"
    )


def _event(payment, kind, *, actor=None, note="", payload=None, at=None):
    return PaymentEvent.objects.create(
        payment=payment,
        kind=kind,
        state=payment.state,
        actor=actor,
        note=note,
        payload=payload or {},
        at=at or timezone.now(),
    )


def _order_info(dossier) -> str:
    code = dossier.code if dossier is not None else ""
    # VNPay asks for Vietnamese without accents and no special characters.
    text = fold(f"Thanh toán phí, lệ phí hồ sơ {code}").strip()
    return "".join(ch for ch in text if ch.isalnum() or ch == " ")[:255]


def start_online_payment(
    dossier, amount: int, *, return_url: str, ip: str, locale: str = "vi", now=None
) -> str:
    """Create a pending VNPay payment and return the gateway URL to send to."""
    if int(amount) <= 0:
        raise PaymentError(_("The amount to pay must be positive."))
    now = now or timezone.now()
    payment = Payment.objects.create(
        dossier=dossier,
        amount=int(amount),
        method=Method.VNPAY,
        state=State.PENDING,
        txn_ref=_txn_ref(now),
        order_info=_order_info(dossier),
        client_ip=ip or "",
    )
    _event(payment, "created", at=now)
    return client().payment_url_for(
        txn_ref=payment.txn_ref,
        amount_vnd=payment.amount,
        order_info=payment.order_info,
        return_url=return_url,
        ip=ip,
        locale="en" if locale == "en" else "vn",
        now=now,
    )


def confirm_ipn(params) -> dict:
    """Handle VNPay's IPN; return the JSON answer VNPay expects.

    A bad checksum answers "97" and touches nothing; an unknown reference
    "01"; an amount that differs "04"; a payment no longer pending "02"
    (a repeated IPN changes nothing). Otherwise the payment becomes paid or
    failed, with one event, and the answer is "00".
    """
    notice = client().check_notice(params)
    if not notice.valid_signature:
        log.warning("VNPay IPN with an invalid checksum for %r", notice.txn_ref)
        return vnpay.ipn_answer(vnpay.IPN_INVALID_CHECKSUM)
    try:
        with transaction.atomic():
            payment = (
                Payment.objects.select_for_update()
                .filter(txn_ref=notice.txn_ref, method=Method.VNPAY)
                .first()
            )
            decision = decide_ipn(
                found=payment is not None,
                state=payment.state if payment else "",
                amount=payment.amount if payment else 0,
                notified_amount=notice.amount_vnd,
                paid=notice.paid,
            )
            if decision in (IpnDecision.PAID, IpnDecision.FAILED):
                now = timezone.now()
                payment.responses = [*payment.responses, {"ipn": notice.params}]
                payment.transaction_no = notice.transaction_no
                payment.bank_code = notice.bank_code
                if decision == IpnDecision.PAID:
                    payment.state = State.PAID
                    payment.paid_at = notice.pay_date or now
                else:
                    payment.state = State.FAILED
                payment.save()
                _event(
                    payment,
                    "paid" if decision == IpnDecision.PAID else "failed",
                    payload={"response_code": notice.response_code},
                    at=now,
                )
            elif decision == IpnDecision.WRONG_AMOUNT:
                log.warning(
                    "VNPay IPN for %s with amount %s (expected %s)",
                    notice.txn_ref,
                    notice.amount_vnd,
                    payment.amount,
                )
    except Exception:
        log.exception("VNPay IPN for %r failed", notice.txn_ref)
        return vnpay.ipn_answer(vnpay.IPN_OTHER_ERROR)
    return vnpay.ipn_answer(IPN_CODES[decision])


def check_return(params) -> tuple[vnpay.Notice, Payment | None]:
    """Read the return URL's outcome for showing it; never changes state."""
    notice = client().check_notice(params)
    payment = None
    if notice.valid_signature:
        payment = Payment.objects.filter(txn_ref=notice.txn_ref).first()
    return notice, payment


@transaction.atomic
def record_desk_payment(dossier, amount: int, *, officer, now=None) -> Payment:
    """Record fees paid in cash or by card at the desk (paid at once)."""
    if int(amount) <= 0:
        raise PaymentError(_("The amount to pay must be positive."))
    now = now or timezone.now()
    payment = Payment.objects.create(
        dossier=dossier,
        amount=int(amount),
        method=Method.DESK,
        state=State.PAID,
        txn_ref=_txn_ref(now, "QT"),
        order_info=_order_info(dossier),
        paid_at=now,
        created_by=officer,
    )
    _event(payment, "paid", actor=officer, at=now)
    return payment


def refund(payment: Payment, *, reason: str, user, ip: str = "127.0.0.1") -> Refund:
    """Give a paid payment back in full: through VNPay, or in cash at the desk.

    Raises ``PaymentError`` when the payment is not paid or the gateway
    refuses; a refused attempt is kept as a failed ``Refund``.
    """
    if not (reason or "").strip():
        raise PaymentError(_("Give the reason of the refund."))
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if not refundable(payment.state):
            raise PaymentError(_("Only a paid payment can be refunded."))
        now = timezone.now()
        answer = None
        if payment.method == Method.VNPAY:
            try:
                answer = client().refund(
                    txn_ref=payment.txn_ref,
                    amount_vnd=payment.amount,
                    transaction_no=payment.transaction_no,
                    transaction_date=payment.paid_at or payment.created_at,
                    created_by=(user.get_username() if user else "motcua")[:250],
                    order_info=fold(f"Hoan tien {payment.txn_ref}"),
                    ip=ip,
                    now=now,
                )
            except vnpay.VnpayError as error:
                raise PaymentError(
                    _("The payment gateway could not be reached: %(error)s")
                    % {"error": error}
                ) from error
        done = answer is None or answer.ok
        record = Refund.objects.create(
            payment=payment,
            amount=payment.amount,
            reason=reason.strip(),
            state=Refund.States.DONE if done else Refund.States.FAILED,
            transaction_no=answer.transaction_no if answer else "",
            response=answer.body if answer else {},
            requested_by=user,
        )
        if done:
            payment.state = State.REFUNDED
            payment.save(update_fields=["state"])
            _event(payment, "refunded", actor=user, note=record.reason, at=now)
    if not done:
        raise PaymentError(
            _("The payment gateway refused the refund (code %(code)s).")
            % {"code": answer.response_code}
        )
    return record


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
        report.fixed.append({"txn_ref": ref, "state": str(new_state)})


def receipt_pdf(payment: Payment) -> bytes:
    """Return the receipt (biên lai) of a paid payment, in Vietnamese."""
    if payment.state not in (State.PAID, State.REFUNDED):
        raise PaymentError(_("A receipt is issued only for a paid payment."))
    dossier = payment.dossier
    agency = dossier.receiving_agency if dossier else None
    with translation.override("vi"):
        html = render_to_string(
            "payments/receipt.html",
            {
                "language": "vi",
                "payment": payment,
                "dossier": dossier,
                "agency": agency,
                "parent_name": agency.parent.name
                if agency and agency.parent_id
                else "",
                "place_date": place_and_date(
                    agency.unit.name if agency else "", payment.paid_at
                ),
                "paid": clock_and_date(payment.paid_at),
                "payer": _payer(dossier),
                "amount": f"{payment.amount:,}".replace(",", "."),
                "method": payment.get_method_display(),
                "officer": _name(payment.created_by),
            },
        )
    return render_pdf(html, css=None)


def _payer(dossier) -> str:
    if dossier is None:
        return ""
    snapshot = dossier.applicant_snapshot or {}
    return snapshot.get("full_name") or dossier.applicant.full_name


def _name(user) -> str:
    return (user.full_name or user.get_full_name() or user.username) if user else ""
