"""Status groups of the citizen's list and the next thing the citizen does (pure)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from motcua.dossiers.domain import Status
from motcua.results.domain import Method


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
