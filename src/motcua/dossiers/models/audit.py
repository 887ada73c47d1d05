"""The append-only, hash-chained audit trail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .dossier import ACTION_CHOICES, STATUS_CHOICES, Dossier


class AppendOnly(Exception):
    """Audit events are never changed or removed."""


class DossierEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("dossier events are append-only")

    def delete(self):
        raise AppendOnly("dossier events are append-only")

    def public(self):
        return self.filter(public=True)


class DossierEvent(models.Model):
    """One step of a dossier's life; append-only and hash-chained per dossier."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="events"
    )
    sequence = models.PositiveIntegerField(_("sequence"))
    action = models.CharField(_("action"), max_length=30, choices=ACTION_CHOICES)
    from_status = models.CharField(
        _("from"), max_length=30, choices=STATUS_CHOICES, blank=True
    )
    to_status = models.CharField(_("to"), max_length=30, choices=STATUS_CHOICES)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_name = models.CharField(_("by (name)"), max_length=250, blank=True)
    actor_id_recorded = models.BigIntegerField(null=True, blank=True, editable=False)
    at = models.DateTimeField(_("at"))
    reason = models.TextField(_("reason"), blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    public = models.BooleanField(_("shown on public tracking"), default=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = DossierEventQuerySet.as_manager()

    class Meta:
        ordering = ["dossier", "sequence"]
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "sequence"], name="one_event_per_sequence"
            ),
        ]

    def __str__(self):
        return f"{self.dossier_id} #{self.sequence} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("dossier events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("dossier events are append-only")
