"""The applicant's e-mail and SMS are written with the events that matter."""

from datetime import timedelta

from django.db import transaction
from django.utils import translation

import pytest

from motcua.dossiers.domain import Action, Activity
from motcua.dossiers.labels import DELIVERY_LABELS
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.lifecycle import record_activity, transition
from motcua.dossiers.services.notices import (
    agency_messages,
    dossier_messages,
    warn_staff_at_risk,
)
from motcua.notifications.models import OutboxMessage

from .factories import staff_member
from .helpers import applicant, desk, five_day_procedure, local, receive

pytestmark = pytest.mark.django_db

AT = local(2026, 3, 2, 8, 0)


@pytest.fixture
def received():
    agency, officer = desk()
    version = five_day_procedure(agency)
    dossier = receive(agency, officer, version, at=AT)
    return dossier, officer


def kinds(dossier):
    return list(
        dossier_messages(dossier)
        .order_by("pk")
        .values_list("kind", "channel", "recipient")
    )


def test_desk_reception_tells_the_applicant_by_email_and_sms(received):
    dossier, _ = received

    assert kinds(dossier) == [
        ("received", "email", "an@example.vn"),
        ("received", "sms", "0912345678"),
    ]
    email = OutboxMessage.objects.get(channel="email")
    assert dossier.code in email.subject
    assert "02/03/2026" in email.body
    assert "Chứng thực bản sao từ bản chính" in email.body
    assert f"?ma={dossier.code}" in email.body
    assert email.dedupe_key == f"{dossier.code}:1"


def test_a_supplement_request_lists_exactly_what_is_missing(received):
    dossier, officer = received
    transition(dossier, Action.START_PROCESSING, actor=officer, at=AT)

    transition(
        dossier,
        Action.REQUEST_SUPPLEMENT,
        actor=officer,
        reason="Ảnh bị mờ",
        payload={"missing": ["Bản sao giấy khai sinh", "Ảnh 4x6"]},
        at=AT + timedelta(hours=1),
    )

    email = OutboxMessage.objects.get(kind="supplement_needed", channel="email")
    assert "- Bản sao giấy khai sinh\n- Ảnh 4x6" in email.body
    assert "Ảnh bị mờ" in email.body
    sms = OutboxMessage.objects.get(kind="supplement_needed", channel="sms")
    assert "Ban sao giay khai sinh; Anh 4x6" in sms.body


def test_fees_due_give_the_amount_in_dong(received):
    dossier, officer = received
    transition(dossier, Action.START_PROCESSING, actor=officer, at=AT)

    transition(
        dossier,
        Action.REQUEST_FEES,
        actor=officer,
        payload={"amount": 1500000},
        at=AT + timedelta(hours=1),
    )

    email = OutboxMessage.objects.get(kind="fees_due", channel="email")
    assert "1.500.000 đồng" in email.body


def test_an_apology_gives_the_new_date(received):
    dossier, officer = received
    new_due = local(2026, 3, 12, 16, 0)

    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        record_activity(
            locked,
            Activity.EXTEND,
            actor=officer,
            reason="Chờ xác minh",
            payload={"new_due_at": new_due.isoformat()},
            public=True,
            at=AT + timedelta(days=3),
        )

    sms = OutboxMessage.objects.get(kind="late_new_date", channel="sms")
    assert "12/03/2026" in sms.body
    email = OutboxMessage.objects.get(kind="late_new_date", channel="email")
    assert "09/03/2026" in email.body  # the original appointment
    assert "Chờ xác minh" in email.body


def test_result_ready_and_returned_are_told(received):
    dossier, officer = received
    transition(dossier, Action.RESOLVE, actor=officer, at=AT + timedelta(hours=2))

    transition(dossier, Action.RETURN_RESULT, actor=officer, at=AT + timedelta(days=1))

    assert [k for k, c, _ in kinds(dossier) if c == "sms"] == [
        "received",
        "result_ready",
        "returned",
    ]
    ready = OutboxMessage.objects.get(kind="result_ready", channel="email")
    with translation.override("vi"):
        assert f"{DELIVERY_LABELS['desk']}." in ready.body


def test_internal_activities_send_nothing(received):
    dossier, officer = received

    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        record_activity(locked, Activity.CLAIM, actor=officer, at=AT)

    assert OutboxMessage.objects.count() == 2


def test_a_rolled_back_transition_leaves_no_outbox_row(received):
    dossier, officer = received

    def resolve_then_fail():
        with transaction.atomic():
            transition(dossier, Action.RESOLVE, actor=officer, at=AT)
            raise RuntimeError("the signature failed")

    with pytest.raises(RuntimeError):
        resolve_then_fail()

    assert not OutboxMessage.objects.filter(kind="result_ready").exists()


def test_an_applicant_without_contacts_gets_nothing():
    agency, officer = desk()
    version = five_day_procedure(agency)

    receive(
        agency,
        officer,
        version,
        at=AT,
        applicant=applicant(phone="", email=""),
    )

    assert not OutboxMessage.objects.exists()


def test_staff_at_risk_warnings_are_sent_once_per_key(received):
    dossier, _ = received
    leader = staff_member(dossier.handling_agency, email="lead@example.vn")
    due = local(2026, 3, 9, 16, 0)

    warn_staff_at_risk(dossier, [leader], due_at=due, step_name="Thẩm định", key="t1")
    warn_staff_at_risk(dossier, [leader], due_at=due, step_name="Thẩm định", key="t1")

    (email,) = OutboxMessage.objects.filter(kind="at_risk")
    assert "16:00 09/03/2026" in email.body
    assert f"/can-bo/ho-so/{dossier.code}/" in email.body


def test_agency_messages_are_scoped_to_the_agency_dossiers(received):
    dossier, _ = received
    other, other_officer = desk("000.00.26.H39")
    receive(other, other_officer, five_day_procedure(other, code="1.000002"), at=AT)

    mine = agency_messages([dossier.handling_agency_id])

    assert {m.subject_ref for m in mine} == {dossier.code}
