"""Fees given back by themselves when a paid dossier ends unprocessed.

A dossier refused at reception (not accepted), or stopped (withdrawn, or
stopped with reasons) before any processing began, owes its applicant
what they paid (``domain.refund_owed``). The dossiers app announces every
status change after its commit (``dossiers.signals.dossier_changed``);
``on_dossier_changed`` listens and, for each paid payment of the dossier:

- online (VNPay): asks the gateway for a full refund; the payment becomes
  refunded. A refusal or an unreachable gateway leaves it paid, with a
  failed ``Refund``, a "refund_failed" event and an error in the log: the
  payments screen lists it for an officer to refund by hand.
- at the desk: a ``Refund`` "to be paid back at the desk" is written; the
  payment stays paid until an officer records the cash handed back.

It is idempotent: a payment already refunded, or with a refund done or
owed at the desk, is left alone. Nothing here raises: the dossier's change
is committed already and must not turn into an error page.
"""

import logging

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motcua.core.text import fold
from motcua.dossiers.models import Dossier
from motcua.integrations import vnpay

from .domain import PROCESSING, Method, RefundState, State, refund_owed
from .models import Payment, Refund
from .services import _event, client

log = logging.getLogger(__name__)


def on_dossier_changed(sender, *, dossier_pk, before, after, **kwargs) -> list:
    """Receiver of ``dossier_changed``: refund what is owed back, if anything."""
    if after not in ("not_accepted", "stopped"):
        return []
    dossier = Dossier.objects.filter(pk=dossier_pk).first()
    if dossier is None:
        return []
    processed = dossier.events.filter(to_status=PROCESSING).exists()
    if not refund_owed(before=before, after=after, processed=processed):
        return []
    return refund_dossier(dossier)


def refund_dossier(dossier) -> list[Refund]:
    """Give back every paid payment of ``dossier``; return the refunds made."""
    with translation.override("vi"):
        if dossier.status == "not_accepted":
            reason = _("Dossier %(code)s was not accepted.") % {"code": dossier.code}
        else:
            reason = _("Dossier %(code)s was stopped before processing.") % {
                "code": dossier.code
            }
    made = []
    for payment in dossier.payments.filter(state=State.PAID).order_by("id"):
        try:
            record = refund_automatically(payment, reason=reason)
        except Exception:  # never let a refund break the dossier's change
            log.exception("automatic refund of %s failed", payment.txn_ref)
            continue
        if record is not None:
            made.append(record)
    return made


def refund_automatically(payment: Payment, *, reason: str) -> Refund | None:
    """Refund one payment in full, or owe it at the desk; None if nothing to do."""
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        settled = payment.refunds.filter(
            state__in=[RefundState.DONE, RefundState.AT_DESK]
        )
        if payment.state != State.PAID or settled.exists():
            return None
        now = timezone.now()
        if payment.method == Method.DESK:
            record = Refund.objects.create(
                payment=payment,
                amount=payment.amount,
                reason=reason,
                state=RefundState.AT_DESK,
                automatic=True,
            )
            _event(payment, "refund_due", note=reason, at=now)
            return record
        return _refund_online(payment, reason=reason, now=now)


def _refund_online(payment: Payment, *, reason: str, now) -> Refund:
    answer, error = None, ""
    try:
        answer = client().refund(
            txn_ref=payment.txn_ref,
            amount_vnd=payment.amount,
            transaction_no=payment.transaction_no,
            transaction_date=payment.paid_at or payment.created_at,
            created_by="motcua",
            order_info=fold(f"Hoan tien {payment.txn_ref}"),
            ip="127.0.0.1",
            now=now,
        )
    except vnpay.VnpayError as failure:
        error = str(failure)
    done = answer is not None and answer.ok
    record = Refund.objects.create(
        payment=payment,
        amount=payment.amount,
        reason=reason,
        state=RefundState.DONE if done else RefundState.FAILED,
        automatic=True,
        transaction_no=answer.transaction_no if answer else "",
        response=answer.body if answer else {"error": error},
    )
    if done:
        payment.state = State.REFUNDED
        payment.save(update_fields=["state"])
        _event(payment, "refunded", note=reason, at=now)
        return record
    problem = error or f"code {answer.response_code}"
    _event(
        payment,
        "refund_failed",
        note=reason,
        payload={"problem": problem},
        at=now,
    )
    log.error(
        "automatic refund of %s refused or unreachable (%s): refund it by hand",
        payment.txn_ref,
        problem,
    )
    return record
