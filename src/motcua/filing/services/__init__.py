"""Online filing services: drafts (``drafts``) and what follows submission."""

from .aftercare import rate, request_withdrawal, resubmit
from .submission import (
    FeeQuote,
    FilingError,
    SubmissionRefused,
    check_draft,
    fees_to_pay,
    may_act_for,
    submit,
)

__all__ = [
    "FeeQuote",
    "FilingError",
    "SubmissionRefused",
    "check_draft",
    "fees_to_pay",
    "may_act_for",
    "rate",
    "request_withdrawal",
    "resubmit",
    "submit",
]
