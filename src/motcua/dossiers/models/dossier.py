"""The dossier, its applicant and rule set (papers and pauses: papers.py)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Agency
from motcua.catalog.models import ProcedureVersion

from ..domain import FINAL, FINISHED, GENESIS_HASH, Reuse, Status
from ..labels import (
    CHANNEL_LABELS,
    DELIVERY_LABELS,
    EVENT_LABELS,
    REUSE_LABELS,
    STATUS_LABELS,
)

OPEN_STATUS_VALUES = [s.value for s in Status if s not in FINAL | FINISHED]
"""Statuses whose legal clock may still run out, in the enum's order."""
STATUS_CHOICES = [(s.value, STATUS_LABELS[s]) for s in Status]
REUSE_CHOICES = [(r.value, REUSE_LABELS[r]) for r in Reuse]
ACTION_CHOICES = [(name.value, label) for name, label in EVENT_LABELS.items()]


class RuleSet(models.Model):
    """The decree and circular a dossier is handled under, with their forms.

    A dossier is bound to the rule set in force on the day it was received,
    so a reprint years later uses the forms it was issued with.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    decree = models.CharField(_("decree"), max_length=100)
    circular = models.CharField(_("circular"), max_length=100)
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(_("in force until"), null=True, blank=True)
    forms = models.JSONField(
        _("forms"),
        default=list,
        help_text=_('List of {"number", "key", "title"} in the circular\'s order.'),
    )

    class Meta:
        ordering = ["effective_from"]
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")

    def __str__(self):
        return self.name

    def form(self, key: str) -> dict | None:
        """Return the form ``key`` (e.g. "receipt") of this rule set, or None."""
        return next((f for f in self.forms if f["key"] == key), None)


class Applicant(models.Model):
    """A person or organisation who files dossiers (chủ hồ sơ).

    Reused across dossiers: the desk finds an earlier applicant by ID number
    or tax code. Each dossier also keeps a snapshot of the applicant as
    received, so a form reprinted later shows what was declared then.
    """

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    full_name = models.CharField(
        _("full name"), max_length=250, help_text=_("Of the person or organisation.")
    )
    personal_id = models.CharField(_("personal ID number"), max_length=12, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    tax_code = models.CharField(_("tax code"), max_length=14, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("applicant")
        verbose_name_plural = _("applicants")
        constraints = [
            models.UniqueConstraint(
                fields=["personal_id"],
                condition=~Q(personal_id=""),
                name="one_applicant_per_personal_id",
            ),
            models.UniqueConstraint(
                fields=["tax_code"],
                condition=~Q(tax_code=""),
                name="one_applicant_per_tax_code",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["person", "organisation"]),
                name="known_applicant_kind",
            ),
        ]
        # search_text has a pg_trgm GIN index on PostgreSQL (migration 0004).

    def __str__(self):
        return self.full_name

    @property
    def name(self):
        return self.full_name

    @property
    def is_organisation(self):
        return self.kind == self.Kind.ORGANISATION


class DossierQuerySet(models.QuerySet):
    def open(self):
        """Dossiers not yet finished (the clock may still run)."""
        return self.exclude(
            status__in=[
                Status.NOT_ACCEPTED,
                Status.STOPPED,
                Status.RESOLVED,
                Status.RETURNED,
            ]
        )

    def overdue(self, at):
        """Open dossiers whose due time has passed at ``at`` (late is derived)."""
        return self.open().filter(due_at__lt=at)


class Dossier(models.Model):
    """A dossier (hồ sơ) from reception to the return of its result."""

    class Channel(models.IntegerChoices):
        DESK = 1, CHANNEL_LABELS[1]
        ONLINE = 2, CHANNEL_LABELS[2]
        POSTAL = 3, CHANNEL_LABELS[3]

    class Delivery(models.TextChoices):
        DESK = "desk", DELIVERY_LABELS["desk"]
        POST = "post", DELIVERY_LABELS["post"]
        ELECTRONIC = "electronic", DELIVERY_LABELS["electronic"]

    code = models.CharField(_("dossier code"), max_length=60, unique=True)
    procedure_version = models.ForeignKey(
        ProcedureVersion,
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("procedure"),
    )
    rule_set = models.ForeignKey(
        RuleSet, on_delete=models.PROTECT, verbose_name=_("rule set")
    )
    receiving_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="received_dossiers",
        verbose_name=_("receiving agency"),
    )
    handling_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="handled_dossiers",
        verbose_name=_("handling agency"),
    )
    applicant = models.ForeignKey(
        Applicant,
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("applicant"),
    )
    applicant_snapshot = models.JSONField(
        _("applicant as declared"), default=dict, editable=False
    )
    submitter_name = models.CharField(
        _("submitted by (authorised person)"), max_length=250, blank=True
    )
    submitter_personal_id = models.CharField(
        _("submitter's personal ID number"), max_length=12, blank=True
    )
    submitter_phone = models.CharField(
        _("submitter's phone"), max_length=20, blank=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submitted_dossiers",
        verbose_name=_("submitted online by"),
        help_text=_("The citizen account that filed the dossier online."),
    )
    citizen_owner = models.ForeignKey(
        "citizens.CitizenProfile",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("owner's account"),
        help_text=_(
            "The person or organisation the dossier is for, when filed online; "
            "the submitter may act for them."
        ),
    )
    form_data = models.JSONField(
        _("e-form as declared"), default=dict, blank=True, editable=False
    )
    channel = models.PositiveSmallIntegerField(
        _("channel"), choices=Channel.choices, default=Channel.DESK
    )
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=STATUS_CHOICES,
        default=Status.NEW.value,
        editable=False,
    )
    delivery_method = models.CharField(
        _("result delivered"),
        max_length=20,
        choices=Delivery.choices,
        default=Delivery.DESK,
    )
    delivery_address = models.CharField(
        _("delivery address"), max_length=300, blank=True
    )
    sets = models.PositiveSmallIntegerField(_("number of sets"), default=1)
    note = models.TextField(_("note"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    received_at = models.DateTimeField(
        _("received at"), null=True, blank=True, editable=False
    )
    reception_due_at = models.DateTimeField(
        _("to be accepted or returned by"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "An online dossier is accepted, returned for completion or refused "
            "within 8 working hours of its arrival (Decree 45/2020)."
        ),
    )
    due_at = models.DateTimeField(_("due at"), null=True, blank=True, editable=False)
    extended_due_at = models.DateTimeField(
        _("new appointment"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Set once, by the apology letter (form 04); statistics still judge "
            "the dossier against the legal due time."
        ),
    )
    resolved_at = models.DateTimeField(
        _("resolved at"), null=True, blank=True, editable=False
    )
    returned_at = models.DateTimeField(
        _("result returned at"), null=True, blank=True, editable=False
    )
    time_amount = models.DecimalField(
        _("processing time"), max_digits=6, decimal_places=1, default=0
    )
    time_unit = models.CharField(_("unit"), max_length=20)
    cutoff_hour = models.PositiveSmallIntegerField(
        _("cut-off hour"), null=True, blank=True
    )
    fee_due = models.PositiveBigIntegerField(_("fees due (VND)"), default=0)
    fee_paid = models.PositiveBigIntegerField(_("fees paid (VND)"), default=0)
    fee_exemption = models.CharField(
        _("exemption claimed"),
        max_length=300,
        blank=True,
        help_text=_("The exemption the applicant claims; the desk verifies it."),
    )
    supplement_requests = models.PositiveSmallIntegerField(
        _("supplement requests"), default=0, editable=False
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="received_dossiers",
        verbose_name=_("received by"),
    )
    audit_head = models.CharField(
        _("last event hash"), max_length=64, default=GENESIS_HASH, editable=False
    )
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in Status]),
                name="known_dossier_status",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=[1, 2, 3]), name="known_dossier_channel"
            ),
            models.CheckConstraint(
                condition=Q(delivery_method__in=["desk", "post", "electronic"]),
                name="known_delivery_method",
            ),
        ]
        indexes = [
            models.Index(
                fields=["receiving_agency", "status"], name="dossier_receiving_idx"
            ),
            models.Index(
                fields=["handling_agency", "status", "due_at"],
                name="dossier_handling_idx",
            ),
            models.Index(
                fields=["receiving_agency", "received_at"],
                name="dossier_register_idx",
            ),
            # The at-risk sweep and the province-wide board read the few open
            # dossiers by due time; a partial index keeps them off the
            # finished millions.
            models.Index(
                fields=["due_at"],
                condition=Q(status__in=OPEN_STATUS_VALUES),
                name="dossier_open_due_idx",
            ),
        ]
        # search_text has a pg_trgm GIN index on PostgreSQL (migration 0004).

    def __str__(self):
        return self.code

    @property
    def status_enum(self) -> Status:
        return Status(self.status)

    @property
    def status_label(self):
        return STATUS_LABELS[Status(self.status)]

    def is_late(self, at) -> bool:
        """Tell whether the dossier is (or finished) past its due time.

        Derived, never stored: a finished dossier is judged at the moment
        its result was ready, an open one at ``at``.
        """
        from motcua.deadlines.domain import is_late

        return is_late(self.due_at, self.resolved_at or at)
