"""Human labels of the lifecycle, kept apart so that domain.py stays pure."""

from django.utils.translation import gettext_lazy as _

from .domain import Action, Activity, Reuse, Status

STATUS_LABELS = {
    Status.NEW: _("Newly submitted"),
    Status.RECEIVED: _("Received"),
    Status.NOT_ACCEPTED: _("Not accepted"),
    Status.IN_PROGRESS: _("In progress"),
    Status.AWAITING_SUPPLEMENT: _("Awaiting supplementary documents"),
    Status.AWAITING_FEES: _("Awaiting financial obligations"),
    Status.WITHDRAWAL_REQUESTED: _("Withdrawal requested by the applicant"),
    Status.STOPPED: _("Processing stopped"),
    Status.RESOLVED: _("Resolved"),
    Status.RETURNED: _("Result returned"),
}

ACTION_LABELS = {
    Action.SUBMIT: _("Submitted online"),
    Action.RECEIVE: _("Dossier received"),
    Action.REFUSE: _("Reception refused"),
    Action.REQUEST_SUPPLEMENT: _("Supplementary documents requested"),
    Action.RECEIVE_SUPPLEMENT: _("Supplementary documents received"),
    Action.REQUEST_FEES: _("Financial obligations requested"),
    Action.RECORD_FEES: _("Financial obligations fulfilled"),
    Action.START_PROCESSING: _("Sent for processing"),
    Action.REQUEST_WITHDRAWAL: _("Withdrawal requested"),
    Action.ACCEPT_WITHDRAWAL: _("Withdrawal accepted"),
    Action.REJECT_WITHDRAWAL: _("Withdrawal rejected"),
    Action.STOP: _("Processing stopped"),
    Action.RESOLVE: _("Result ready"),
    Action.RETURN_RESULT: _("Result returned"),
}

ACTIVITY_LABELS = {
    Activity.CLAIM: _("Taken up for handling"),
    Activity.ASSIGN: _("Assigned"),
    Activity.FORWARD: _("Forwarded to the next step"),
    Activity.SEND_BACK: _("Sent back to the previous step"),
    Activity.APPROVE: _("Approved"),
    Activity.SIGN: _("Result signed"),
    Activity.ISSUE: _("Result issued"),
    Activity.TRANSFER: _("Transferred to another agency"),
    Activity.TRANSFER_DONE: _("Returned by the cooperating agency, done"),
    Activity.TRANSFER_RETURNED: _("Returned by the cooperating agency with reasons"),
    Activity.EXTEND: _("Apology and new appointment issued"),
    Activity.AT_RISK: _("Due time approaching"),
    Activity.POSTAL_UPDATE: _("Postal delivery update"),
    Activity.NOTE: _("Note"),
    Activity.RESUBMIT: _("Supplement submitted online"),
    Activity.RATE: _("Service rated by the applicant"),
}

EVENT_LABELS = {**ACTION_LABELS, **ACTIVITY_LABELS}
"""The timeline label of every event, lifecycle action or activity."""

ACTION_VERBS = {
    Action.SUBMIT: _("Submit"),
    Action.RECEIVE: _("Receive"),
    Action.REFUSE: _("Refuse reception"),
    Action.REQUEST_SUPPLEMENT: _("Request supplementary documents"),
    Action.RECEIVE_SUPPLEMENT: _("Receive supplementary documents"),
    Action.REQUEST_FEES: _("Request financial obligations"),
    Action.RECORD_FEES: _("Record financial obligations fulfilled"),
    Action.START_PROCESSING: _("Send for processing"),
    Action.REQUEST_WITHDRAWAL: _("Record a withdrawal request"),
    Action.ACCEPT_WITHDRAWAL: _("Accept the withdrawal"),
    Action.REJECT_WITHDRAWAL: _("Reject the withdrawal"),
    Action.STOP: _("Stop processing"),
    Action.RESOLVE: _("Record the result"),
    Action.RETURN_RESULT: _("Return the result"),
}
"""What a button or a refusal message calls each action."""

CHANNEL_LABELS = {
    1: _("At the desk"),
    2: _("Online"),
    3: _("Public postal service"),
}

DELIVERY_LABELS = {
    "desk": _("At the one-stop desk"),
    "post": _("By post"),
    "electronic": _("Electronically"),
}

REUSE_LABELS = {
    Reuse.NONE: _("Not reused"),
    Reuse.DOCUMENT: _("Reused from another dossier's paper"),
    Reuse.RESULT: _("Reused from another dossier's result"),
}

IDENTIFIER_MESSAGES = {
    "personal_id_shape": _("A personal ID number has exactly 12 digits."),
    "personal_id_province": _(
        "The first three digits of a personal ID number must be a province code."
    ),
    "personal_id_birth_year": _(
        "The personal ID number does not match the year of birth."
    ),
    "tax_code": _("This is not a valid tax code."),
    "phone": _("This is not a valid Vietnamese phone number."),
}
