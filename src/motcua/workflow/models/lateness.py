"""Lateness: warnings already sent, and the one apology of a dossier (form 04)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Agency
from motcua.dossiers.models import Dossier

from .runs import DossierTask


class RiskAlert(models.Model):
    """A warning sent once for a task or a dossier at one level.

    The sweep runs every few minutes; this row is what makes it warn the
    handler and the leaders once per (task, level) and per (dossier,
    level), however often it runs.
    """

    class Level(models.TextChoices):
        AT_RISK = "at_risk", _("Due within one working day")
        LATE = "late", _("Past its due time")
        NEW_DATE_AT_RISK = (
            "new_date_at_risk",
            _("New appointment within one working day"),
        )
        NEW_DATE_LATE = "new_date_late", _("Past its new appointment")

    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.CASCADE,
        related_name="risk_alerts",
        verbose_name=_("dossier"),
    )
    task = models.ForeignKey(
        DossierTask,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="risk_alerts",
        verbose_name=_("step"),
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    due_at = models.DateTimeField(_("due at"))
    recipients = models.PositiveSmallIntegerField(_("people notified"), default=0)
    created_at = models.DateTimeField(_("sent at"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lateness warning")
        verbose_name_plural = _("lateness warnings")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "level"],
                condition=Q(task__isnull=False),
                name="one_alert_per_task_level",
            ),
            models.UniqueConstraint(
                fields=["dossier", "level"],
                condition=Q(task__isnull=True),
                name="one_alert_per_dossier_level",
            ),
            models.CheckConstraint(
                condition=Q(
                    level__in=["at_risk", "late", "new_date_at_risk", "new_date_late"]
                ),
                name="known_alert_level",
            ),
        ]

    def __str__(self):
        return f"{self.dossier_id} · {self.task_id or '-'} · {self.level}"


class Apology(models.Model):
    """The apology and new appointment of a late dossier (form 04).

    One per dossier, by law and by the unique dossier column: the new
    appointment is made at most once. The legal due time is kept as it was
    so statistics still judge the dossier against it.
    """

    dossier = models.OneToOneField(
        Dossier,
        on_delete=models.PROTECT,
        related_name="apology",
        verbose_name=_("dossier"),
    )
    number = models.CharField(_("number"), max_length=80, unique=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    reason = models.TextField(_("reason for the delay"))
    original_due_at = models.DateTimeField(_("due time missed"))
    new_due_at = models.DateTimeField(_("new appointment"))
    timely = models.BooleanField(
        _("issued in time"),
        help_text=_(
            "At least one working day before the due time, or as soon as the "
            "delay was known."
        ),
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued_at = models.DateTimeField(_("issued at"))

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("apology and new appointment")
        verbose_name_plural = _("apologies and new appointments")
        constraints = [
            models.CheckConstraint(
                condition=Q(new_due_at__gt=models.F("original_due_at")),
                name="apology_new_date_after_due",
            ),
        ]

    def __str__(self):
        return self.number
