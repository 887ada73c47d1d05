"""Writes of the workflow: every action on a dossier's tasks."""

from .errors import WorkflowError

__all__ = ["WorkflowError"]
