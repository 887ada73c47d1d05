from datetime import date

import pytest

from motcua.accounts.domain import Role
from motcua.accounts.tests.factories import AgencyFactory
from motcua.dossiers.services.reception import (
    ApplicantData,
    DocumentReceipt,
    receive_dossier,
)
from motcua.dossiers.tests.factories import desk_officer, staff_member
from motcua.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(agency, officer, version):
    return receive_dossier(
        officer=officer,
        agency=agency,
        procedure_version=version,
        applicant=ApplicantData(
            full_name="Nguyễn Văn An",
            personal_id="080090000123",
            date_of_birth=date(1990, 5, 17),
            phone="0912345678",
            email="an@example.vn",
        ),
        documents=[
            DocumentReceipt(required_document_id=d.pk, originals=1)
            for d in version.documents.all()
        ],
    )


def test_the_page_lists_the_agency_messages_with_their_state(desk_client, dossier):
    OutboxMessage.objects.filter(channel="sms").update(
        state="dead", attempts=10, last_error="eSMS code 108: bad number"
    )

    page = desk_client.get("/can-bo/thong-bao/")

    assert page.status_code == 200
    html = page.content.decode()
    assert dossier.code in html
    assert "an@example.vn" in html
    assert "eSMS code 108: bad number" in html
    assert html.count("/gui-lai/") == 1  # only the dead one can be retried


def test_filters_narrow_the_list(desk_client, dossier):
    page = desk_client.get("/can-bo/thong-bao/", {"channel": "sms"})

    html = page.content.decode()
    assert "0912345678" in html
    assert "an@example.vn" not in html


def test_messages_of_another_agency_are_not_listed(client, dossier):
    other = AgencyFactory(code="000.00.26.H39")
    client.force_login(desk_officer(other, username="other"))

    page = client.get("/can-bo/thong-bao/")

    assert dossier.code not in page.content.decode()


def test_retry_puts_a_dead_message_back_in_the_queue(desk_client, dossier, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    sms = OutboxMessage.objects.get(channel="sms")
    OutboxMessage.objects.filter(pk=sms.pk).update(state="dead", attempts=10)

    answer = desk_client.post(
        f"/can-bo/thong-bao/{sms.pk}/gui-lai/",
        {"next": f"/can-bo/ho-so/{dossier.code}/"},
    )

    assert answer.status_code == 302
    assert answer["Location"] == f"/can-bo/ho-so/{dossier.code}/"
    sms.refresh_from_db()
    assert (sms.state, sms.attempts) == ("pending", 0)


def test_retry_refuses_an_outside_address(desk_client, dossier):
    sms = OutboxMessage.objects.get(channel="sms")
    OutboxMessage.objects.filter(pk=sms.pk).update(state="failed")

    answer = desk_client.post(
        f"/can-bo/thong-bao/{sms.pk}/gui-lai/", {"next": "https://evil.example/"}
    )

    assert answer["Location"] == "/can-bo/thong-bao/"


def test_a_sent_message_is_not_sent_again(desk_client, dossier):
    sms = OutboxMessage.objects.get(channel="sms")
    OutboxMessage.objects.filter(pk=sms.pk).update(state="sent")

    desk_client.post(f"/can-bo/thong-bao/{sms.pk}/gui-lai/")

    sms.refresh_from_db()
    assert sms.state == "sent"


def test_another_agency_cannot_retry(client, dossier):
    other = AgencyFactory(code="000.00.26.H39")
    client.force_login(desk_officer(other, username="other"))
    sms = OutboxMessage.objects.get(channel="sms")

    assert client.post(f"/can-bo/thong-bao/{sms.pk}/gui-lai/").status_code == 404


def test_a_monitor_reads_but_cannot_retry(client, dossier, agency):
    monitor = staff_member(agency, role=Role.MONITOR, username="giamsat")
    client.force_login(monitor)
    sms = OutboxMessage.objects.get(channel="sms")
    OutboxMessage.objects.filter(pk=sms.pk).update(state="dead")

    assert "/gui-lai/" not in client.get("/can-bo/thong-bao/").content.decode()
    assert client.post(f"/can-bo/thong-bao/{sms.pk}/gui-lai/").status_code == 403


def test_the_dossier_page_shows_its_messages(desk_client, dossier):
    page = desk_client.get(f"/can-bo/ho-so/{dossier.code}/")

    html = page.content.decode()
    assert 'id="notices-title"' in html
    assert "0912345678" in html


def test_the_page_needs_a_signed_in_officer(client):
    assert client.get("/can-bo/thong-bao/").status_code == 302
