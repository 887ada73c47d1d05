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
