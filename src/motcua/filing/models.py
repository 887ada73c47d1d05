"""Online filing: the citizen's drafts, supplements and ratings.

A draft (hồ sơ lưu tạm) belongs to the account that fills it and is saved
at every step, so it resumes on another device. Submitting it creates the
dossier in status NEW; the draft then keeps a link to it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Agency
from motcua.catalog.models import ProcedureVersion, RequiredDocument
from motcua.citizens.models import CitizenProfile
from motcua.dossiers.domain import Reuse
from motcua.dossiers.models import Dossier
from motcua.dossiers.models.dossier import REUSE_CHOICES

from .domain import Satisfaction, Step
from .labels import SATISFACTION_LABELS, STEP_LABELS

STEP_CHOICES = [(step.value, STEP_LABELS[step]) for step in Step]
SATISFACTION_CHOICES = [(s.value, SATISFACTION_LABELS[s]) for s in Satisfaction]


class Draft(models.Model):
    """A dossier being filled online, not yet submitted."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="filing_drafts",
        verbose_name=_("filled by"),
    )
    owner = models.ForeignKey(
        CitizenProfile,
        on_delete=models.PROTECT,
        related_name="drafts",
        verbose_name=_("for"),
        help_text=_("The person or organisation the dossier is for."),
    )
    procedure_version = models.ForeignKey(
        ProcedureVersion,
        on_delete=models.PROTECT,
        related_name="drafts",
        verbose_name=_("procedure"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="drafts",
        verbose_name=_("submitted to"),
    )
    step = models.CharField(
        _("step reached"), max_length=20, choices=STEP_CHOICES, default=Step.ELIGIBILITY
    )
    eligibility = models.JSONField(_("eligibility answers"), default=dict, blank=True)
    form_data = models.JSONField(_("e-form"), default=dict, blank=True)
    prefilled = models.JSONField(
        _("filled from the population database"), default=dict, blank=True
    )
    corrected = models.JSONField(
        _("prefilled fields the citizen corrects"), default=list, blank=True
    )
    delivery_method = models.CharField(
        _("result delivered"),
        max_length=20,
        choices=Dossier.Delivery.choices,
        default=Dossier.Delivery.DESK,
    )
    delivery_address = models.CharField(
        _("delivery address"), max_length=300, blank=True
    )
    fee_exemption = models.CharField(_("exemption claimed"), max_length=300, blank=True)
    pay_at_desk = models.BooleanField(_("pays at the desk"), default=False)
    dossier = models.OneToOneField(
        Dossier,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="draft",
        verbose_name=_("dossier submitted"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("saved at"), auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("online draft")
        verbose_name_plural = _("online drafts")
        indexes = [models.Index(fields=["user", "-updated_at"], name="draft_user_idx")]

    def __str__(self):
        return f"{self.procedure_version.name} ({self.owner})"

    @property
    def submitted(self) -> bool:
        return self.dossier_id is not None


class DraftFile(models.Model):
    """A file attached to a draft for one listed paper, or reused.

    A reused paper points to a file the state already holds (another
    dossier's digitised paper or its result); nothing is uploaded again.
    """

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="files")
    required_document = models.ForeignKey(
        RequiredDocument,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("paper"),
    )
    file = models.FileField(_("file"), upload_to="drafts/%Y/%m/", blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    reuse = models.PositiveSmallIntegerField(
        _("reused"), choices=REUSE_CHOICES, default=Reuse.NONE
    )
    reused_from = models.CharField(_("reused from"), max_length=80, blank=True)
    source_path = models.CharField(
        _("stored file reused"),
        max_length=300,
        blank=True,
        help_text=_("Storage name of the file reused; empty for an upload."),
    )
    uploaded_at = models.DateTimeField(_("attached at"))

    class Meta:
        ordering = ["draft", "required_document__position", "pk"]
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")

    def __str__(self):
        return self.original_name

    @property
    def storage_name(self) -> str:
        return self.file.name if self.file else self.source_path


class SupplementRound(models.Model):
    """One supplement the citizen submitted online after a request.

    The e-form as it stood before is kept here; the new files carry the
    round's number, so the history shows both versions.
    """

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="supplement_rounds"
    )
    number = models.PositiveSmallIntegerField(_("round"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    previous_form_data = models.JSONField(_("e-form before"), default=dict)
    form_data = models.JSONField(_("e-form after"), default=dict)
    note = models.TextField(_("explanation"), blank=True)

    class Meta:
        ordering = ["dossier", "number"]
        verbose_name = _("online supplement")
        verbose_name_plural = _("online supplements")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "number"], name="one_supplement_round_number"
            )
        ]

    def __str__(self):
        return f"{self.dossier.code} #{self.number}"


class Rating(models.Model):
    """The applicant's rating of how the dossier was handled (once, after return)."""

    dossier = models.OneToOneField(
        Dossier, on_delete=models.CASCADE, related_name="rating"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("rated by"),
    )
    overall = models.CharField(
        _("overall satisfaction"), max_length=20, choices=SATISFACTION_CHOICES
    )
    convenience = models.CharField(
        _("convenience of the service"), max_length=20, choices=SATISFACTION_CHOICES
    )
    staff = models.CharField(
        _("attitude of the officers"), max_length=20, choices=SATISFACTION_CHOICES
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    rated_at = models.DateTimeField(_("rated at"))

    class Meta:
        ordering = ["-rated_at"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")

    def __str__(self):
        return f"{self.dossier.code}: {self.overall}"
