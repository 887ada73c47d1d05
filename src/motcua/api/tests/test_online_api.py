"""/api/v1/online-queue: the desk's queue of online dossiers and its decisions."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from rest_framework.test import APIClient

from motcua.accounts.models import RoleAssignment
from motcua.accounts.tests.factories import UserFactory
from motcua.dossiers.domain import Action, Status
from motcua.dossiers.models import Dossier, ReceptionGuidance
from motcua.dossiers.services.guidance import refuse_dossier
from motcua.dossiers.tests.factories import desk_officer, staff_member
from motcua.filing.tests.online_factories import submit

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
QUEUE = "/api/v1/online-queue"


def at(*args):
    return datetime(*args, tzinfo=HCM)


@pytest.fixture
def commune(catalog, agencies):
    return agencies["commune_pc"]


@pytest.fixture
def birth(catalog):
    return catalog["birth"]


@pytest.fixture
def dossiers(commune, birth):
    return [
        submit(commune, birth, at=at(2026, 12, 4, 14, 0), full_name="Lê Thị Hoa"),
        submit(commune, birth, at=at(2026, 12, 4, 10, 0), full_name="Đỗ Văn Đạt"),
    ]


@pytest.fixture
def desk(commune):
    client = APIClient()
    client.force_authenticate(desk_officer(commune, username="motcua.xa"))
    return client


def action(client, dossier, name, **body):
    return client.post(f"{QUEUE}/{dossier.code}/{name}", body, format="json")


def test_queue_lists_the_dossiers_most_urgent_first_with_the_minutes_left(
    desk, dossiers
):
    with time_machine.travel(at(2026, 12, 7, 7, 40), tick=False):
        response = desk.get(QUEUE, HTTP_ACCEPT_LANGUAGE="vi")

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["code"] for r in rows] == [dossiers[1].code, dossiers[0].code]
    first = rows[0]
    assert first["applicant"] == "Đỗ Văn Đạt"
    assert first["procedure"] == "1.001193"
    assert first["status"] == "new"
    assert first["remaining_minutes"] == 140  # Monday 7:40 -> 10:00
    assert first["overdue"] is False
    assert first["remaining_text"] == "Còn 2 giờ 20 phút"
    assert rows[1]["remaining_minutes"] == 230 + 60  # lunch not counted
    assert first["supplement_round"] is None
    assert {"fee_due", "fee_paid", "fee_exemption", "reception_due_at"} <= set(first)


def test_an_overdue_dossier_has_negative_minutes(desk, dossiers):
    with time_machine.travel(at(2026, 12, 7, 13, 30), tick=False):
        first = desk.get(QUEUE).json()["results"][0]
    assert first["remaining_minutes"] == -(90 + 30)
    assert first["overdue"] is True


def test_queue_search_ignores_diacritics_and_refuses_another_agency(desk, dossiers):
    rows = desk.get(QUEUE, {"q": "do van dat"}).json()["results"]
    assert [r["code"] for r in rows] == [dossiers[1].code]
    refused = desk.get(QUEUE, {"agency": "000.00.02.H39"})
    assert refused.status_code == 400
    assert "agency" in refused.json()["errors"]


def test_only_desk_officers_read_the_queue(dossiers, commune):
    assert APIClient().get(QUEUE).status_code == 401
    citizen = APIClient()
    citizen.force_authenticate(UserFactory())
    assert citizen.get(QUEUE).status_code == 403
    assert action(citizen, dossiers[0], "refuse", reasons="x").status_code == 403
    specialist = APIClient()
    specialist.force_authenticate(staff_member(commune))
    assert specialist.get(QUEUE).status_code == 403


def test_an_officer_of_another_agency_gets_404(dossiers, agencies):
    client = APIClient()
    client.force_authenticate(desk_officer(agencies["district_pc"]))
    assert client.get(QUEUE).json()["results"] == []
    response = action(client, dossiers[0], "refuse", reasons="Sai thẩm quyền")
    assert response.status_code == 404
    assert action(client, dossiers[0], "accept").status_code == 404


def test_a_desk_officer_elsewhere_with_another_role_here_gets_403(
    dossiers, commune, agencies
):
    user = desk_officer(agencies["district_pc"])
    RoleAssignment.objects.create(user=user, agency=commune, role="specialist")
    client = APIClient()
    client.force_authenticate(user)
    assert action(client, dossiers[0], "refuse", reasons="x").status_code == 403


def test_accepting_receives_the_dossier(desk, dossiers):
    response = action(desk, dossiers[0], "accept", seen_status="new")

    assert response.status_code == 200
    assert response.json()["status"] == "received"
    dossier = Dossier.objects.get(pk=dossiers[0].pk)
    assert dossier.reception_due_at is None
    assert dossier.legs.exists()
    codes = [r["code"] for r in desk.get(QUEUE).json()["results"]]
    assert codes == [dossiers[1].code]


def test_accepting_with_an_unknown_handling_agency_is_refused(desk, dossiers):
    response = action(desk, dossiers[0], "accept", handling_agency="000.99.99.H99")
    assert response.status_code == 400
    assert "handling_agency" in response.json()["errors"]


def test_asking_for_a_supplement(desk, dossiers, birth):
    paper = birth.documents.order_by("position").first()
    response = action(
        desk, dossiers[0], "supplement", missing=[paper.pk], note="Ảnh bị mờ"
    )

    assert response.status_code == 200
    dossier = Dossier.objects.get(pk=dossiers[0].pk)
    assert dossier.status == Status.AWAITING_SUPPLEMENT
    assert ReceptionGuidance.objects.get(dossier=dossier).missing == [paper.name]
    empty = action(desk, dossiers[1], "supplement", missing=[])
    assert empty.status_code == 400


def test_refusing_needs_reasons(desk, dossiers):
    assert action(desk, dossiers[0], "refuse").status_code == 400
    response = action(desk, dossiers[0], "refuse", reasons="Không thuộc thẩm quyền")
    assert response.status_code == 200
    event = Dossier.objects.get(pk=dossiers[0].pk).events.get(action=Action.REFUSE)
    assert event.reason == "Không thuộc thẩm quyền"


def test_a_decision_after_another_officers_is_a_conflict(desk, dossiers, commune):
    refuse_dossier(
        Dossier.objects.get(pk=dossiers[0].pk),
        officer=desk_officer(commune, username="dong.nghiep"),
        reasons="Sai thủ tục",
    )
    response = action(desk, dossiers[0], "accept", seen_status="new")
    assert response.status_code == 409
    assert Dossier.objects.get(pk=dossiers[0].pk).status == Status.NOT_ACCEPTED


def test_a_stale_status_is_a_conflict(desk, dossiers):
    response = action(
        desk, dossiers[0], "refuse", seen_status="awaiting_supplement", reasons="x"
    )
    assert response.status_code == 409
    assert Dossier.objects.get(pk=dossiers[0].pk).status == Status.NEW


def test_the_schema_documents_the_queue_and_its_decisions(client):
    schema = client.get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    ).json()
    listing = schema["paths"][QUEUE]["get"]
    names = {p["name"] for p in listing["parameters"]}
    assert {"agency", "q", "page", "page_size"} <= names
    row = schema["components"]["schemas"]["OnlineQueueRow"]["properties"]
    assert "remaining_minutes" in row
    for name in ("accept", "supplement", "refuse"):
        operation = schema["paths"][f"{QUEUE}/{{code}}/{name}"]["post"]
        assert operation["summary"]
        assert {"200", "400", "401", "403", "404", "409"} <= set(operation["responses"])


def test_bad_bodies_are_400_with_messages(desk, dossiers):
    client = desk
    url = f"{QUEUE}/{dossiers[0].code}/supplement"
    assert (
        client.post(url, {"missing": "Giấy chứng sinh"}, format="json").status_code
        == 400
    )
    assert client.post(url, {"missing": [True]}, format="json").status_code == 400
    bad = client.post(url, "not json", content_type="application/json")
    assert bad.status_code == 400
    bad_status = action(client, dossiers[0], "refuse", seen_status="done", reasons="x")
    assert bad_status.status_code == 400
    assert "seen_status" in bad_status.json()["errors"]
    assert client.get(QUEUE, {"page": "abc"}).status_code == 400
    assert Dossier.objects.get(pk=dossiers[0].pk).status == Status.NEW


def test_verifying_a_claimed_exemption(desk, commune, birth):
    exempt = submit(
        commune, birth, at=at(2026, 12, 4, 9, 0), fee_exemption="Người khuyết tật"
    )
    response = action(desk, exempt, "exemption", verified=False, note="Thiếu giấy")
    assert response.status_code == 200
    exempt.refresh_from_db()
    assert exempt.fee_exemption == ""
    note = exempt.events.get(action="note")
    assert note.payload == {
        "exemption_verified": False,
        "exemption": "Người khuyết tật",
    }
    assert note.public is True
    again = action(desk, exempt, "exemption", verified=True)
    assert again.status_code == 400
    assert action(desk, exempt, "exemption").status_code == 400  # no answer
