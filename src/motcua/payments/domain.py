"""Payment states and the decision taken on a gateway's notice (pure)."""

from enum import StrEnum


class State(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"
    REFUNDED = "refunded"
    CANCELLED = "cancelled"


class Method(StrEnum):
    VNPAY = "vnpay"
    DESK = "desk"


class IpnDecision(StrEnum):
    """What a signed IPN does to the payment it names."""

    NOT_FOUND = "not_found"
    WRONG_AMOUNT = "wrong_amount"
    ALREADY_CONFIRMED = "already_confirmed"
    PAID = "paid"
    FAILED = "failed"


def decide_ipn(
    *, found: bool, state: str, amount: int, notified_amount: int, paid: bool
) -> IpnDecision:
    """Decide what a correctly signed IPN does.

    Only a pending payment changes; a repeated or late notice for a payment
    already settled changes nothing (VNPay repeats the IPN until answered).
    """
    if not found:
        return IpnDecision.NOT_FOUND
    if int(amount) != int(notified_amount):
        return IpnDecision.WRONG_AMOUNT
    if state != State.PENDING:
        return IpnDecision.ALREADY_CONFIRMED
    return IpnDecision.PAID if paid else IpnDecision.FAILED


def refundable(state: str) -> bool:
    return state == State.PAID


class RefundState(StrEnum):
    DONE = "done"  # given back (by the gateway, or in cash at the desk)
    FAILED = "failed"  # the gateway refused
    AT_DESK = "at_desk"  # to be given back in cash at the desk


# Statuses a dossier leaves without being processed: what was paid is owed back.
REFUSED = "not_accepted"
STOPPED = "stopped"
PROCESSING = "in_progress"


def refund_owed(*, before: str, after: str, processed: bool) -> bool:
    """Tell whether a dossier's change gives its fees back automatically.

    A dossier refused at reception (not accepted) never started; one stopped
    (withdrawn, or stopped with reasons) before any processing began has
    cost the agency nothing either. One stopped during processing keeps its
    fees: an officer refunds by hand when the law says so.
    """
    if before == after:
        return False
    if after == REFUSED:
        return True
    return after == STOPPED and not processed and before != PROCESSING


def covered(*, fee_due: int, fee_paid: int, amount: int) -> bool:
    """Tell whether ``amount`` paid now settles what a dossier still owes."""
    owed = int(fee_due) - int(fee_paid)
    return owed > 0 and int(amount) >= owed
