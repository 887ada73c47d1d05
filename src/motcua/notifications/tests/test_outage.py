"""The SMS gateway is down for five minutes: nothing is lost, nothing doubled.

Time is controlled with time-machine: the test plays the worker, calling
the real ``deliver_due`` every 10 simulated seconds through the outage and
after it. The fake gateway is a real HTTP server; during the outage it
first accepts a message and then lets the answer time out, then refuses
connections, then answers HTTP 500.
"""

import sys
from collections import Counter
from datetime import UTC, datetime

import pytest
import time_machine

from motcua.notifications.models import OutboxMessage
from motcua.notifications.services import deliver_due, queue_message

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
OUTAGE = (0, 300)  # seconds after START
TICK = 10


def gateway_mode(second: int) -> str:
    if second < 60:
        return "accept_then_hang"
    if second < 180:
        return "refused"
    if second < OUTAGE[1]:
        return "error"
    return "up"


def queue_sms(number: int) -> None:
    queue_message(
        kind="received",
        recipient_phone=f"09{number:08d}",
        context={
            "dossier_code": f"000.00.25.H39-260302-{number:04d}",
            "received_date": "02/03/2026",
            "due_date": "06/03/2026",
            "tracking_url": "http://x/",
        },
        dedupe_key=f"dossier-{number}:1",
    )


def test_a_five_minute_outage_loses_nothing_and_sends_nothing_twice(
    settings, fake_esms, dummy_tasks
):
    settings.MOTCUA_SMS_BACKEND = "motcua.integrations.sms.EsmsBackend"
    settings.MOTCUA_ESMS = fake_esms.settings()
    queued = 0
    with time_machine.travel(START, tick=False) as clock:
        # given: messages queued before the outage the worker had not sent yet
        for _ in range(5):
            queued += 1
            queue_sms(queued)
        second = 0
        while second <= 3600:
            mode = gateway_mode(second)
            if mode == "refused":
                fake_esms.stop()
            elif fake_esms._server is None:
                fake_esms.start()
            if mode != "refused":
                fake_esms.mode = mode
            # and messages keep coming during the outage
            if OUTAGE[0] <= second < OUTAGE[1] and second % 30 == 0:
                for _ in range(2):
                    queued += 1
                    queue_sms(queued)
            # when: the worker runs
            deliver_due()
            if (
                second > OUTAGE[1]
                and not OutboxMessage.objects.exclude(state="sent").exists()
            ):
                break
            second += TICK
            clock.shift(TICK)

    # then: every message was handed to the network exactly once
    messages = list(OutboxMessage.objects.all())
    states = Counter(m.state for m in messages)
    delivered = Counter(body["RequestId"] for body in fake_esms.delivered)
    lost = [m.pk for m in messages if delivered[m.request_id] == 0]
    duplicates = {rid: n for rid, n in delivered.items() if n > 1}
    figures = {
        "queued": queued,
        "queued_during_outage": queued - 5,
        "sent": states["sent"],
        "lost": len(lost),
        "duplicates": len(duplicates),
        "gateway_requests": len(fake_esms.requests),
        "refused_as_duplicate_request_id": fake_esms.answers.count("124"),
        "attempts": sum(m.attempts for m in messages),
        "all_sent_after_seconds": second,
    }
    sys.stdout.write(f"\noutage figures: {figures}\n")
    assert len(messages) == queued == 25
    assert states == {"sent": queued}
    assert lost == []
    assert duplicates == {}
    assert set(delivered) == {m.request_id for m in messages}
    # the message accepted while its answer timed out was retried with the
    # same RequestId, refused as a duplicate, and counted as sent
    accepted_unanswered = [m for m in messages if m.provider_message_id == "duplicate"]
    assert len(accepted_unanswered) == fake_esms.answers.count("124") >= 1
    assert all(m.attempts >= 2 for m in accepted_unanswered)
    assert second > OUTAGE[1]
