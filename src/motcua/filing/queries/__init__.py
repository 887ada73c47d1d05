"""Reads of the citizen's own dossiers (hồ sơ của tôi), for the portal and the API.

A citizen sees a dossier when they filed it (``submitted_by``), when it is
for them (``citizen_owner`` is their profile) or when it is for an
organisation they currently represent (a verified representation whose
dates hold today). Everyone else gets None, so the interfaces answer 404
and a code reveals nothing; officers are not citizens here at all.

The package re-exports every read, so ``from motcua.filing.queries import X``
works as before:

- ``scoping``: who is a citizen and which dossiers they see;
- ``next_steps``: the list's status groups and the citizen's next step (pure);
- ``listing``: the list of dossiers, its group counts and rows;
- ``detail``: the readers of one dossier (trail, papers, messages,
  payments, results, rating, permissions);
- ``supplements``: the supplement requests and the rounds the citizen sent.
"""

from .detail import (
    STAFF_KINDS,
    CitizenResult,
    Paper,
    Permissions,
    amount_owed,
    citizen_messages,
    citizen_results,
    dossier_payments,
    file_for_citizen,
    has_receipt,
    papers,
    payment_for_citizen,
    permissions,
    rating_of,
    timeline,
)
from .listing import DossierRow, dossier_list, group_counts, row_of, supplement_sent
from .next_steps import (
    ACTING,
    GROUP_LABELS,
    GROUP_STATUSES,
    NEXT_LABELS,
    WITHDRAWABLE,
    Group,
    Next,
    may_rate,
    next_action,
)
from .scoping import citizen_dossiers, citizen_profile, dossier_for_citizen, is_citizen
from .supplements import (
    Change,
    RoundView,
    SupplementRequest,
    field_labels,
    form_changes,
    pending_request,
    round_history,
    shown_value,
    supplement_requests,
    supplement_rounds,
)

__all__ = [
    "ACTING",
    "GROUP_LABELS",
    "GROUP_STATUSES",
    "NEXT_LABELS",
    "STAFF_KINDS",
    "WITHDRAWABLE",
    "Change",
    "CitizenResult",
    "DossierRow",
    "Group",
    "Next",
    "Paper",
    "Permissions",
    "RoundView",
    "SupplementRequest",
    "amount_owed",
    "citizen_dossiers",
    "citizen_messages",
    "citizen_profile",
    "citizen_results",
    "dossier_for_citizen",
    "dossier_list",
    "dossier_payments",
    "field_labels",
    "file_for_citizen",
    "form_changes",
    "group_counts",
    "has_receipt",
    "is_citizen",
    "may_rate",
    "next_action",
    "papers",
    "payment_for_citizen",
    "pending_request",
    "permissions",
    "rating_of",
    "round_history",
    "row_of",
    "shown_value",
    "supplement_requests",
    "supplement_rounds",
    "supplement_sent",
    "timeline",
]
