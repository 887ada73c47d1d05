"""The owner's notice preferences decide the channels of dossier notices."""

from datetime import timedelta

import pytest

from motcua.citizens.domain import notice_channels
from motcua.citizens.models import CitizenProfile
from motcua.dossiers.domain import Action
from motcua.dossiers.services.lifecycle import transition
from motcua.dossiers.tests.helpers import desk, five_day_procedure, local, receive
from motcua.notifications.models import OutboxMessage

AT = local(2026, 3, 2, 8, 0)


def test_notice_channels_keep_only_the_wanted_contacts():
    both = ("an@example.vn", "0912345678")
    assert notice_channels(*both, by_email=True, by_sms=True) == both
    assert notice_channels(*both, by_email=False, by_sms=True) == ("", "0912345678")
    assert notice_channels(*both, by_email=True, by_sms=False) == ("an@example.vn", "")
    assert notice_channels(*both, by_email=False, by_sms=False) == ("", "")


@pytest.fixture
def received(db):
    agency, officer = desk()
    version = five_day_procedure(agency)
    dossier = receive(agency, officer, version, at=AT)
    transition(dossier, Action.START_PROCESSING, actor=officer, at=AT)
    return dossier, officer


def _ask_supplement(dossier, officer):
    transition(
        dossier,
        Action.REQUEST_SUPPLEMENT,
        actor=officer,
        reason="Ảnh bị mờ",
        payload={"missing": ["Ảnh 4x6"]},
        at=AT + timedelta(hours=1),
    )
    return list(
        OutboxMessage.objects.filter(kind="supplement_needed")
        .order_by("channel")
        .values_list("channel", "recipient", "language")
    )


def _own(dossier, **preferences):
    owner = CitizenProfile.objects.create(full_name="Nguyễn Văn An", **preferences)
    dossier.citizen_owner = owner
    dossier.save(update_fields=["citizen_owner"])
    return owner


def test_a_dossier_without_online_owner_goes_to_both_contacts(received):
    dossier, officer = received
    assert _ask_supplement(dossier, officer) == [
        ("email", "an@example.vn", "vi"),
        ("sms", "0912345678", "vi"),
    ]


def test_an_owner_who_wants_only_sms_gets_no_email(received):
    dossier, officer = received
    _own(dossier, notify_email=False, notify_sms=True)
    assert _ask_supplement(dossier, officer) == [("sms", "0912345678", "vi")]


def test_an_owner_who_wants_only_email_gets_no_sms_and_in_english(received):
    dossier, officer = received
    _own(dossier, notify_email=True, notify_sms=False, language="en")
    rows = _ask_supplement(dossier, officer)
    assert rows == [("email", "an@example.vn", "en")]
    email = OutboxMessage.objects.get(kind="supplement_needed")
    assert "Ảnh 4x6" in email.body


def test_an_owner_with_both_channels_off_gets_nothing(received):
    dossier, officer = received
    _own(dossier, notify_email=False, notify_sms=False)
    assert _ask_supplement(dossier, officer) == []
