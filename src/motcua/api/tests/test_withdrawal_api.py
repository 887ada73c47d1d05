"""The agency's answer, through the API, to a citizen's request to withdraw."""

import pytest
from rest_framework.test import APIClient

from motcua.accounts.domain import Role
from motcua.accounts.tests.factories import AgencyFactory
from motcua.dossiers.domain import Action, Status
from motcua.dossiers.tests.factories import desk_officer, staff_member
from motcua.filing.services import request_withdrawal
from motcua.filing.tests.factories import citizen, online_dossier, online_setup
from motcua.workflow.models import DossierTask
from motcua.workflow.services.intake import accept_online

pytestmark = pytest.mark.django_db

REASON = "Tôi nộp nhầm thủ tục."


@pytest.fixture
def setup(db):
    return online_setup()


@pytest.fixture
def dossier(setup):
    dossier = online_dossier(setup)
    accept_online(dossier, officer=setup.desk)
    request_withdrawal(dossier, user=setup.citizen, reason=REASON)
    return dossier


def client_for(user=None):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="vi")
    if user is not None:
        client.force_authenticate(user)
    return client


def url(dossier):
    return f"/api/v1/dossiers/{dossier.code}/withdrawal"


def decide(user, dossier, **body):
    return client_for(user).post(url(dossier), body, format="json")


def test_the_officer_reads_the_request_waiting_for_an_answer(setup, dossier):
    response = client_for(setup.desk).get(url(dossier))

    assert response.status_code == 200
    body = response.json()
    assert body["dossier"] == dossier.code
    assert body["status"] == "withdrawal_requested"
    assert body["pending"] is True
    assert body["can_decide"] is True
    assert body["reason"] == REASON
    assert body["requested_by"]
    assert body["decision"] is None


def test_accepting_stops_the_dossier(setup, dossier):
    response = decide(setup.desk, dossier, accept=True)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "stopped"
    assert body["pending"] is False
    assert body["decision"] == "accepted"
    dossier.refresh_from_db()
    assert dossier.status == Status.STOPPED
    assert not DossierTask.objects.filter(dossier=dossier, state="open").exists()


def test_refusing_needs_reasons_and_puts_the_dossier_back_in_processing(setup, dossier):
    response = decide(setup.desk, dossier, accept=False, note="  ")
    assert response.status_code == 400
    assert response.json()["errors"]["note"] == ["Nêu lý do từ chối yêu cầu rút hồ sơ."]
    dossier.refresh_from_db()
    assert dossier.status == Status.WITHDRAWAL_REQUESTED

    response = decide(setup.desk, dossier, accept=False, note="Kết quả đã được ký.")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "in_progress"
    assert body["decision"] == "refused"
    assert body["decision_note"] == "Kết quả đã được ký."
    assert dossier.events.get(action=Action.REJECT_WITHDRAWAL).reason == (
        "Kết quả đã được ký."
    )


def test_a_dossier_without_a_request_is_a_conflict(setup, dossier):
    assert decide(setup.desk, dossier, accept=True).status_code == 200

    response = decide(setup.desk, dossier, accept=False, note="Muộn")
    assert response.status_code == 409
    assert response.json()["detail"] == "Công dân chưa yêu cầu rút hồ sơ này."


def test_the_body_is_checked(setup, dossier):
    response = decide(setup.desk, dossier, note="thiếu accept")
    assert response.status_code == 400
    assert "accept" in response.json()["errors"]
    assert decide(setup.desk, dossier, accept="có lẽ").status_code == 400


def test_an_officer_who_does_not_hold_the_dossier_is_refused(setup, dossier):
    specialist = staff_member(setup.agency, Role.SPECIALIST, username="cv.tan")

    read = client_for(specialist).get(url(dossier))
    assert read.status_code == 200
    assert read.json()["can_decide"] is False
    response = decide(specialist, dossier, accept=True)
    assert response.status_code == 403
    assert "Chỉ cán bộ đang giữ hồ sơ" in response.json()["detail"]
    dossier.refresh_from_db()
    assert dossier.status == Status.WITHDRAWAL_REQUESTED


def test_a_leader_of_the_handling_agency_answers(setup, dossier):
    leader = staff_member(setup.agency, Role.LEADER, username="ld.tan")

    assert decide(leader, dossier, accept=True).status_code == 200


def test_officers_of_another_agency_get_404(dossier):
    other = desk_officer(AgencyFactory(code="000.02.25.H39"), username="desk.other")

    assert client_for(other).get(url(dossier)).status_code == 404
    assert decide(other, dossier, accept=True).status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == Status.WITHDRAWAL_REQUESTED


def test_anonymous_clients_and_citizens_are_refused(setup, dossier):
    anonymous = client_for().post(url(dossier), {"accept": True}, format="json")
    assert anonymous.status_code == 401

    for user in (setup.citizen, citizen(personal_id="080195000456")):
        response = decide(user, dossier, accept=True)
        assert response.status_code == 403
        assert response.json()["detail"] == (
            "Chỉ cán bộ của cơ quan mới được trả lời yêu cầu rút hồ sơ."
        )
    dossier.refresh_from_db()
    assert dossier.status == Status.WITHDRAWAL_REQUESTED


def test_the_schema_documents_the_endpoint(client):
    schema = client.get("/api/schema/?format=json").json()
    operations = schema["paths"]["/api/v1/dossiers/{code}/withdrawal"]

    assert operations["post"]["operationId"] == "dossiers_withdrawal_decide"
    assert {"200", "400", "401", "403", "404", "409"} <= set(
        operations["post"]["responses"]
    )
    assert operations["get"]["operationId"] == "dossiers_withdrawal_read"
