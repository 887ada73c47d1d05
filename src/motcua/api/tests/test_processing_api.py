"""The processing endpoints: inbox, tasks, every action, desk records, 4 on the spot."""

import base64

import pytest
from rest_framework.test import APIClient

from motcua.accounts.tests.factories import UserFactory
from motcua.dossiers.domain import Status
from motcua.workflow import services
from motcua.workflow.models import DossierTask
from motcua.workflow.tests.world import build_world, procedure, reception_kwargs

pytestmark = pytest.mark.django_db

PASSWORD = "mật-khẩu-thử-2026"


@pytest.fixture
def world(db):
    world = build_world()
    for office in (world.district, world.commune, world.centre):
        for user in office.staff.values():
            user.set_password(PASSWORD)
            user.save()
    return world


@pytest.fixture
def version(world):
    return procedure()


@pytest.fixture
def dossier(world, version):
    return services.receive(**reception_kwargs(world.district, version, at=None))


def client_for(user):
    client = APIClient()
    token = base64.b64encode(f"{user.username}:{PASSWORD}".encode()).decode()
    client.credentials(HTTP_AUTHORIZATION=f"Basic {token}", HTTP_ACCEPT_LANGUAGE="vi")
    return client


def open_task(dossier):
    return DossierTask.objects.filter(dossier=dossier, state="open").first()


def act(user, dossier, action, **body):
    task = open_task(dossier)
    return client_for(user).post(
        f"/api/v1/dossiers/{dossier.code}/actions/{action}",
        {"task": task.pk if task else None, **body},
        format="json",
    )


def test_the_inbox_lists_the_desk_task(world, dossier):
    response = client_for(world.district.desk).get("/api/v1/inbox")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["dossier"] for r in rows] == [dossier.code]
    row = rows[0]
    assert row["step"] == "receive"
    assert row["applicant"] == "Nguyễn Văn An"
    assert row["urgency"] in {"late", "due_today", "due_soon", "later", "none"}
    assert row["dossier_due_at"]


def test_the_inbox_filters_and_refuses_a_foreign_agency(world, dossier):
    desk = client_for(world.district.desk)
    assert desk.get("/api/v1/inbox", {"q": "nguyen van"}).json()["count"] == 1
    assert desk.get("/api/v1/inbox", {"q": "khong co"}).json()["count"] == 0
    assert (
        desk.get("/api/v1/inbox", {"agency": world.commune.agency.code}).status_code
        == 403
    )
    bad = desk.get("/api/v1/inbox", {"urgency": "soon-ish"})
    assert bad.status_code == 400
    assert "urgency" in bad.json()["errors"]


def test_the_tasks_endpoint_shows_the_open_step_and_actions(world, dossier):
    response = client_for(world.district.desk).get(
        f"/api/v1/dossiers/{dossier.code}/tasks"
    )
    assert response.status_code == 200
    data = response.json()
    assert data["open_task"]["step"] == "receive"
    assert "forward" in [a["action"] for a in data["allowed_actions"]]
    assert data["legs"][0]["agency"] == world.district.agency.code


def test_a_dossier_goes_from_the_desk_to_the_specialist_and_back(world, dossier):
    forwarded = act(world.district.desk, dossier, "forward", note="Đủ")
    assert forwarded.status_code == 200, forwarded.json()
    assert forwarded.json()["open_task"]["step"] == "appraise"
    specialist = world.district.specialist
    assert act(specialist, dossier, "claim").status_code == 200
    assert open_task(dossier).assignee == specialist
    refused = act(specialist, dossier, "send_back", reason="")
    assert refused.status_code == 400
    assert "reason" in refused.json()["errors"]
    back = act(specialist, dossier, "send_back", reason="Thiếu chữ ký")
    assert back.status_code == 200
    assert back.json()["open_task"]["step"] == "receive"


def test_supplement_and_fees_at_the_desk(world, dossier):
    act(world.district.desk, dossier, "forward")
    specialist = world.district.specialist
    asked = act(
        specialist,
        dossier,
        "request_supplement",
        reason="Chưa đủ",
        items=["Giấy chứng sinh"],
    )
    assert asked.status_code == 200, asked.json()
    dossier.refresh_from_db()
    assert dossier.status == Status.AWAITING_SUPPLEMENT
    assert act(specialist, dossier, "request_fees", amount=50000).status_code == 403
    desk = client_for(world.district.desk)
    fees_too_early = desk.post(
        f"/api/v1/dossiers/{dossier.code}/fees", {"amount": 1}, format="json"
    )
    assert fees_too_early.status_code == 409
    recorded = desk.post(
        f"/api/v1/dossiers/{dossier.code}/supplement",
        {"note": "Đã bổ sung"},
        format="json",
    )
    assert recorded.status_code == 200, recorded.json()
    assert recorded.json()["status"] == Status.IN_PROGRESS
    assert act(specialist, dossier, "request_fees", amount=50000).status_code == 200
    paid = desk.post(
        f"/api/v1/dossiers/{dossier.code}/fees", {"amount": 50000}, format="json"
    )
    assert paid.status_code == 200
    assert paid.json()["status"] == Status.IN_PROGRESS


def test_refusals_wrong_role_other_agency_stale_and_anonymous(world, dossier):
    assert act(world.district.specialist, dossier, "forward").status_code == 403
    assert act(world.commune.desk, dossier, "forward").status_code == 404
    stale = open_task(dossier).pk
    act(world.district.desk, dossier, "forward")
    conflict = client_for(world.district.specialist).post(
        f"/api/v1/dossiers/{dossier.code}/actions/claim",
        {"task": stale},
        format="json",
    )
    assert conflict.status_code == 409
    anonymous = APIClient().post(
        f"/api/v1/dossiers/{dossier.code}/actions/claim", {}, format="json"
    )
    assert anonymous.status_code == 401
    citizen = UserFactory(username="dan")
    citizen.set_password(PASSWORD)
    citizen.save()
    assert act(citizen, dossier, "claim").status_code == 404
    assert client_for(citizen).get("/api/v1/inbox").status_code == 403


def test_a_leader_assigns_and_stop_ends_the_dossier(world, dossier):
    act(world.district.desk, dossier, "forward")
    leader = world.district.leader
    unknown = act(leader, dossier, "assign", assignee="nobody")
    assert unknown.status_code == 400
    assigned = act(
        leader, dossier, "assign", assignee=world.district.specialist.username
    )
    assert assigned.status_code == 200
    assert open_task(dossier).assignee == world.district.specialist
    stopped = act(
        world.district.specialist, dossier, "stop", reasons="Không đủ điều kiện"
    )
    assert stopped.status_code == 200
    assert stopped.json()["status"] == Status.STOPPED
    assert stopped.json()["open_task"] is None


@pytest.fixture
def pki(settings, tmp_path):
    settings.MOTCUA_PKI_DIR = tmp_path / "pki"
    settings.MOTCUA_DEV_PKI = True
    settings.MOTCUA_PKI_TRUST_ROOTS = []
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_whole_path_to_the_returned_result(world, dossier, pki):
    office = world.district
    assert act(office.desk, dossier, "forward").status_code == 200
    assert act(office.specialist, dossier, "forward").status_code == 200
    assert act(office.leader, dossier, "approve", note="Đồng ý").status_code == 200
    signed = act(office.leader, dossier, "sign")
    assert signed.status_code == 200, signed.json()
    assert act(office.clerk, dossier, "issue").status_code == 200
    incomplete = act(office.desk, dossier, "return_result", delivery={})
    assert incomplete.status_code == 400
    assert "delivery.method" in incomplete.json()["errors"]
    returned = act(
        office.desk,
        dossier,
        "return_result",
        delivery={
            "method": "desk",
            "receiver_name": "Nguyễn Văn An",
            "receiver_personal_id": "080090000123",
            "id_checked": True,
        },
    )
    assert returned.status_code == 200, returned.json()
    assert returned.json()["status"] == Status.RETURNED
    assert returned.json()["legs"][0]["outcome"] == "done"


def test_transfer_to_the_district_and_complete(world):
    version = procedure("1.004859", level="commune", functions=("commune_pc",))
    dossier = services.receive(**reception_kwargs(world.commune, version, at=None))
    act(world.commune.desk, dossier, "forward")
    unknown = act(world.commune.specialist, dossier, "transfer", to_agency="x.y")
    assert unknown.status_code == 400
    moved = act(
        world.commune.specialist,
        dossier,
        "transfer",
        to_agency=world.district.agency.code,
        note="Xác minh",
    )
    assert moved.status_code == 200, moved.json()
    district = client_for(world.district.specialist)
    inbox = district.get("/api/v1/inbox").json()
    assert [r["dossier"] for r in inbox["results"]] == [dossier.code]
    assert district.get(f"/api/v1/dossiers/{dossier.code}/tasks").status_code == 200
    # The cooperating agency reads the dossier itself, not only its steps;
    # an agency with no part in it still gets a 404.
    read = district.get(f"/api/v1/dossiers/{dossier.code}")
    assert (read.status_code, read.json()["code"]) == (200, dossier.code)
    outsider = client_for(world.centre.desk).get(f"/api/v1/dossiers/{dossier.code}")
    assert outsider.status_code == 404
    assert act(world.district.specialist, dossier, "forward").status_code == 200
    done = act(world.district.leader, dossier, "complete_transfer")
    assert done.status_code == 200, done.json()
    legs = done.json()["legs"]
    assert [leg["agency"] for leg in legs] == [
        world.commune.agency.code,
        world.district.agency.code,
    ]
    assert legs[1]["outcome"] == "done"
    assert legs[1]["used_minutes"] is not None


def test_on_the_spot(world, pki):
    from motcua.accounts.models import RoleAssignment

    office = world.commune
    version = procedure(
        "1.001193",
        level="commune",
        functions=("commune_pc",),
        amount=0,
        unit="same_day",
        on_the_spot=True,
    )
    body = {
        "agency": office.agency.code,
        "procedure": "1.001193",
        "applicant": {
            "full_name": "Nguyễn Văn An",
            "personal_id": "080090000123",
            "date_of_birth": "1990-05-17",
            "address": "Ấp 3",
            "phone": "0912345678",
        },
        "documents": [
            {"required_document": d.pk, "originals": 1} for d in version.documents.all()
        ],
    }
    refused = client_for(office.desk).post("/api/v1/on-the-spot", body, format="json")
    assert refused.status_code == 400
    assert "lãnh đạo" in refused.json()["detail"].lower()
    RoleAssignment.objects.create(user=office.desk, agency=office.agency, role="leader")
    done = client_for(office.desk).post("/api/v1/on-the-spot", body, format="json")
    assert done.status_code == 201, done.json()
    assert done.json()["status"] == Status.RETURNED
