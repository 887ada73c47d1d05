"""Persistence of processes and their runs. Rules live in domain/."""

from .lateness import Apology as Apology
from .lateness import RiskAlert as RiskAlert
from .process import Process, ProcessStep
from .runs import DossierLeg, DossierTask

__all__ = ["DossierLeg", "DossierTask", "Process", "ProcessStep"]
