"""Whole paths through the processing pages: result, transfer, 4 on the spot."""

from django.test import Client

import pytest

from motcua.accounts.models import RoleAssignment
from motcua.dossiers.domain import Status
from motcua.dossiers.models import Dossier
from motcua.results import services as results
from motcua.workflow import services
from motcua.workflow.models import DossierTask
from motcua.workflow.tests.world import build_world, procedure, reception_kwargs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pki(settings, tmp_path):
    settings.MOTCUA_PKI_DIR = tmp_path / "pki"
    settings.MOTCUA_DEV_PKI = True
    settings.MOTCUA_PKI_TRUST_ROOTS = []
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db):
    return build_world()


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def task_of(dossier):
    return DossierTask.objects.filter(dossier=dossier, state="open").first()


def act(user, dossier, action, **data):
    task = task_of(dossier)
    response = as_user(user).post(
        f"/can-bo/ho-so/{dossier.code}/xu-ly/{action}/", {"task": task.pk, **data}
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    dossier.refresh_from_db()
    return response


def test_desk_specialist_leader_clerk_and_back_to_the_desk(world):
    office = world.district
    dossier = services.receive(**reception_kwargs(office, procedure(), at=None))
    act(office.desk, dossier, "forward")
    act(office.specialist, dossier, "forward", note="Đủ điều kiện")
    act(office.leader, dossier, "approve", note="Đồng ý")
    assert task_of(dossier).step.key == "sign"
    page = as_user(office.leader).get(f"/can-bo/ho-so/{dossier.code}/")
    assert f"/can-bo/ho-so/{dossier.code}/xu-ly/sign/" in page.content.decode()
    act(office.leader, dossier, "sign")
    assert results.latest_result(dossier).state == "signed"
    act(office.clerk, dossier, "issue")
    assert dossier.status == Status.RESOLVED
    desk = as_user(office.desk)
    url = f"/can-bo/ho-so/{dossier.code}/xu-ly/return_result/"
    task = task_of(dossier)
    refused = desk.post(url, {"task": task.pk, "method": "desk"})
    assert refused.status_code == 400
    assert "Ghi họ tên người nhận kết quả." in refused.content.decode()
    done = desk.post(
        url,
        {
            "task": task.pk,
            "method": "desk",
            "receiver_name": "Nguyễn Văn An",
            "receiver_personal_id": "080090000123",
            "id_checked": "on",
        },
    )
    assert done.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED
    page = desk.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    assert "Không có bước nào đang chờ xử lý." in page


def test_a_commune_transfers_to_the_district_which_sends_it_back(world):
    version = procedure("1.004859", level="commune", functions=("commune_pc",))
    commune, district = world.commune, world.district
    dossier = services.receive(**reception_kwargs(commune, version, at=None))
    act(commune.desk, dossier, "forward")
    form = as_user(commune.specialist).get(
        f"/can-bo/ho-so/{dossier.code}/xu-ly/transfer/"
    )
    assert district.agency.name in form.content.decode()
    act(
        commune.specialist,
        dossier,
        "transfer",
        to_agency=district.agency.code,
        note="Đề nghị xác minh",
    )
    assert task_of(dossier).agency == district.agency

    # The district's specialist finds it in the inbox and opens the dossier.
    inbox = as_user(district.specialist).get("/can-bo/viec-can-lam/").content.decode()
    assert dossier.code in inbox
    page = as_user(district.specialist).get(f"/can-bo/ho-so/{dossier.code}/")
    assert page.status_code == 200
    act(district.specialist, dossier, "forward")
    refused = as_user(district.leader).post(
        f"/can-bo/ho-so/{dossier.code}/xu-ly/return_transfer/",
        {"task": task_of(dossier).pk, "reason": ""},
    )
    assert refused.status_code == 400
    act(district.leader, dossier, "complete_transfer", note="Đã xác minh")
    task = task_of(dossier)
    assert task.agency == commune.agency
    html = as_user(commune.specialist).get(f"/can-bo/ho-so/{dossier.code}/")
    text = html.content.decode()
    assert district.agency.name in text  # the legs table
    assert "Đã xong" in text or "Hoàn thành" in text


def test_four_on_the_spot_from_the_screen(world):
    office = world.commune
    version = procedure(
        "1.001193",
        level="commune",
        functions=("commune_pc",),
        amount=0,
        unit="same_day",
        on_the_spot=True,
    )
    RoleAssignment.objects.create(user=office.desk, agency=office.agency, role="leader")
    client = as_user(office.desk)
    listing = client.get("/can-bo/mot-cua-tai-cho/").content.decode()
    assert version.name in listing
    data = {
        "thu_tuc": version.pk,
        "outcome": "spot",
        "kind": "person",
        "full_name": "Nguyễn Văn An",
        "personal_id": "080090000123",
        "date_of_birth": "17/05/1990",
        "address": "Ấp 3",
        "phone": "0912345678",
        "sets": "1",
        "delivery_method": "desk",
        "appraisal": "Đủ điều kiện, giải quyết ngay",
        "receiver_name": "Nguyễn Văn An",
        "id_checked": "on",
    }
    for paper in version.documents.all():
        data[f"doc_{paper.pk}"] = "on"
        data[f"doc_{paper.pk}_originals"] = "1"
        data[f"doc_{paper.pk}_copies"] = "0"
    missing = client.post("/can-bo/mot-cua-tai-cho/", {**data, "id_checked": ""})
    assert missing.status_code == 400
    response = client.post("/can-bo/mot-cua-tai-cho/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    done = client.get(response["Location"]).content.decode()
    code = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    dossier = Dossier.objects.get(code=code)
    assert "Đã giải quyết tại chỗ" in done
    assert "Đã trả kết quả" in done or "Trả kết quả" in done
    assert dossier.status == Status.RETURNED
    assert results.latest_result(dossier).state == "issued"


def test_a_procedure_not_on_the_spot_is_not_offered(world):
    office = world.district
    version = procedure()
    client = as_user(office.desk)
    assert version.name not in client.get("/can-bo/mot-cua-tai-cho/").content.decode()
    response = client.get(f"/can-bo/mot-cua-tai-cho/?thu_tuc={version.pk}")
    assert response.status_code == 404
