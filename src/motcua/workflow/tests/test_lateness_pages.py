"""The board, the apology and the slip through the back office and the API."""

import base64
import io

import pytest
import time_machine
from pypdf import PdfReader

from motcua.accounts.domain import Role
from motcua.accounts.tests.factories import AgencyFactory, UnitFactory, levels
from motcua.dossiers.tests.factories import staff_member
from motcua.workflow.models import Apology

from .lateness_helpers import District, leg, local, task

pytestmark = pytest.mark.django_db

RECEIVED = local(2026, 11, 16, 8, 0)  # Monday
NOW = local(2026, 11, 19, 10, 0)  # Thursday


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def district():
    return District()


@pytest.fixture
def dossiers(district):
    late = district.dossier(received_at=RECEIVED, due_at=local(2026, 11, 18, 10))
    risky = district.dossier(received_at=RECEIVED, due_at=local(2026, 11, 20, 9))
    calm = district.dossier(received_at=RECEIVED, due_at=local(2026, 11, 27, 9))
    step = task(
        calm,
        leg(calm),
        arrived_at=RECEIVED,
        due_at=local(2026, 11, 18, 15),
        assignee=district.specialist,
    )
    return {"late": late, "risky": risky, "calm": calm, "step": step}


def text_of(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(p.extract_text().split()) for p in pages)


def test_the_board_lists_late_and_at_risk_work_for_a_leader(client, district, dossiers):
    client.force_login(district.leader)
    page = client.get("/can-bo/canh-bao/")
    assert page.status_code == 200
    board = page.context["board"]
    assert [d.code for d in board.late] == [dossiers["late"].code]
    assert [d.code for d in board.at_risk] == [dossiers["risky"].code]
    assert [t.pk for t in board.late_steps] == [dossiers["step"].pk]
    assert board.totals == {"late": 1, "at_risk": 1, "late_steps": 1}
    html = page.content.decode()
    assert dossiers["late"].code in html
    assert "Lê Văn Cường" in html  # who holds the late step
    assert 'href="/can-bo/canh-bao/"' in html  # the nav link


def test_the_board_is_for_leaders_and_monitors_only(client, district, dossiers):
    client.force_login(district.specialist)
    assert client.get("/can-bo/canh-bao/").status_code == 403
    assert 'href="/can-bo/canh-bao/"' not in client.get("/can-bo/").content.decode()


def test_a_monitor_above_sees_the_agencies_below(client, district, dossiers):
    province = AgencyFactory(code="000.00.00.H39", name="UBND tỉnh Long An")
    district.agency.parent = province
    district.agency.save()
    other = District("000.00.26.H39")  # not below the province
    other.dossier(received_at=RECEIVED, due_at=local(2026, 11, 18, 10))
    monitor = staff_member(province, Role.MONITOR, username="giamsat")
    client.force_login(monitor)
    page = client.get("/can-bo/canh-bao/")
    board = page.context["board"]
    assert [d.code for d in board.late] == [dossiers["late"].code]
    assert [c.agency.code for c in board.counts] == [district.agency.code]
    narrowed = client.get("/can-bo/canh-bao/", {"co-quan": district.agency.code})
    assert narrowed.context["chosen"] == district.agency


def test_a_provincial_monitor_sees_the_committees_of_the_units_below(
    client, district, dossiers
):
    # given: the district's unit lies in the province; no agency link
    level = levels()
    province_unit = UnitFactory(code="80", kind="tinh", level=level["province"])
    unit = district.agency.unit
    unit.parent, unit.level = province_unit, level["district"]
    unit.save()
    province = AgencyFactory(
        code="000.00.00.H39", kind="province_pc", unit=province_unit
    )
    department = AgencyFactory(
        code="000.00.02.H39", kind="department", unit=province_unit
    )
    # when
    client.force_login(staff_member(province, Role.MONITOR, username="giamsat"))
    board = client.get("/can-bo/canh-bao/").context["board"]
    # then
    assert board.totals == {"late": 1, "at_risk": 1, "late_steps": 1}
    # A department's monitor does not see the committees of its province.
    client.force_login(staff_member(department, Role.MONITOR, username="stp"))
    totals = client.get("/can-bo/canh-bao/").context["board"].totals
    assert totals == {"late": 0, "at_risk": 0, "late_steps": 0}


def test_the_leader_issues_the_apology_from_the_dossier_page(
    client, district, dossiers
):
    dossier = dossiers["risky"]
    client.force_login(district.leader)
    page = client.get(f"/can-bo/ho-so/{dossier.code}/")
    html = page.content.decode()
    assert f'action="/can-bo/ho-so/{dossier.code}/xin-loi/"' in html
    assert f"/can-bo/ho-so/{dossier.code}/phieu-kiem-soat.pdf" in html
    answer = client.post(
        f"/can-bo/ho-so/{dossier.code}/xin-loi/",
        {"reason": "Chờ kết quả xác minh", "new_date": "2026-11-27"},
    )
    assert answer.status_code == 302
    apology = Apology.objects.get(dossier=dossier)
    assert apology.new_due_at == local(2026, 11, 27, 17, 0)
    page = client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    assert "/mau/apology.pdf" in page
    assert "xin-loi/" not in page  # no second apology
    again = client.post(
        f"/can-bo/ho-so/{dossier.code}/xin-loi/",
        {"reason": "Lần nữa", "new_date": "2026-12-04"},
    )
    assert again.status_code == 400
    assert Apology.objects.filter(dossier=dossier).count() == 1
    pdf = client.get(f"/can-bo/ho-so/{dossier.code}/mau/apology.pdf")
    assert "Chờ kết quả xác minh" in text_of(pdf.content)


def test_the_apology_form_refuses_a_bad_date(client, district, dossiers):
    client.force_login(district.leader)
    answer = client.post(
        f"/can-bo/ho-so/{dossiers['risky'].code}/xin-loi/",
        {"reason": "Lý do", "new_date": "2026-11-28"},  # a Saturday
    )
    assert answer.status_code == 400
    assert not Apology.objects.exists()


def test_a_desk_officer_may_not_apologise(client, district, dossiers):
    client.force_login(district.desk)
    code = dossiers["risky"].code
    assert (
        f"/can-bo/ho-so/{code}/xin-loi/"
        not in client.get(f"/can-bo/ho-so/{code}/").content.decode()
    )
    answer = client.post(
        f"/can-bo/ho-so/{code}/xin-loi/", {"reason": "x", "new_date": "2026-11-27"}
    )
    assert answer.status_code == 403


def test_the_control_slip_downloads_as_pdf(client, district, dossiers):
    client.force_login(district.desk)
    answer = client.get(f"/can-bo/ho-so/{dossiers['calm'].code}/phieu-kiem-soat.pdf")
    assert answer["Content-Type"] == "application/pdf"
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text_of(answer.content)
    stranger = staff_member(AgencyFactory(), Role.LEADER, username="stranger")
    client.force_login(stranger)
    assert (
        client.get(
            f"/can-bo/ho-so/{dossiers['calm'].code}/phieu-kiem-soat.pdf"
        ).status_code
        == 404
    )


def basic(user) -> dict:
    token = base64.b64encode(f"{user.username}:motcua@2026".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def test_the_board_api(client, district, dossiers):
    answer = client.get("/api/v1/board", **basic(district.leader))
    assert answer.status_code == 200
    data = answer.json()
    assert data["totals"] == {"late": 1, "at_risk": 1, "late_steps": 1}
    assert data["late"][0]["code"] == dossiers["late"].code
    assert data["late_steps"][0]["handler"] == "Lê Văn Cường"
    assert data["counts"][0]["agency"] == district.agency.code
    assert client.get("/api/v1/board", **basic(district.desk)).status_code == 403
    assert client.get("/api/v1/board").status_code == 401
    unknown = client.get("/api/v1/board?agency=000.99.99.H39", **basic(district.leader))
    assert unknown.status_code == 404


def test_the_apology_api_once_only(client, district, dossiers):
    url = f"/api/v1/dossiers/{dossiers['risky'].code}/apology"
    body = {"reason": "Chờ xác minh", "new_date": "2026-11-27"}
    first = client.post(
        url, body, content_type="application/json", **basic(district.leader)
    )
    assert first.status_code == 201
    assert first.json()["timely"] is False  # due tomorrow 9:00: less than a day
    assert first.json()["new_due_at"].startswith("2026-11-27T17:00")
    second = client.post(
        url, body, content_type="application/json", **basic(district.leader)
    )
    assert second.status_code == 409
    forbidden = client.post(
        f"/api/v1/dossiers/{dossiers['late'].code}/apology",
        body,
        content_type="application/json",
        **basic(district.desk),
    )
    assert forbidden.status_code == 403
    bad = client.post(
        f"/api/v1/dossiers/{dossiers['late'].code}/apology",
        {"reason": "", "new_date": "27/11/2026"},
        content_type="application/json",
        **basic(district.leader),
    )
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"reason", "new_date"}


def test_the_control_slip_api(client, district, dossiers):
    answer = client.get(
        f"/api/v1/dossiers/{dossiers['calm'].code}/control-slip",
        **basic(district.specialist),
    )
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
