"""The rules of internal processes on plain values (no Django)."""

from .process import (
    AgencyRule,
    BudgetUnit,
    LegOutcome,
    ProcessKind,
    StepAction,
    TaskState,
)
from .urgency import Urgency

__all__ = [
    "AgencyRule",
    "BudgetUnit",
    "LegOutcome",
    "ProcessKind",
    "StepAction",
    "TaskState",
    "Urgency",
]
