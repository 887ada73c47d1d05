"""Writes of the outbox: queue a message, deliver what is due, retry.

A message is written in the transaction of the change that causes it
(``queue_message``), so a rolled-back change leaves no message and a
committed one always has its message. Delivery happens afterwards, in the
worker: a commit hook enqueues ``tasks.deliver_outbox`` and the scheduler
runs it every minute too, so a message queued while the worker was down
still goes out.

Delivery claims one message at a time (``SELECT ... FOR UPDATE SKIP
LOCKED`` where the database has it; on SQLite the write transaction is
already exclusive) and marks it SENDING with a lease, then sends outside
any transaction. Success marks it SENT; a retryable failure schedules the
next attempt with exponential backoff and jitter; a permanent failure, or
too many attempts, marks it DEAD for staff to see and retry.
"""

import logging
import smtplib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from .domain import (
    RETRYABLE_BY_STAFF,
    Channel,
    State,
    ascii_fold,
    gives_up,
    one_line,
    retry_delay,
)
from .models import MessageTemplate, OutboxMessage
from .rendering import render_text

logger = logging.getLogger("motcua.notifications")


class DeliveryFailed(Exception):
    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


def outbox_settings() -> dict:
    return settings.MOTCUA_OUTBOX


def queue_message(
    *,
    kind: str,
    recipient_email: str = "",
    recipient_phone: str = "",
    context: dict,
    language: str = "vi",
    dedupe_key: str,
    subject_ref: str = "",
    at: datetime | None = None,
) -> list[OutboxMessage]:
    """Write one outbox row per channel with a recipient; return them.

    Runs in the caller's transaction. A second call with the same
    ``dedupe_key`` returns the rows already written and sends nothing more.
    A kind with no template for a channel skips that channel (logged).
    """
    at = at or timezone.now()
    # An event dated later than now (a back-dated or simulated clock) still
    # goes out now; one dated earlier goes out at once too.
    send_from = min(at, timezone.now())
    rows = []
    created_any = False
    recipients = ((Channel.EMAIL, recipient_email), (Channel.SMS, recipient_phone))
    for channel, recipient in recipients:
        recipient = (recipient or "").strip()
        if not recipient:
            continue
        template = _template(kind, channel, language)
        if template is None:
            logger.warning("no %s template for %s (%s)", channel, kind, language)
            continue
        subject, body = _render(template, channel, context)
        row, created = OutboxMessage.objects.get_or_create(
            channel=channel.value,
            dedupe_key=dedupe_key[:200],
            defaults={
                "kind": kind,
                "language": template.language,
                "recipient": recipient,
                "subject": subject[:250],
                "body": body,
                "subject_ref": subject_ref[:60],
                "next_attempt_at": send_from,
                "created_at": at,
            },
        )
        created_any |= created
        rows.append(row)
    if created_any:
        transaction.on_commit(enqueue_delivery)
    return rows


def notify_staff(users, *, kind: str = "at_risk", context: dict, dedupe_key: str):
    """Queue ``kind`` to each officer in ``users`` by e-mail and SMS.

    Each officer gets their own key (``dedupe_key`` + user id), so a sweep
    that runs again does not warn anyone twice.
    """
    rows = []
    for user in users:
        name = user.get_full_name() or user.get_username()
        rows += queue_message(
            kind=kind,
            recipient_email=user.email,
            recipient_phone=getattr(user, "phone", ""),
            context={**context, "officer_name": name},
            dedupe_key=f"{dedupe_key}:user-{user.pk}",
            subject_ref=str(context.get("dossier_code", "")),
        )
    return rows


def _template(kind: str, channel: Channel, language: str) -> MessageTemplate | None:
    templates = MessageTemplate.objects.filter(kind=kind, channel=channel.value)
    return (
        templates.filter(language=language).first()
        or templates.filter(language="vi").first()
    )


def _render(template: MessageTemplate, channel: Channel, context: dict):
    subject = one_line(render_text(template.subject, context))
    body = render_text(template.body, context)
    if channel == Channel.SMS:
        body = one_line(body)
        if settings.MOTCUA_SMS_ASCII:
            body = ascii_fold(body)
    return subject, body


def enqueue_delivery() -> None:
    """Ask the worker to deliver now; the periodic run covers a failure here."""
    from .tasks import deliver_outbox

    try:
        deliver_outbox.enqueue()
    except Exception:
        logger.exception("could not enqueue the outbox delivery")


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    dead: int = 0
    skipped_channels: set = field(default_factory=set)

    def as_dict(self) -> dict:
        return {
            "sent": self.sent,
            "failed": self.failed,
            "dead": self.dead,
            "skipped_channels": sorted(self.skipped_channels),
        }


def deliver_due(now: datetime | None = None, *, limit: int | None = None):
    """Send the messages due at ``now``, one claimed row at a time.

    When the SMS gateway cannot be reached, the rest of this run leaves
    SMS alone (they stay due for the next run) instead of waiting for a
    timeout per message; e-mail carries on.
    """
    now = now or timezone.now()
    limit = limit or outbox_settings()["BATCH"]
    report = DeliveryReport()
    for _ in range(limit):
        message = _claim(now, exclude=report.skipped_channels)
        if message is None:
            break
        outcome = _attempt(message, now)
        if outcome == State.SENT:
            report.sent += 1
        elif outcome == State.DEAD:
            report.dead += 1
        else:
            report.failed += 1
            if message.channel == Channel.SMS:
                report.skipped_channels.add(Channel.SMS.value)
    return report


def _claim(now: datetime, *, exclude=()) -> OutboxMessage | None:
    lease = timedelta(seconds=outbox_settings()["LEASE_SECONDS"])
    with transaction.atomic():
        due = (
            OutboxMessage.objects.claimable(now)
            .exclude(channel__in=list(exclude))
            .order_by("next_attempt_at", "pk")
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        pk = due.values_list("pk", flat=True).first()
        if pk is None:
            return None
        claimed = (
            OutboxMessage.objects.claimable(now)
            .filter(pk=pk)
            .update(
                state=State.SENDING,
                attempts=F("attempts") + 1,
                next_attempt_at=now + lease,
            )
        )
        if not claimed:
            return None
        return OutboxMessage.objects.get(pk=pk)


def _attempt(message: OutboxMessage, now: datetime) -> State:
    try:
        provider_id = _send(message)
    except DeliveryFailed as error:
        return _record_failure(message, now, str(error), retryable=error.retryable)
    except Exception as error:
        logger.exception("unexpected error sending outbox message %s", message.pk)
        return _record_failure(message, now, repr(error), retryable=True)
    OutboxMessage.objects.filter(pk=message.pk, state=State.SENDING).update(
        state=State.SENT, sent_at=now, provider_message_id=provider_id[:100]
    )
    return State.SENT


def _record_failure(message, now, error: str, *, retryable: bool) -> State:
    config = outbox_settings()
    if not retryable or gives_up(message.attempts, config["MAX_ATTEMPTS"]):
        state, next_at = State.DEAD, now
    else:
        state = State.FAILED
        next_at = now + retry_delay(
            message.attempts,
            base_seconds=config["RETRY_BASE_SECONDS"],
            cap_seconds=config["RETRY_CAP_SECONDS"],
            jitter=config["RETRY_JITTER"],
        )
    OutboxMessage.objects.filter(pk=message.pk, state=State.SENDING).update(
        state=state, next_attempt_at=next_at, last_error=error[:2000]
    )
    logger.warning(
        "outbox message %s attempt %s failed (%s): %s",
        message.pk,
        message.attempts,
        state,
        error,
    )
    return state


def _send(message: OutboxMessage) -> str:
    if message.channel == Channel.SMS:
        return _send_sms(message)
    return _send_email(message)


def _send_sms(message: OutboxMessage) -> str:
    # The backend is named in the settings (like Django's e-mail backend);
    # its errors tell with ``retryable`` whether a later attempt may work.
    backend = import_string(settings.MOTCUA_SMS_BACKEND)()
    try:
        receipt = backend.send(
            phone=message.recipient,
            content=message.body,
            request_id=message.request_id,
        )
    except Exception as error:
        if not hasattr(error, "retryable"):
            raise
        raise DeliveryFailed(str(error), retryable=error.retryable) from error
    return receipt.provider_message_id or ("duplicate" if receipt.duplicate else "")


def _send_email(message: OutboxMessage) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "motcua.local"
    message_id = f"<{message.request_id}@{domain}>"
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        # The same Message-ID on a retry lets mail software drop a repeat.
        headers={"Message-ID": message_id},
    )
    try:
        email.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _ in error.recipients.values()]
        raise DeliveryFailed(
            f"recipient refused: {codes}", retryable=all(c < 500 for c in codes)
        ) from error
    except smtplib.SMTPResponseException as error:
        raise DeliveryFailed(
            f"SMTP {error.smtp_code}", retryable=error.smtp_code < 500
        ) from error
    except (smtplib.SMTPException, OSError) as error:
        raise DeliveryFailed(f"SMTP: {error}", retryable=True) from error
    return message_id


def retry_message(message: OutboxMessage, *, at: datetime | None = None) -> bool:
    """Put a failed or dead message back in the queue now; False if not allowed.

    The count of attempts starts again so a dead message gets the full
    series of retries; the last error stays visible until the next try.
    """
    at = at or timezone.now()
    with transaction.atomic():
        updated = OutboxMessage.objects.filter(
            pk=message.pk, state__in=[s.value for s in RETRYABLE_BY_STAFF]
        ).update(state=State.PENDING, attempts=0, next_attempt_at=at)
        if updated:
            transaction.on_commit(enqueue_delivery)
    message.refresh_from_db()
    return bool(updated)
