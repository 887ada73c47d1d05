"""Persistence of dossiers. Rules live in domain.py, writes in services/."""

from .audit import AppendOnly, DossierEvent, DossierEventQuerySet
from .dossier import (
    ACTION_CHOICES,
    OPEN_STATUS_VALUES,
    STATUS_CHOICES,
    Applicant,
    Dossier,
    DossierQuerySet,
    RuleSet,
)
from .numbering import DossierCodeCounter, ReceptionGuidance
from .papers import DossierDocument, DossierFile, DossierPause

__all__ = [
    "ACTION_CHOICES",
    "OPEN_STATUS_VALUES",
    "STATUS_CHOICES",
    "AppendOnly",
    "Applicant",
    "Dossier",
    "DossierCodeCounter",
    "DossierDocument",
    "DossierEvent",
    "DossierEventQuerySet",
    "DossierFile",
    "DossierPause",
    "DossierQuerySet",
    "ReceptionGuidance",
    "RuleSet",
]
