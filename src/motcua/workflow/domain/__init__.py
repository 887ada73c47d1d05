"""The rules of internal processes on plain values (no Django).

``process`` checks a process definition (steps, routes, budgets);
``urgency`` ranks a task's due time for the inbox.
"""

from .process import (
    ADVANCING,
    AgencyRule,
    BudgetUnit,
    LegOutcome,
    Problem,
    ProcessKind,
    Route,
    StepAction,
    StepDef,
    TaskState,
    budget_to_minutes,
    legal_minutes,
    longest_path_minutes,
    validate,
)
from .urgency import ORDER, Urgency, thresholds, urgency

__all__ = [
    "ADVANCING",
    "ORDER",
    "AgencyRule",
    "BudgetUnit",
    "LegOutcome",
    "Problem",
    "ProcessKind",
    "Route",
    "StepAction",
    "StepDef",
    "TaskState",
    "Urgency",
    "budget_to_minutes",
    "legal_minutes",
    "longest_path_minutes",
    "thresholds",
    "urgency",
    "validate",
]
