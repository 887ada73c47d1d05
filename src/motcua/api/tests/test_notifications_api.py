import base64

import pytest

from motcua.accounts.domain import Role
from motcua.dossiers.tests.factories import staff_member
from motcua.dossiers.tests.helpers import desk, five_day_procedure, local, receive
from motcua.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db

PASSWORD = "motcua@2026"


def basic(user) -> dict:
    user.set_password(PASSWORD)
    user.save()
    token = base64.b64encode(f"{user.username}:{PASSWORD}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


@pytest.fixture
def received():
    agency, officer = desk()
    dossier = receive(
        agency, officer, five_day_procedure(agency), at=local(2026, 3, 2, 8, 0)
    )
    return dossier, officer


def test_staff_read_the_messages_of_a_dossier(client, received):
    dossier, officer = received

    answer = client.get(
        "/api/v1/notifications", {"dossier": dossier.code}, **basic(officer)
    )

    assert answer.status_code == 200
    rows = answer.json()["results"]
    assert [(r["channel"], r["kind"], r["state"]) for r in rows] == [
        ("sms", "received", "pending"),
        ("email", "received", "pending"),
    ]
    assert rows[0]["dossier"] == dossier.code


def test_the_list_covers_the_user_agencies_and_filters_by_state(client, received):
    dossier, officer = received
    OutboxMessage.objects.filter(channel="sms").update(state="dead")

    answer = client.get("/api/v1/notifications", {"state": "dead"}, **basic(officer))

    assert [r["channel"] for r in answer.json()["results"]] == ["sms"]


def test_a_dossier_of_another_agency_is_not_found(client, received):
    dossier, _ = received
    _, stranger = desk("000.00.26.H39")

    answer = client.get(
        "/api/v1/notifications", {"dossier": dossier.code}, **basic(stranger)
    )

    assert answer.status_code == 404


def test_an_agency_not_theirs_is_not_found(client, received):
    _, officer = received

    answer = client.get(
        "/api/v1/notifications", {"agency": "000.00.99.H39"}, **basic(officer)
    )

    assert answer.status_code == 404


def test_a_bad_state_is_a_400_naming_the_parameter(client, received):
    _, officer = received

    answer = client.get("/api/v1/notifications", {"state": "lost"}, **basic(officer))

    assert answer.status_code == 400
    assert "state" in answer.json()["errors"]


def test_retry_puts_a_dead_message_back(client, received, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    _, officer = received
    sms = OutboxMessage.objects.get(channel="sms")
    OutboxMessage.objects.filter(pk=sms.pk).update(state="dead", attempts=10)

    answer = client.post(f"/api/v1/notifications/{sms.pk}/retry", **basic(officer))

    assert answer.status_code == 200
    assert (answer.json()["state"], answer.json()["attempts"]) == ("pending", 0)


def test_retrying_a_sent_message_is_a_conflict(client, received):
    _, officer = received
    sms = OutboxMessage.objects.get(channel="sms")

    answer = client.post(f"/api/v1/notifications/{sms.pk}/retry", **basic(officer))

    assert answer.status_code == 409


def test_a_monitor_cannot_retry(client, received):
    dossier, _ = received
    monitor = staff_member(dossier.receiving_agency, role=Role.MONITOR, username="gs")
    sms = OutboxMessage.objects.get(channel="sms")
    OutboxMessage.objects.filter(pk=sms.pk).update(state="dead")

    answer = client.post(f"/api/v1/notifications/{sms.pk}/retry", **basic(monitor))

    assert answer.status_code == 403


def test_a_message_of_another_agency_is_not_found(client, received):
    _, stranger = desk("000.00.26.H39")
    sms = OutboxMessage.objects.get(channel="sms")

    answer = client.post(f"/api/v1/notifications/{sms.pk}/retry", **basic(stranger))

    assert answer.status_code == 404


def test_anonymous_clients_must_authenticate(client):
    assert client.get("/api/v1/notifications").status_code == 401
