"""Numbering of dossiers and guidance forms."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Agency
from motcua.catalog.models import ProcedureVersion

from .dossier import Dossier, RuleSet


class DossierCodeCounter(models.Model):
    """The last number given per receiving agency, day and series.

    Locked and incremented in the transaction that creates the numbered
    row, so numbers never repeat and, since a rollback also rolls the
    counter back, never skip.
    """

    class Series(models.TextChoices):
        DOSSIER = "dossier", _("Dossier")
        GUIDANCE = "guidance", _("Reception guidance")

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    series = models.CharField(
        max_length=20, choices=Series.choices, default=Series.DOSSIER
    )
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("code counter")
        verbose_name_plural = _("code counters")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "day", "series"], name="one_counter_per_agency_day"
            ),
        ]

    def __str__(self):
        return f"{self.agency_id} {self.day} {self.series} {self.last}"


class ReceptionGuidance(models.Model):
    """Form 02 or 03 issued at the desk when nothing was received.

    An incomplete dossier gets a supplement guidance listing exactly the
    missing papers; an ineligible one a refusal with its reasons. Kept so
    the form can be reprinted with the same number. For an online dossier
    the guidance is linked to it.
    """

    class Kind(models.TextChoices):
        SUPPLEMENT = "supplement", _("Supplement guidance")
        REFUSAL = "refusal", _("Refusal of reception")

    number = models.CharField(_("number"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    procedure_version = models.ForeignKey(
        ProcedureVersion, on_delete=models.PROTECT, verbose_name=_("procedure")
    )
    rule_set = models.ForeignKey(
        RuleSet, on_delete=models.PROTECT, verbose_name=_("rule set")
    )
    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guidances",
        verbose_name=_("dossier"),
    )
    applicant = models.JSONField(_("applicant"), default=dict)
    missing = models.JSONField(_("missing documents"), default=list, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    note = models.TextField(_("note"), blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued_at = models.DateTimeField(_("issued at"))

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("reception guidance")
        verbose_name_plural = _("reception guidances")

    def __str__(self):
        return self.number
