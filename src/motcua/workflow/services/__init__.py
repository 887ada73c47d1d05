"""Writes of the workflow: processes, reception with routing, every task action.

Every action takes ``at=None`` (now), locks the dossier row, checks the
actor, writes an event and returns the new or updated object; refusals
raise ``WorkflowError`` with a translated message.
"""

from .actions import (
    allowed_actions,
    approve,
    assign,
    can_assign,
    can_claim,
    claim,
    forward,
    issue,
    request_fees,
    request_supplement,
    return_result,
    send_back,
    sign,
    stop,
)
from .errors import WorkflowError
from .intake import (
    adopt_received,
    on_the_spot,
    receive,
    record_fees,
    record_supplement,
    route,
    start,
)
from .processes import check_process, process_for, seed_processes
from .routing import candidates, receivable_versions, transfer_targets
from .transfer import complete_transfer, return_transfer, transfer
from .withdrawal import can_decide_withdrawal, decide_withdrawal

__all__ = [
    "WorkflowError",
    "adopt_received",
    "can_decide_withdrawal",
    "decide_withdrawal",
    "allowed_actions",
    "approve",
    "assign",
    "can_assign",
    "can_claim",
    "candidates",
    "check_process",
    "claim",
    "complete_transfer",
    "forward",
    "issue",
    "on_the_spot",
    "process_for",
    "receivable_versions",
    "receive",
    "record_fees",
    "record_supplement",
    "request_fees",
    "request_supplement",
    "return_result",
    "return_transfer",
    "route",
    "seed_processes",
    "send_back",
    "sign",
    "start",
    "stop",
    "transfer",
    "transfer_targets",
]
