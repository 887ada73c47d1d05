"""The workflow's answers to other apps' signals (they cannot import it)."""

import logging

from motcua.dossiers.domain import Status
from motcua.payments.domain import covered

from .services.errors import WorkflowError
from .services.intake import record_fees_paid

log = logging.getLogger(__name__)


def on_payment_confirmed(sender, *, payment, actor=None, **kwargs) -> None:
    """Resume a dossier waiting for fees once a payment covers what it owes."""
    dossier = payment.dossier
    if dossier is None or dossier.status != Status.AWAITING_FEES:
        return
    if not covered(
        fee_due=dossier.fee_due, fee_paid=dossier.fee_paid, amount=payment.amount
    ):
        log.info("payment %s does not cover %s's fees", payment.txn_ref, dossier.code)
        return
    try:
        record_fees_paid(
            dossier, amount=payment.amount, actor=actor, payment=payment.txn_ref
        )
    except WorkflowError as error:
        log.warning("fees of %s not recorded: %s", dossier.code, error)
