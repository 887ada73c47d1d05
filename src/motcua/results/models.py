"""Persistence of results, signing certificates and deliveries.

Rules live in domain.py and writes in services/; the constraints below
keep the rows consistent with the states even if a write path is missed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Agency
from motcua.dossiers.models import Dossier

from .domain import Method, PostalStatus, ResultState, Source
from .labels import METHOD_LABELS, POSTAL_LABELS, SOURCE_LABELS, STATE_LABELS


class SigningCertificate(models.Model):
    """An agency's certificate for signing results, and where its key is.

    In development the key is a PEM file under ``var/pki/`` encrypted with
    ``MOTCUA_PKI_PASSPHRASE`` (made by ``make_dev_pki``). In production the
    agency's certificate from a licensed CA is imported as a PKCS#12 file;
    its password is never stored here but read from the environment
    variable named in ``password_env``.
    """

    class Storage(models.TextChoices):
        PEM = "pem", _("Encrypted PEM key file (development CA)")
        PKCS12 = "pkcs12", _("PKCS#12 file (.p12, .pfx)")

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="signing_certificates",
        verbose_name=_("agency"),
    )
    storage = models.CharField(_("key storage"), max_length=10, choices=Storage.choices)
    certificate_pem = models.TextField(_("certificate (PEM)"))
    chain_pem = models.TextField(
        _("issuer chain (PEM)"), blank=True, help_text=_("Embedded in signatures.")
    )
    key_path = models.CharField(
        _("key file"),
        max_length=500,
        help_text=_("Path of the encrypted key or of the PKCS#12 file."),
    )
    password_env = models.CharField(
        _("password variable"),
        max_length=100,
        blank=True,
        help_text=_(
            "Name of the environment variable holding the password; empty "
            "means MOTCUA_PKI_PASSPHRASE."
        ),
    )
    subject = models.CharField(_("certificate subject"), max_length=500)
    serial = models.CharField(_("serial number"), max_length=80)
    valid_from = models.DateTimeField(_("valid from"))
    valid_to = models.DateTimeField(_("valid until"))
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["agency", "-valid_from"]
        verbose_name = _("signing certificate")
        verbose_name_plural = _("signing certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["agency"],
                condition=Q(active=True),
                name="one_active_certificate_per_agency",
            ),
            models.CheckConstraint(
                condition=Q(storage__in=["pem", "pkcs12"]),
                name="known_key_storage",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__gt=models.F("valid_from")),
                name="certificate_validity_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.subject} ({self.serial})"


STATE_CHOICES = [(s.value, STATE_LABELS[s]) for s in ResultState]
SOURCE_CHOICES = [(s.value, SOURCE_LABELS[s]) for s in Source]
METHOD_CHOICES = [(m.value, METHOD_LABELS[m]) for m in Method]
POSTAL_CHOICES = [(s.value, POSTAL_LABELS[s]) for s in PostalStatus]


class Result(models.Model):
    """A result document of a dossier (kết quả giải quyết TTHC), as a PDF."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="results"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    code = models.CharField(
        _("result code"),
        max_length=70,
        blank=True,
        help_text=_("{dossier code}-KQ{n}, given when the result is issued."),
    )
    title = models.CharField(_("title"), max_length=300)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=STATE_CHOICES,
        default=ResultState.DRAFT.value,
        editable=False,
    )
    source = models.CharField(_("source"), max_length=10, choices=SOURCE_CHOICES)
    file = models.FileField(_("file"), upload_to="results/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"))
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed by"),
    )
    signer_subject = models.CharField(_("signer"), max_length=500, blank=True)
    certificate = models.ForeignKey(
        SigningCertificate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="results",
        verbose_name=_("certificate"),
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )

    class Meta:
        ordering = ["dossier", "number"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "number"], name="one_result_number_per_dossier"
            ),
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="unique_result_code"
            ),
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in ResultState]),
                name="known_result_state",
            ),
            models.CheckConstraint(
                condition=Q(source__in=[s.value for s in Source]),
                name="known_result_source",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="result_number_positive"
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(signed_at__isnull=False),
                name="signed_result_has_signing_time",
            ),
            models.CheckConstraint(
                condition=~Q(state="issued")
                | (Q(issued_at__isnull=False) & ~Q(code="")),
                name="issued_result_has_code",
            ),
        ]

    def __str__(self):
        return self.code or f"{self.dossier.code} #{self.number}"

    @property
    def state_label(self):
        return STATE_LABELS[ResultState(self.state)]

    @property
    def is_signed(self) -> bool:
        return self.state in (ResultState.SIGNED, ResultState.ISSUED)

    @property
    def is_issued(self) -> bool:
        return self.state == ResultState.ISSUED


class ResultDelivery(models.Model):
    """One hand-over of a dossier's result: at the desk, by post or online."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="deliveries"
    )
    result = models.ForeignKey(
        Result,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("result"),
    )
    method = models.CharField(_("method"), max_length=12, choices=METHOD_CHOICES)
    handed_at = models.DateTimeField(_("handed over at"))
    handed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("handed over by"),
    )
    receiver_name = models.CharField(_("collected by"), max_length=250, blank=True)
    receiver_personal_id = models.CharField(
        _("receiver's personal ID number"), max_length=12, blank=True
    )
    receiver_role = models.CharField(
        _("receiver is"),
        max_length=20,
        blank=True,
        help_text=_("applicant or representative"),
    )
    id_checked = models.BooleanField(_("identity paper checked"), default=False)
    signed_receipt = models.FileField(
        _("signed hand-over slip (scan)"),
        upload_to="results/receipts/%Y/%m/",
        blank=True,
    )
    postal_operator = models.CharField(_("postal operator"), max_length=150, blank=True)
    waybill = models.CharField(_("waybill number"), max_length=60, blank=True)
    address = models.CharField(_("delivery address"), max_length=300, blank=True)
    postal_status = models.CharField(
        _("postal status"), max_length=20, choices=POSTAL_CHOICES, blank=True
    )
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    link_expires_at = models.DateTimeField(
        _("download link valid until"), null=True, blank=True
    )
    first_downloaded_at = models.DateTimeField(
        _("first downloaded at"), null=True, blank=True
    )

    class Meta:
        ordering = ["dossier", "handed_at", "pk"]
        verbose_name = _("result delivery")
        verbose_name_plural = _("result deliveries")
        constraints = [
            models.CheckConstraint(
                condition=Q(method__in=[m.value for m in Method]),
                name="known_delivery_method_of_result",
            ),
            models.CheckConstraint(
                condition=~Q(method="desk") | ~Q(receiver_name=""),
                name="desk_delivery_names_receiver",
            ),
            models.CheckConstraint(
                condition=~Q(method="post")
                | (
                    ~Q(waybill="")
                    & ~Q(postal_operator="")
                    & Q(postal_status__in=[s.value for s in PostalStatus])
                ),
                name="postal_delivery_has_waybill",
            ),
            models.CheckConstraint(
                condition=Q(method="post") | Q(postal_status=""),
                name="postal_status_only_for_post",
            ),
            models.CheckConstraint(
                condition=~Q(postal_status="delivered") | Q(delivered_at__isnull=False),
                name="delivered_consignment_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(method="electronic") | Q(link_expires_at__isnull=False),
                name="electronic_delivery_has_link",
            ),
        ]
        indexes = [models.Index(fields=["handed_at"], name="delivery_handed_idx")]

    def __str__(self):
        return f"{self.dossier.code} – {self.get_method_display()}"


class PostalUpdate(models.Model):
    """A status the post reported for a consignment (scan, failure, delivery)."""

    delivery = models.ForeignKey(
        ResultDelivery, on_delete=models.CASCADE, related_name="postal_updates"
    )
    status = models.CharField(_("status"), max_length=20, choices=POSTAL_CHOICES)
    at = models.DateTimeField(_("at"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["delivery", "at", "pk"]
        verbose_name = _("postal update")
        verbose_name_plural = _("postal updates")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in PostalStatus]),
                name="known_postal_update_status",
            ),
        ]

    def __str__(self):
        return self.get_status_display()


class ResultDownload(models.Model):
    """A download of a result through the citizen's link (kept as evidence)."""

    result = models.ForeignKey(
        Result, on_delete=models.CASCADE, related_name="downloads"
    )
    delivery = models.ForeignKey(
        ResultDelivery,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="downloads",
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        ordering = ["result", "at"]
        verbose_name = _("result download")
        verbose_name_plural = _("result downloads")

    def __str__(self):
        return f"{self.result} @ {self.at:%Y-%m-%d %H:%M}"
