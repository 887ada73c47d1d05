"""Human labels of the workflow values, kept apart so that domain stays pure."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .domain import (
    AgencyRule,
    BudgetUnit,
    LegOutcome,
    ProcessKind,
    StepAction,
    TaskState,
    Urgency,
)

STEP_ACTION_LABELS = {
    StepAction.FORWARD: _("Forward to the next step"),
    StepAction.SEND_BACK: _("Send back"),
    StepAction.REQUEST_SUPPLEMENT: _("Request supplementary documents"),
    StepAction.REQUEST_FEES: _("Request financial obligations"),
    StepAction.TRANSFER: _("Transfer to another agency"),
    StepAction.APPROVE: pgettext_lazy("step action", "Approve"),
    StepAction.SIGN: _("Sign the result"),
    StepAction.ISSUE: _("Issue the result"),
    StepAction.RETURN_RESULT: _("Return the result"),
    StepAction.STOP: _("Stop processing"),
    StepAction.COMPLETE_TRANSFER: _("Complete and send back to the origin agency"),
    StepAction.RETURN_TRANSFER: _("Return the transferred dossier with reasons"),
}

PROCESS_KIND_LABELS = {
    ProcessKind.MAIN: _("Main process"),
    ProcessKind.TRANSFER: _("Transfer process (inter-agency)"),
}

AGENCY_RULE_LABELS = {
    AgencyRule.RECEIVING: _("The receiving agency"),
    AgencyRule.HANDLING: _("The handling agency"),
    AgencyRule.PARENT_PC: _("The People's Committee of the handling agency"),
    AgencyRule.FUNCTION: _("The agency with a function, in the same unit"),
}

BUDGET_UNIT_LABELS = {
    BudgetUnit.WORKING_HOURS: _("working hours"),
    BudgetUnit.WORKING_DAYS: _("working days"),
}

TASK_STATE_LABELS = {
    TaskState.OPEN: pgettext_lazy("task state", "Open"),
    TaskState.DONE: _("Done"),
    TaskState.CANCELLED: _("Cancelled"),
}

LEG_OUTCOME_LABELS = {
    LegOutcome.OPEN: pgettext_lazy("leg outcome", "In progress"),
    LegOutcome.DONE: _("Done"),
    LegOutcome.RETURNED: _("Returned with reasons"),
}

URGENCY_LABELS = {
    Urgency.LATE: _("Late"),
    Urgency.DUE_TODAY: _("Due today"),
    Urgency.DUE_SOON: _("Due within 2 working days"),
    Urgency.LATER: _("Not yet due"),
    Urgency.NONE: _("Clock paused"),
}


def choices(labels):
    return [(member.value, label) for member, label in labels.items()]
