"""The processing panel on the dossier page and the action pages behind it."""

from datetime import date

from django.test import Client

import pytest

from motcua.accounts.domain import Role
from motcua.accounts.tests.factories import AgencyFactory, UserFactory
from motcua.dossiers.domain import Status
from motcua.dossiers.services.reception import ApplicantData, DocumentReceipt
from motcua.dossiers.tests.factories import staff_member
from motcua.workflow import services
from motcua.workflow.queries import open_task

pytestmark = pytest.mark.django_db


def received(agency, officer, version, *, name="Nguyễn Văn An", pid="080090000123"):
    return services.receive(
        officer=officer,
        agency=agency,
        procedure_version=version,
        applicant=ApplicantData(
            full_name=name,
            personal_id=pid,
            date_of_birth=date(1990, 5, 17),
            address="Ấp 3, thị trấn Tân Thạnh",
            phone="0912345678",
        ),
        documents=[
            DocumentReceipt(required_document_id=p.pk, originals=1)
            for p in version.documents.all()
        ],
    )


@pytest.fixture
def dossier(agency, officer, version):
    return received(agency, officer, version)


@pytest.fixture
def specialist(agency):
    return staff_member(
        agency, Role.SPECIALIST, username="chuyenvien", full_name="Lê Văn Bình"
    )


@pytest.fixture
def leader(agency):
    return staff_member(agency, Role.LEADER, username="lanhdao")


def url(dossier, action):
    return f"/can-bo/ho-so/{dossier.code}/xu-ly/{action}/"


def page(client, dossier):
    return client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()


def post(client, dossier, action, **data):
    task = open_task(dossier)
    return client.post(url(dossier, action), {"task": task.pk, **data})


def forwarded(desk_client, dossier):
    response = post(desk_client, dossier, "forward")
    assert response.status_code == 302, response.content.decode()[:2000]
    dossier.refresh_from_db()
    return dossier


def test_the_dossier_page_shows_the_step_and_the_desk_actions(desk_client, dossier):
    html = page(desk_client, dossier)
    task = open_task(dossier)
    assert 'id="xu-ly"' in html
    assert task.step.name in html
    assert url(dossier, "forward") in html
    assert url(dossier, "stop") in html
    assert url(dossier, "approve") not in html


def test_forward_moves_the_dossier_to_the_specialist(desk_client, dossier, specialist):
    response = post(desk_client, dossier, "forward", note="Đủ giấy tờ")
    assert response.status_code == 302
    dossier.refresh_from_db()
    task = open_task(dossier)
    assert task.role == Role.SPECIALIST
    assert dossier.status == Status.IN_PROGRESS
    followed = desk_client.get(response["Location"]).content.decode()
    assert "Đã chuyển hồ sơ sang bước tiếp theo." in followed
    client = Client()
    client.force_login(specialist)
    html = page(client, dossier)
    assert "Đủ giấy tờ" in html  # the note handed over with the dossier
    assert ">forward<" not in html  # the timeline names the activity


def test_a_specialist_takes_up_and_sends_back_with_a_reason(
    desk_client, dossier, specialist
):
    forwarded(desk_client, dossier)
    client = Client()
    client.force_login(specialist)
    assert url(dossier, "claim") in page(client, dossier)
    assert post(client, dossier, "claim").status_code == 302
    assert open_task(dossier).assignee == specialist

    refused = post(client, dossier, "send_back", reason="")
    assert refused.status_code == 400
    assert "Nêu lý do trả lại hồ sơ." in refused.content.decode()

    done = post(client, dossier, "send_back", reason="Thiếu chữ ký")
    assert done.status_code == 302
    assert open_task(dossier).role == Role.DESK_OFFICER


def test_supplement_pauses_then_the_desk_records_it(desk_client, dossier, specialist):
    forwarded(desk_client, dossier)
    client = Client()
    client.force_login(specialist)
    response = post(
        client,
        dossier,
        "request_supplement",
        reason="Hồ sơ chưa đủ",
        items="Bản sao giấy chứng sinh\nGiấy xác nhận cư trú",
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.AWAITING_SUPPLEMENT

    html = page(desk_client, dossier)
    record = f"/can-bo/ho-so/{dossier.code}/xu-ly/ghi-nhan/supplement/"
    assert record in html
    assert "Giấy xác nhận cư trú" in html  # the desk sees what to collect
    form = desk_client.get(record)
    assert form.status_code == 200
    assert "Bản sao giấy chứng sinh" in form.content.decode()
    done = desk_client.post(record, {"note": "Đã bổ sung giấy chứng sinh"})
    assert done.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_PROGRESS


def test_fees_are_requested_then_recorded(desk_client, dossier, specialist):
    forwarded(desk_client, dossier)
    client = Client()
    client.force_login(specialist)
    assert post(client, dossier, "request_fees", amount="abc").status_code == 400
    assert post(client, dossier, "request_fees", amount="50000").status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.AWAITING_FEES
    record = f"/can-bo/ho-so/{dossier.code}/xu-ly/ghi-nhan/fees/"
    assert desk_client.post(record, {"amount": "0"}).status_code == 400
    assert desk_client.post(record, {"amount": "50000"}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_PROGRESS


def test_stop_needs_reasons(desk_client, dossier, specialist):
    forwarded(desk_client, dossier)
    client = Client()
    client.force_login(specialist)
    assert post(client, dossier, "stop", reasons="").status_code == 400
    assert (
        post(client, dossier, "stop", reasons="Không đủ điều kiện").status_code == 302
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.STOPPED
    assert open_task(dossier) is None


def test_a_leader_assigns_to_a_colleague(desk_client, dossier, specialist, leader):
    forwarded(desk_client, dossier)
    client = Client()
    client.force_login(leader)
    form = client.get(url(dossier, "assign"))
    assert form.status_code == 200
    assert "Lê Văn Bình" in form.content.decode()
    assert post(client, dossier, "assign", assignee=specialist.pk).status_code == 302
    assert open_task(dossier).assignee == specialist


def test_a_stale_page_gets_the_concurrency_message(desk_client, dossier, specialist):
    old = open_task(dossier).pk
    forwarded(desk_client, dossier)
    response = desk_client.post(url(dossier, "forward"), {"task": old}, follow=True)
    assert "vừa được cán bộ khác xử lý" in response.content.decode()


def test_a_wrong_role_is_refused(dossier, specialist):
    client = Client()
    client.force_login(specialist)
    assert url(dossier, "forward") not in page(client, dossier)
    response = post(client, dossier, "forward")
    assert response.status_code == 403
    assert open_task(dossier).role == Role.DESK_OFFICER


def test_another_agency_does_not_see_the_dossier(dossier):
    other = AgencyFactory(code="000.05.26.H39")
    client = Client()
    client.force_login(staff_member(other, Role.DESK_OFFICER, username="other"))
    assert post(client, dossier, "forward").status_code == 404


def test_anonymous_and_citizens_are_kept_out(dossier):
    client = Client()
    assert post(client, dossier, "forward").status_code == 302
    client.force_login(UserFactory(username="citizen"))
    assert post(client, dossier, "forward").status_code == 403


def test_an_unknown_action_is_not_found(desk_client, dossier):
    assert desk_client.post(url(dossier, "dance"), {}).status_code == 404


def test_reception_starts_the_workflow(desk_client, dossier):
    task = open_task(dossier)
    assert task is not None
    assert task.role == Role.DESK_OFFICER
