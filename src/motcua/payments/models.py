"""Payments of fees and charges of a dossier, their refunds and events."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .domain import Method, RefundState, State


class Payment(models.Model):
    class States(models.TextChoices):
        PENDING = State.PENDING, _("awaiting payment")
        PAID = State.PAID, _("paid")
        FAILED = State.FAILED, _("payment failed")
        REFUNDED = State.REFUNDED, _("refunded")
        CANCELLED = State.CANCELLED, _("cancelled")

    class Methods(models.TextChoices):
        VNPAY = Method.VNPAY, _("online through VNPay")
        DESK = Method.DESK, _("at the one-stop desk")

    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("dossier"),
    )
    draft = models.ForeignKey(
        "filing.Draft",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("online draft"),
        help_text=_("Paid before submission: the dossier is set when it is submitted."),
    )
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    method = models.CharField(_("method"), max_length=10, choices=Methods.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=States.choices, default=State.PENDING
    )
    txn_ref = models.CharField(_("transaction reference"), max_length=34, unique=True)
    order_info = models.CharField(_("order description"), max_length=255, blank=True)
    transaction_no = models.CharField(
        _("gateway transaction number"), max_length=20, blank=True
    )
    bank_code = models.CharField(_("bank code"), max_length=20, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    client_ip = models.CharField(_("client IP address"), max_length=45, blank=True)
    responses = models.JSONField(_("gateway answers"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "created_at"], name="payment_state_idx")
        ]

    def __str__(self) -> str:
        return f"{self.txn_ref} ({self.amount} VND, {self.state})"


class Refund(models.Model):
    class States(models.TextChoices):
        DONE = RefundState.DONE, _("refunded")
        FAILED = RefundState.FAILED, _("refused by the gateway")
        AT_DESK = RefundState.AT_DESK, _("to be paid back at the desk")

    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, related_name="refunds"
    )
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    reason = models.TextField(_("reason"))
    state = models.CharField(_("state"), max_length=10, choices=States.choices)
    automatic = models.BooleanField(
        _("automatic"),
        default=False,
        help_text=_("Made by the system when the dossier was refused or stopped."),
    )
    transaction_no = models.CharField(
        _("gateway transaction number"), max_length=20, blank=True
    )
    response = models.JSONField(_("gateway answer"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.payment.txn_ref}: {self.amount} VND ({self.state})"


class PaymentEvent(models.Model):
    """One thing that happened to a payment (append-only)."""

    payment = models.ForeignKey(
        Payment, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=20)
    state = models.CharField(_("state after"), max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    payload = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("payment event")
        verbose_name_plural = _("payment events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} → {self.state}"
