"""Runs of processes: one leg per agency that handles a dossier, tasks in it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import ROLE_LABELS, Agency
from motcua.dossiers.models import Dossier

from ..domain import LegOutcome, StepAction, TaskState
from ..labels import LEG_OUTCOME_LABELS, STEP_ACTION_LABELS, TASK_STATE_LABELS, choices
from .process import Process, ProcessStep


class DossierLeg(models.Model):
    """The part of a dossier's handling done by one agency under one process.

    The first leg is the main process at the handling agency; a transfer
    (liên thông) opens a child leg at the cooperating agency with its own
    budget, and closing it records the working time that agency used.
    """

    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.CASCADE,
        related_name="legs",
        verbose_name=_("dossier"),
    )
    sequence = models.PositiveSmallIntegerField(_("sequence"))
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    process = models.ForeignKey(
        Process,
        on_delete=models.PROTECT,
        related_name="legs",
        verbose_name=_("process"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("transferred from"),
    )
    started_at = models.DateTimeField(_("started at"))
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    budget_minutes = models.PositiveIntegerField(
        _("budget (working minutes)"), default=0
    )
    used_minutes = models.PositiveIntegerField(
        _("working minutes used"), null=True, blank=True
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=choices(LEG_OUTCOME_LABELS),
        blank=True,
        default="",
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["dossier", "sequence"]
        verbose_name = _("agency leg")
        verbose_name_plural = _("agency legs")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "sequence"], name="one_leg_per_sequence"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=[o.value for o in LegOutcome]),
                name="known_leg_outcome",
            ),
        ]

    def __str__(self):
        return f"{self.dossier_id} · {self.sequence} · {self.agency_id}"

    @property
    def is_open(self):
        return self.finished_at is None


class DossierTask(models.Model):
    """One step of a process waiting for, or done by, an officer."""

    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.CASCADE,
        related_name="tasks",
        verbose_name=_("dossier"),
    )
    leg = models.ForeignKey(
        DossierLeg,
        on_delete=models.CASCADE,
        related_name="tasks",
        verbose_name=_("leg"),
    )
    step = models.ForeignKey(
        ProcessStep, on_delete=models.PROTECT, related_name="+", verbose_name=_("step")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    role = models.CharField(
        _("role"), max_length=20, choices=[(r.value, v) for r, v in ROLE_LABELS.items()]
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workflow_tasks",
        verbose_name=_("assigned to"),
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=choices(TASK_STATE_LABELS),
        default=TaskState.OPEN.value,
    )
    arrived_at = models.DateTimeField(_("arrived at"))
    claimed_at = models.DateTimeField(_("taken up at"), null=True, blank=True)
    due_at = models.DateTimeField(_("step due at"), null=True, blank=True)
    budget_minutes = models.PositiveIntegerField(
        _("budget (working minutes)"), default=0
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("finished by"),
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=30,
        choices=choices(STEP_ACTION_LABELS),
        blank=True,
        default="",
    )
    note = models.TextField(_("note"), blank=True)
    # Copied from the dossier when the task is opened (runtime.open_task): the
    # three never change once a dossier is received (the search text is fixed
    # at reception), and having them here lets the inbox filter, count and
    # page from the inbox index alone instead of visiting thousands of
    # scattered dossier rows.
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        editable=False,
        verbose_name=_("procedure version"),
    )
    received_at = models.DateTimeField(
        _("received at"), null=True, blank=True, editable=False
    )
    search_text = models.TextField(editable=False, default="")
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handed over by"),
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("previous task"),
    )

    class Meta:
        ordering = ["dossier", "arrived_at", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"],
                condition=Q(state="open"),
                name="one_open_task_per_dossier",
            ),
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in TaskState]),
                name="known_task_state",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=[a.value for a in StepAction]),
                name="known_task_outcome",
            ),
        ]
        indexes = [
            # The inbox: an agency's open tasks in due order, carrying what
            # the filters read (PostgreSQL keeps the INCLUDE columns in the
            # index; SQLite builds it without them).
            models.Index(
                fields=["agency", "due_at", "id"],
                include=[
                    "role",
                    "assignee",
                    "procedure_version",
                    "received_at",
                    "search_text",
                ],
                condition=Q(state="open"),
                name="task_inbox_due_idx",
            ),
            models.Index(
                fields=["assignee", "due_at"],
                condition=Q(state="open"),
                name="task_inbox_assignee_idx",
            ),
        ]

    def __str__(self):
        return f"{self.dossier_id} · {self.step_id} · {self.state}"

    @property
    def is_open(self):
        return self.state == TaskState.OPEN
