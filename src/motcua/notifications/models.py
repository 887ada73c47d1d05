"""The outbox of e-mails and SMS, and the editable message templates."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .domain import Channel, State
from .kinds import KINDS

CHANNEL_LABELS = {Channel.EMAIL: _("E-mail"), Channel.SMS: _("SMS")}
STATE_LABELS = {
    State.PENDING: _("Waiting"),
    State.SENDING: _("Sending"),
    State.SENT: _("Sent"),
    State.FAILED: _("Failed, will retry"),
    State.DEAD: _("Given up"),
}
CHANNEL_CHOICES = [(c.value, CHANNEL_LABELS[c]) for c in Channel]
STATE_CHOICES = [(s.value, STATE_LABELS[s]) for s in State]
LANGUAGE_CHOICES = [("vi", _("Vietnamese")), ("en", _("English"))]


def new_request_id() -> str:
    return uuid.uuid4().hex


class OutboxMessageQuerySet(models.QuerySet):
    def claimable(self, at):
        return self.filter(
            state__in=[State.PENDING, State.FAILED, State.SENDING],
            next_attempt_at__lte=at,
        )


class OutboxMessage(models.Model):
    """One e-mail or SMS to send, written in the transaction of its cause.

    The worker sends it after commit; ``request_id`` stays the same across
    attempts so the SMS gateway can refuse a repeat. ``subject_ref`` names
    what the message is about (a dossier code) as plain text: the outbox
    knows no other app's tables.
    """

    channel = models.CharField(_("channel"), max_length=10, choices=CHANNEL_CHOICES)
    kind = models.CharField(_("kind"), max_length=40)
    language = models.CharField(_("language"), max_length=5, default="vi")
    recipient = models.CharField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=250, blank=True)
    body = models.TextField(_("body"))
    dedupe_key = models.CharField(_("deduplication key"), max_length=200)
    subject_ref = models.CharField(_("about"), max_length=60, blank=True, db_index=True)
    request_id = models.CharField(
        _("request id"), max_length=50, unique=True, default=new_request_id
    )
    state = models.CharField(
        _("state"), max_length=10, choices=STATE_CHOICES, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    last_error = models.TextField(_("last error"), blank=True)
    provider_message_id = models.CharField(
        _("provider's message id"), max_length=100, blank=True
    )
    created_at = models.DateTimeField(_("created at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "dedupe_key"], name="one_message_per_channel_key"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=[c.value for c in Channel]),
                name="known_outbox_channel",
            ),
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in State]),
                name="known_outbox_state",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbox_due_idx"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} {self.kind} → {self.recipient}"

    @property
    def state_enum(self) -> State:
        return State(self.state)

    @property
    def kind_label(self):
        return KINDS.get(self.kind, {}).get("label", self.kind)


class MessageTemplate(models.Model):
    """The words of one kind of message on one channel, in one language.

    Subject and body use Django template syntax over the context documented
    for the kind (``notifications.kinds.KINDS``); administrators edit them.
    """

    kind = models.CharField(_("kind"), max_length=40)
    channel = models.CharField(_("channel"), max_length=10, choices=CHANNEL_CHOICES)
    language = models.CharField(
        _("language"), max_length=5, choices=LANGUAGE_CHOICES, default="vi"
    )
    subject = models.CharField(
        _("subject"),
        max_length=250,
        blank=True,
        help_text=_("E-mail only; SMS have no subject."),
    )
    body = models.TextField(_("body"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["kind", "channel", "language"]
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "channel", "language"], name="one_template_per_kind"
            ),
        ]

    def __str__(self):
        return f"{self.kind} / {self.get_channel_display()} / {self.language}"
