from datetime import UTC, datetime, timedelta

from django.core import mail
from django.db import transaction

import pytest
import time_machine

from motcua.integrations.sms import LocmemBackend
from motcua.notifications.domain import State
from motcua.notifications.models import MessageTemplate, OutboxMessage
from motcua.notifications.services import (
    deliver_due,
    notify_staff,
    queue_message,
    retry_message,
)

pytestmark = pytest.mark.django_db

CONTEXT = {
    "dossier_code": "000.00.25.H39-251122-0001",
    "procedure_name": "Đăng ký khai sinh",
    "applicant_name": "Nguyễn Văn An",
    "agency_name": "UBND huyện Tân Thạnh",
    "tracking_url": "http://x/tra-cuu/",
    "received_date": "22/11/2025",
    "due_date": "26/11/2025",
}
AT = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def queue(**kwargs):
    return queue_message(
        **{
            "kind": "received",
            "recipient_email": "an@example.vn",
            "recipient_phone": "0912345678",
            "context": CONTEXT,
            "dedupe_key": "d1:1",
            "subject_ref": CONTEXT["dossier_code"],
            "at": AT,
            **kwargs,
        }
    )


def test_every_seeded_kind_has_email_and_sms_in_both_languages():
    kinds = {
        "submitted",
        "not_accepted",
        "received",
        "supplement_needed",
        "fees_due",
        "late_new_date",
        "result_ready",
        "returned",
        "at_risk",
        "otp",
    }
    rows = set(MessageTemplate.objects.values_list("kind", "channel", "language"))

    assert rows == {
        (k, c, lang) for k in kinds for c in ("email", "sms") for lang in ("vi", "en")
    }


def test_queueing_writes_one_rendered_row_per_channel(dummy_tasks):
    email, sms = queue()

    assert (email.channel, email.recipient, email.state) == (
        "email",
        "an@example.vn",
        State.PENDING,
    )
    assert email.subject == "Hồ sơ 000.00.25.H39-251122-0001 đã được tiếp nhận"
    assert "Nguyễn Văn An" in email.body
    assert "26/11/2025" in email.body
    assert sms.channel == "sms"
    assert sms.recipient == "0912345678"
    assert sms.body.startswith("Ho so 000.00.25.H39-251122-0001 da duoc tiep nhan")
    assert "\n" not in sms.body
    assert email.next_attempt_at == AT


def test_sms_keep_their_diacritics_when_folding_is_off(settings, dummy_tasks):
    settings.MOTCUA_SMS_ASCII = False

    (sms,) = queue(recipient_email="")

    assert sms.body.startswith("Hồ sơ 000.00.25.H39-251122-0001 đã được tiếp nhận")


def test_queueing_the_same_key_again_sends_nothing_more(dummy_tasks):
    queue()

    again = queue()

    assert len(again) == 2
    assert OutboxMessage.objects.count() == 2


def test_a_channel_without_recipient_is_skipped(dummy_tasks):
    rows = queue(recipient_phone="")

    assert [r.channel for r in rows] == ["email"]


def test_english_templates_are_used_when_asked(dummy_tasks):
    email, _ = queue(language="en")

    assert email.subject == "Dossier 000.00.25.H39-251122-0001 received"


def test_delivery_is_enqueued_after_commit_only(
    dummy_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queue()

    assert len(callbacks) == 1
    assert [r.task.name for r in dummy_tasks.results] == ["deliver_outbox"]


def test_a_rolled_back_transaction_leaves_no_message(dummy_tasks):
    def change_then_fail():
        with transaction.atomic():
            queue()
            raise RuntimeError

    with pytest.raises(RuntimeError):
        change_then_fail()

    assert not OutboxMessage.objects.exists()


def test_due_messages_are_sent_by_email_and_sms(dummy_tasks):
    queue()

    report = deliver_due(AT)

    assert report.sent == 2
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {"sent"}
    assert mail.outbox[0].to == ["an@example.vn"]
    assert mail.outbox[0].extra_headers["Message-ID"].startswith("<")
    assert LocmemBackend.outbox[0]["phone"] == "0912345678"


def test_messages_are_not_sent_before_their_time(dummy_tasks):
    queue()

    assert deliver_due(AT - timedelta(seconds=1)).sent == 0


class FlakyBackend:
    """Fails ``failures`` times with the given kind of error, then sends."""

    failures = 0
    retryable = True
    calls: list = []

    def send(self, *, phone, content, request_id):
        from motcua.integrations.sms import SmsError, SmsReceipt

        FlakyBackend.calls.append(request_id)
        if len(FlakyBackend.calls) <= FlakyBackend.failures:
            raise SmsError("boom", retryable=FlakyBackend.retryable)
        return SmsReceipt("ok")


@pytest.fixture
def flaky(settings):
    settings.MOTCUA_SMS_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.calls = []
    FlakyBackend.retryable = True
    return FlakyBackend


def test_a_failed_send_is_retried_later_with_the_same_request_id(flaky, dummy_tasks):
    flaky.failures = 2
    (sms,) = queue(recipient_email="")

    with time_machine.travel(AT, tick=False) as clock:
        deliver_due()
        sms.refresh_from_db()
        assert (sms.state, sms.attempts, sms.last_error) == ("failed", 1, "boom")
        assert deliver_due().sent == 0  # not yet due
        clock.move_to(sms.next_attempt_at)
        deliver_due()
        sms.refresh_from_db()
        clock.move_to(sms.next_attempt_at)
        deliver_due()

    sms.refresh_from_db()
    assert (sms.state, sms.attempts) == ("sent", 3)
    assert set(flaky.calls) == {sms.request_id}


def test_a_permanent_error_kills_the_message_at_once(flaky, dummy_tasks):
    flaky.failures, flaky.retryable = 1, False
    (sms,) = queue(recipient_email="")

    deliver_due(AT)

    sms.refresh_from_db()
    assert (sms.state, sms.attempts) == ("dead", 1)


def test_a_message_dies_after_the_maximum_attempts(settings, flaky, dummy_tasks):
    settings.MOTCUA_OUTBOX = {**settings.MOTCUA_OUTBOX, "MAX_ATTEMPTS": 3}
    flaky.failures = 99
    (sms,) = queue(recipient_email="")

    with time_machine.travel(AT, tick=False) as clock:
        for _ in range(5):
            deliver_due()
            sms.refresh_from_db()
            clock.move_to(sms.next_attempt_at)

    assert (sms.state, sms.attempts) == ("dead", 3)


def test_staff_retry_puts_a_dead_message_back(flaky, dummy_tasks):
    flaky.failures, flaky.retryable = 1, False
    (sms,) = queue(recipient_email="")
    deliver_due(AT)

    assert retry_message(sms, at=AT)
    deliver_due(AT)

    sms.refresh_from_db()
    assert sms.state == "sent"
    assert flaky.calls == [sms.request_id, sms.request_id]


def test_a_sent_message_cannot_be_retried(dummy_tasks):
    (sms,) = queue(recipient_email="")
    deliver_due(AT)
    sms.refresh_from_db()

    assert not retry_message(sms)


def test_a_worker_that_died_mid_send_leaves_the_message_to_another(
    settings, dummy_tasks
):
    (sms,) = queue(recipient_email="")
    OutboxMessage.objects.filter(pk=sms.pk).update(
        state="sending", attempts=1, next_attempt_at=AT + timedelta(seconds=120)
    )

    assert deliver_due(AT).sent == 0
    assert deliver_due(AT + timedelta(seconds=120)).sent == 1


def test_an_email_refused_by_the_server_is_retried(settings, dummy_tasks):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingEmailBackend"
    (email,) = queue(recipient_phone="")

    deliver_due(AT)

    email.refresh_from_db()
    assert (email.state, email.last_error) == ("failed", "SMTP 451")


class RefusingEmailBackend:
    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPSenderRefused(451, b"try later", "motcua@localhost")


def test_staff_are_warned_once_each(django_user_model, dummy_tasks):
    leader = django_user_model.objects.create(
        username="lead", email="lead@example.vn", first_name="Bình"
    )
    handler = django_user_model.objects.create(username="h", phone="0987654321")
    context = {**CONTEXT, "due_date": "26/11/2025 16:00", "step_name": "Thẩm định"}

    notify_staff([leader, handler], context=context, dedupe_key="risk:d1:26")
    notify_staff([leader, handler], context=context, dedupe_key="risk:d1:26")

    rows = OutboxMessage.objects.order_by("recipient")
    assert [(r.channel, r.recipient) for r in rows] == [
        ("sms", "0987654321"),
        ("email", "lead@example.vn"),
    ]
    assert "Bình" in rows[1].body
    assert "Thẩm định" in rows[1].body


def test_the_reception_sms_fits_in_one_part(dummy_tasks):
    from motcua.notifications.domain import sms_parts

    (sms,) = queue(recipient_email="")

    assert sms.body.isascii()
    assert sms_parts(sms.body) == 1
