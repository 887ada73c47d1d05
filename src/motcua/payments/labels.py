"""Words shown for a payment's events and states."""

from django.utils.translation import pgettext_lazy

from .models import Payment

EVENT_LABELS = {
    "created": pgettext_lazy("payment event", "Payment started"),
    "paid": pgettext_lazy("payment event", "Paid"),
    "failed": pgettext_lazy("payment event", "Payment failed"),
    "reconciled": pgettext_lazy(
        "payment event", "Settled by the reconciliation with VNPay"
    ),
    "refunded": pgettext_lazy("payment event", "Refunded"),
    "refund_due": pgettext_lazy("payment event", "To be given back at the desk"),
    "refund_failed": pgettext_lazy(
        "payment event", "Refund refused or gateway unreachable"
    ),
}


def event_label(kind: str) -> str:
    return str(EVENT_LABELS.get(kind, kind))


def state_label(state: str) -> str:
    return str(dict(Payment.States.choices).get(state, state))
