"""The papers, digitised files and pauses of a dossier."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import RequiredDocument

from ..domain import Reuse
from .dossier import REUSE_CHOICES, Dossier


class DossierDocument(models.Model):
    """One paper received with the dossier, ticked against the procedure."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="documents"
    )
    required_document = models.ForeignKey(
        RequiredDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("required document"),
    )
    name = models.TextField(_("name"))
    originals = models.PositiveSmallIntegerField(_("originals"), default=0)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    received = models.BooleanField(_("received"), default=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    reuse = models.PositiveSmallIntegerField(
        _("reused"),
        choices=REUSE_CHOICES,
        default=Reuse.NONE,
        help_text=_("The national DuocTaiSuDung flag: the state already held it."),
    )
    reused_from = models.CharField(
        _("reused from"),
        max_length=80,
        blank=True,
        help_text=_("The code of the dossier or result it was taken from."),
    )

    class Meta:
        ordering = ["dossier", "position", "pk"]
        verbose_name = _("document received")
        verbose_name_plural = _("documents received")

    def __str__(self):
        return self.name


class DossierFile(models.Model):
    """A digitised file, its type detected from its content."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey(
        DossierDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("document"),
    )
    file = models.FileField(_("file"), upload_to="dossiers/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))
    round = models.PositiveSmallIntegerField(
        _("submission round"),
        default=0,
        help_text=_(
            "0 for the files first submitted; n for the n-th supplement. "
            "Older files are kept: the history shows every version."
        ),
    )

    class Meta:
        ordering = ["dossier", "pk"]
        verbose_name = _("digitised file")
        verbose_name_plural = _("digitised files")

    def __str__(self):
        return self.original_name


class DossierPause(models.Model):
    """An interval when the legal clock stood still, waiting for the applicant."""

    class Reason(models.TextChoices):
        SUPPLEMENT = "supplement", _("Waiting for supplementary documents")
        FEES = "fees", _("Waiting for financial obligations")

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="pauses"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        ordering = ["dossier", "started_at"]
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"],
                condition=Q(ended_at__isnull=True),
                name="one_open_pause_per_dossier",
            ),
        ]

    def __str__(self):
        return self.get_reason_display()
