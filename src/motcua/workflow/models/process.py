"""Process definitions: data that administrators edit and exchange as JSON."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.accounts.models import ROLE_LABELS, Agency
from motcua.catalog.models import ProcedureVersion

from ..domain import AgencyRule, BudgetUnit, ProcessKind
from ..labels import (
    AGENCY_RULE_LABELS,
    BUDGET_UNIT_LABELS,
    PROCESS_KIND_LABELS,
    choices,
)


class Process(models.Model):
    """The internal process of a procedure version, for one agency or all."""

    procedure_version = models.ForeignKey(
        ProcedureVersion,
        on_delete=models.CASCADE,
        related_name="processes",
        verbose_name=_("procedure version"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="processes",
        verbose_name=_("agency"),
        help_text=_("Empty: the default for every agency."),
    )
    kind = models.CharField(
        pgettext_lazy("process", "kind"),
        max_length=20,
        choices=choices(PROCESS_KIND_LABELS),
        default=ProcessKind.MAIN.value,
    )
    name = models.CharField(_("name"), max_length=300)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["procedure_version", "kind", "agency", "pk"]
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in ProcessKind]),
                name="known_process_kind",
            ),
            models.UniqueConstraint(
                fields=["procedure_version", "agency", "kind"],
                condition=Q(is_active=True, agency__isnull=False),
                name="one_active_process_per_agency",
            ),
            models.UniqueConstraint(
                fields=["procedure_version", "kind"],
                condition=Q(is_active=True, agency__isnull=True),
                name="one_active_default_process",
            ),
        ]

    def __str__(self):
        return self.name


class ProcessStep(models.Model):
    """One step of a process: who handles it, with what time and actions."""

    process = models.ForeignKey(
        Process,
        on_delete=models.CASCADE,
        related_name="steps",
        verbose_name=_("process"),
    )
    key = models.SlugField(_("key"), max_length=40)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(
        _("role"), max_length=20, choices=[(r.value, v) for r, v in ROLE_LABELS.items()]
    )
    agency_rule = models.CharField(
        _("agency"),
        max_length=20,
        choices=choices(AGENCY_RULE_LABELS),
        default=AgencyRule.HANDLING.value,
    )
    agency_function = models.SlugField(
        _("agency function"),
        max_length=40,
        blank=True,
        help_text=_("Only for “the agency with a function”, e.g. land_office."),
    )
    budget_amount = models.DecimalField(
        _("time budget"), max_digits=6, decimal_places=1, default=Decimal("0")
    )
    budget_unit = models.CharField(
        _("unit"),
        max_length=20,
        choices=choices(BUDGET_UNIT_LABELS),
        default=BudgetUnit.WORKING_HOURS.value,
    )
    actions = models.JSONField(_("allowed actions"), default=list, blank=True)
    routes = models.JSONField(
        _("routes"),
        default=list,
        blank=True,
        help_text=_('List of {"to": step key, "label": text}.'),
    )
    transfer_function = models.SlugField(
        _("transfer to agencies with function"),
        max_length=40,
        blank=True,
        help_text=_("Empty: any agency implementing the procedure."),
    )

    class Meta:
        ordering = ["process", "position", "pk"]
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")
        constraints = [
            models.UniqueConstraint(
                fields=["process", "key"], name="one_key_per_process_step"
            ),
            models.CheckConstraint(
                condition=Q(agency_rule__in=[r.value for r in AgencyRule]),
                name="known_step_agency_rule",
            ),
            models.CheckConstraint(
                condition=Q(budget_unit__in=[u.value for u in BudgetUnit]),
                name="known_step_budget_unit",
            ),
        ]

    def __str__(self):
        return self.name
