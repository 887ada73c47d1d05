from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import AdministrativeLevel, Agency
from motcua.core.text import search_document

from .domain import Channel, OnlineLevel, TimeUnit, VersionAction, VersionStatus

CHANNEL_LABELS = {
    Channel.DESK: _("At the desk"),
    Channel.ONLINE: _("Online"),
    Channel.POSTAL: _("Public postal service"),
}
TIME_UNIT_LABELS = {
    TimeUnit.WORKING_DAYS: _("working days"),
    TimeUnit.WORKING_HOURS: _("working hours"),
    TimeUnit.CALENDAR_DAYS: _("calendar days"),
    TimeUnit.SAME_DAY: _("same day"),
}
ONLINE_LEVEL_LABELS = {
    OnlineLevel.FULL: _("Full online"),
    OnlineLevel.PARTIAL: _("Partly online"),
    OnlineLevel.NONE: _("Not online"),
}
VERSION_STATUS_LABELS = {
    VersionStatus.DRAFT: _("Draft"),
    VersionStatus.PUBLISHED: _("Published"),
}
VERSION_ACTION_LABELS = {
    VersionAction.PUBLISH: _("Published"),
    VersionAction.AMEND: _("Amended"),
    VersionAction.REPLACE: _("Replaced"),
    VersionAction.ABOLISH: _("Abolished"),
}


def _choices(enum, labels):
    return [(member.value, labels[member]) for member in enum]


class Field(models.Model):
    """A field of procedures (lĩnh vực), e.g. Hộ tịch."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=250)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["name"]
        verbose_name = _("field")
        verbose_name_plural = _("fields")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = search_document(self.code, self.name)
        super().save(*args, **kwargs)


class Procedure(models.Model):
    """The identity of a procedure across its versions: its national code."""

    code = models.CharField(_("national code"), max_length=30, unique=True)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")

    def __str__(self):
        return self.code


class ProcedureVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=VersionStatus.PUBLISHED)

    def in_force(self, on):
        """Return the published versions in force on the date ``on``."""
        return self.published().filter(
            Q(effective_to__isnull=True) | Q(effective_to__gt=on),
            effective_from__lte=on,
        )


class ProcedureVersion(models.Model):
    """Every attribute of a procedure as one decision published it."""

    procedure = models.ForeignKey(
        Procedure,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("procedure"),
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=_choices(VersionStatus, VERSION_STATUS_LABELS),
        default=VersionStatus.DRAFT.value,
        editable=False,
    )
    action = models.CharField(
        _("action"),
        max_length=20,
        choices=_choices(VersionAction, VERSION_ACTION_LABELS),
        default=VersionAction.PUBLISH.value,
        editable=False,
    )
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_issuer = models.CharField(_("issued by"), max_length=250, blank=True)
    effective_from = models.DateField(
        _("in force from"), null=True, blank=True, editable=False
    )
    effective_to = models.DateField(
        _("in force until"), null=True, blank=True, editable=False
    )

    name = models.CharField(_("name"), max_length=500)
    level = models.ForeignKey(
        AdministrativeLevel, on_delete=models.PROTECT, verbose_name=_("level")
    )
    field = models.ForeignKey(
        Field,
        on_delete=models.PROTECT,
        related_name="versions",
        verbose_name=_("field"),
    )
    agencies = models.ManyToManyField(
        Agency,
        blank=True,
        related_name="procedure_versions",
        verbose_name=_("implementing agencies"),
    )
    agency_functions = models.CharField(
        _("agency functions"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated functions of the agencies that implement it."),
    )
    implementing_agency = models.CharField(
        _("implementing agency (as published)"), max_length=500, blank=True
    )
    deciding_authority = models.CharField(
        _("deciding authority"), max_length=500, blank=True
    )
    subjects = models.TextField(_("subjects"), blank=True)
    steps = models.TextField(_("steps"), blank=True)
    conditions = models.TextField(_("requirements and conditions"), blank=True)
    legal_basis = models.JSONField(_("legal basis"), default=list, blank=True)
    results = models.JSONField(_("results"), default=list, blank=True)
    online_level = models.CharField(
        _("online level"),
        max_length=10,
        choices=_choices(OnlineLevel, ONLINE_LEVEL_LABELS),
        default=OnlineLevel.NONE.value,
    )
    postal = models.BooleanField(_("postal service allowed"), default=False)
    boundary_free = models.BooleanField(_("boundary-free reception"), default=False)
    on_the_spot = models.BooleanField(_("“4 on the spot”"), default=False)
    source = models.TextField(_("source"), blank=True)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ProcedureVersionQuerySet.as_manager()

    class Meta:
        ordering = ["procedure__code", "-number"]
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "number"], name="one_number_per_version"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in VersionStatus]),
                name="known_version_status",
            ),
            models.CheckConstraint(
                condition=Q(online_level__in=[s.value for s in OnlineLevel]),
                name="known_online_level",
            ),
            models.CheckConstraint(
                condition=Q(status=VersionStatus.DRAFT.value)
                | Q(effective_from__isnull=False),
                name="published_has_effective_date",
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "effective_from", "effective_to"],
                name="version_in_force_idx",
            ),
        ]

    def __str__(self):
        return f"{self.procedure.code} · {self.name} (v{self.number})"

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        super().save(*args, **kwargs)

    @property
    def code(self):
        return self.procedure.code

    def refresh_search_text(self):
        self.search_text = search_document(self.procedure.code, self.name)


class RequiredDocument(models.Model):
    """One paper of the dossier (thành phần hồ sơ)."""

    version = models.ForeignKey(
        ProcedureVersion,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("procedure version"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.TextField(_("name"))
    originals = models.PositiveSmallIntegerField(_("originals"), default=0)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    required = models.BooleanField(_("required"), default=True)
    condition = models.TextField(_("when required"), blank=True)
    form_name = models.CharField(_("form"), max_length=300, blank=True)
    form_file = models.FileField(
        _("form template file"), upload_to="forms/%Y/", blank=True
    )

    class Meta:
        ordering = ["version", "position", "pk"]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self):
        return self.name


class ChannelOption(models.Model):
    """How a procedure is done through one channel: time and fees."""

    version = models.ForeignKey(
        ProcedureVersion,
        on_delete=models.CASCADE,
        related_name="channels",
        verbose_name=_("procedure version"),
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=_choices(Channel, CHANNEL_LABELS)
    )
    time_amount = models.DecimalField(
        _("processing time"), max_digits=6, decimal_places=1, default=0
    )
    time_unit = models.CharField(
        _("unit"), max_length=20, choices=_choices(TimeUnit, TIME_UNIT_LABELS)
    )
    cutoff_hour = models.PositiveSmallIntegerField(
        _("cut-off hour"),
        null=True,
        blank=True,
        help_text=_(
            "Same-day procedures: received after this hour, returned the next working day."
        ),
    )
    time_text = models.TextField(_("processing time as published"), blank=True)

    class Meta:
        ordering = ["version", "channel"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "channel"], name="one_row_per_channel"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=[c.value for c in Channel]),
                name="known_channel",
            ),
            models.CheckConstraint(
                condition=Q(time_unit__in=[u.value for u in TimeUnit]),
                name="known_time_unit",
            ),
        ]

    def __str__(self):
        return self.get_channel_display()


class Fee(models.Model):
    """A fee or charge (phí, lệ phí) of one channel, in VND."""

    channel = models.ForeignKey(
        ChannelOption,
        on_delete=models.CASCADE,
        related_name="fees",
        verbose_name=_("channel"),
    )
    name = models.CharField(_("name"), max_length=300)
    amount = models.PositiveBigIntegerField(_("amount (VND)"), default=0)
    description = models.TextField(_("description"), blank=True)
    exemptions = models.TextField(_("exemptions"), blank=True)

    class Meta:
        ordering = ["channel", "pk"]
        verbose_name = _("fee")
        verbose_name_plural = _("fees")

    def __str__(self):
        return self.name
