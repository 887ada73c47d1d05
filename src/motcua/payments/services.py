"""Paying fees: online through VNPay or at the desk; refunds; reconciliation.

Only the gateway's signed IPN (server to server) changes the state of an
online payment; the return page the citizen's browser comes back to only
shows it. The IPN is handled idempotently under a row lock: VNPay repeats
it until it is answered, and a repeat changes nothing ("already
confirmed"). A daily reconciliation (``reconciliation.reconcile``) asks the
gateway (querydr) about the day's pending and paid payments, settles those
whose IPN never arrived and reports what disagrees.

Once a payment is paid, ``signals.payment_confirmed`` is sent after the
commit (the workflow resumes a dossier waiting for its fees); a refused or
stopped dossier's payments are given back by ``automatic``.
"""

import logging
import secrets
from datetime import datetime

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motcua.core.text import fold
from motcua.documents.forms.formatting import clock_and_date, place_and_date
from motcua.documents.pdf import render_pdf
from motcua.integrations import vnpay

from .domain import IpnDecision, Method, RefundState, State, decide_ipn, refundable
from .models import Payment, PaymentEvent, Refund
from .queries import amount_owed
from .signals import payment_confirmed

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


def announce_paid(payment: Payment, *, actor=None) -> None:
    """Send ``payment_confirmed`` once the current transaction commits.

    A listener that fails is logged: the payment stays paid and the
    gateway's IPN is still answered.
    """

    def send():
        for receiver, answer in payment_confirmed.send_robust(
            sender=Payment, payment=payment, actor=actor
        ):
            if isinstance(answer, Exception):
                log.error(
                    "payment_confirmed listener %r failed for %s",
                    receiver,
                    payment.txn_ref,
                    exc_info=answer,
                )

    transaction.on_commit(send)


def _order_info(dossier) -> str:
    code = dossier.code if dossier is not None else ""
    # VNPay asks for Vietnamese without accents and no special characters.
    text = fold(f"Thanh toán phí, lệ phí hồ sơ {code}").strip()
    return "".join(ch for ch in text if ch.isalnum() or ch == " ")[:255]


def start_online_payment(
    dossier,
    amount: int,
    *,
    return_url: str,
    ip: str,
    locale: str = "vi",
    now=None,
    draft=None,
) -> str:
    """Create a pending VNPay payment and return the gateway URL to send to.

    A citizen paying before submission pays for the ``draft`` (no dossier
    yet); submission moves the payment to the new dossier.
    """
    if int(amount) <= 0:
        raise PaymentError(_("The amount to pay must be positive."))
    now = now or timezone.now()
    payment = Payment.objects.create(
        dossier=dossier,
        draft=draft,
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


def start_fee_payment(
    dossier, *, return_url: str, ip: str, locale: str = "vi", now=None
) -> str:
    """Start paying online what a dossier waiting for fees owes; return the URL.

    For a citizen asked to pay during processing (status awaiting_fees).
    Once VNPay's IPN confirms the payment, ``payment_confirmed`` lets the
    workflow record the fees and resume the processing.
    """
    if dossier.status != "awaiting_fees":
        raise PaymentError(_("This dossier is not waiting for fees."))
    owed = amount_owed(dossier)
    if owed <= 0:
        raise PaymentError(_("Nothing is left to pay for this dossier."))
    return start_online_payment(
        dossier, owed, return_url=return_url, ip=ip, locale=locale, now=now
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
                if decision == IpnDecision.PAID:
                    announce_paid(payment)
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
    announce_paid(payment, actor=officer)
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
        owed = payment.refunds.filter(state=RefundState.AT_DESK).first()
        if owed is not None:
            return _pay_out(payment, owed, user=user, reason=reason, at=now)
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


def _pay_out(payment, owed, *, user, reason, at) -> Refund:
    """Record that the cash owed back at the desk was handed over."""
    owed.state = RefundState.DONE
    owed.requested_by = owed.requested_by or user
    owed.response = {**owed.response, "paid_out_by": _name(user), "note": reason}
    owed.save(update_fields=["state", "requested_by", "response"])
    payment.state = State.REFUNDED
    payment.save(update_fields=["state"])
    _event(payment, "refunded", actor=user, note=reason.strip(), at=at)
    return owed


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
