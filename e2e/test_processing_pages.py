"""The processing pages in a browser: inbox, processing panel, action page, 4 on the spot.

Each page is shot at 360 px and 1280 px into var/screenshots/ and checked
with axe-core for serious or critical problems.
"""

from datetime import date

import pytest
from playwright.sync_api import expect

from e2e.browsing import DESKTOP, PASSWORD, PHONE, serious_violations, shoot, sign_in
from motcua.accounts.domain import Role
from motcua.dossiers.services.reception import ApplicantData, DocumentReceipt
from motcua.workflow import services
from motcua.workflow.models import DossierTask
from motcua.workflow.tests.world import build_world, procedure


@pytest.fixture
def office(transactional_db, settings, tmp_path, live_server):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MOTCUA_PKI_DIR = tmp_path / "pki"
    settings.MOTCUA_DEV_PKI = True
    settings.MOTCUA_PKI_TRUST_ROOTS = []
    settings.MOTCUA_PUBLIC_URL = live_server.url
    world = build_world()
    for user in world.district.staff.values():
        user.set_password(PASSWORD)
        user.save()
    version = procedure()
    spot = procedure("1.000001", on_the_spot=True)
    dossiers = []
    for i, name in enumerate(["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường"]):
        dossiers.append(
            services.receive(
                officer=world.district.desk,
                agency=world.district.agency,
                procedure_version=version,
                applicant=ApplicantData(
                    full_name=name,
                    personal_id=f"08009000012{i}",
                    date_of_birth=date(1990, 5, 17),
                    address="Ấp 3, thị trấn Tân Thạnh",
                    phone="0912345678",
                ),
                documents=[
                    DocumentReceipt(required_document_id=p.pk, originals=1)
                    for p in version.documents.all()
                ],
            )
        )
    return {"world": world, "version": version, "spot": spot, "dossiers": dossiers}


def test_the_desk_forwards_and_the_specialist_works_from_the_inbox(
    live_server, office, open_page, screenshot
):
    world, dossier = office["world"], office["dossiers"][0]
    page = open_page(DESKTOP)
    sign_in(page, live_server, world.district.desk.username)

    page.goto(live_server.url + "/can-bo/viec-can-lam/")
    assert page.locator("table.inbox-table tbody tr").count() == 3
    assert page.locator("nav .nav-count").first.inner_text().startswith("3")
    shoot(page, screenshot, "inbox-desk")
    assert serious_violations(page) == []

    # Search without diacritics refreshes the table (htmx).
    page.fill("#id_q", "tran thi binh")
    expect(page.locator("table.inbox-table tbody tr")).to_have_count(1)
    assert "Trần Thị Bình" in page.inner_text("#inbox-results")

    page.goto(f"{live_server.url}/can-bo/ho-so/{dossier.code}/")
    assert page.locator("#xu-ly").is_visible()
    shoot(page, screenshot, "dossier-workflow-desk")
    assert serious_violations(page) == []
    forward = page.locator("details.workflow__action").filter(
        has=page.locator("form[action$='/xu-ly/forward/']")
    )
    forward.locator("summary").click()
    forward.locator("button[type=submit]").click()
    assert "Đã chuyển hồ sơ sang bước tiếp theo." in page.inner_text(".flash")

    specialist = open_page(DESKTOP)
    sign_in(specialist, live_server, world.district.specialist.username)
    specialist.goto(live_server.url + "/can-bo/viec-can-lam/")
    specialist.click(f"button[aria-label='Nhận xử lý {dossier.code}']")
    assert "Bạn đã nhận xử lý hồ sơ." in specialist.inner_text(".flash")
    shoot(specialist, screenshot, "inbox-specialist")

    specialist.goto(f"{live_server.url}/can-bo/ho-so/{dossier.code}/xu-ly/send_back/")
    specialist.click("form.narrow-form button[type=submit]")
    assert "Nêu lý do trả lại hồ sơ." in specialist.inner_text("#error-summary")
    shoot(specialist, screenshot, "action-send-back-refused")
    assert serious_violations(specialist) == []

    specialist.goto(
        f"{live_server.url}/can-bo/ho-so/{dossier.code}/xu-ly/request_supplement/"
    )
    specialist.fill("textarea[name=items]", "Bản sao giấy chứng sinh\nSổ hộ khẩu")
    specialist.click("form.narrow-form button[type=submit]")
    assert DossierTask.objects.filter(dossier=dossier, state="open").exists()

    page.goto(f"{live_server.url}/can-bo/ho-so/{dossier.code}/")
    shoot(page, screenshot, "dossier-awaiting-supplement")
    page.click("text=Ghi nhận hồ sơ bổ sung")
    page.fill("textarea[name=note]", "Đã nộp bản sao giấy chứng sinh")
    shoot(page, screenshot, "desk-record-supplement")
    assert serious_violations(page) == []
    page.click("form.narrow-form button[type=submit]")
    assert "thời gian giải quyết được tính tiếp" in page.inner_text(".flash")


def test_the_leader_sees_assign_and_the_legs(
    live_server, office, open_page, screenshot
):
    world, dossier = office["world"], office["dossiers"][1]
    task = DossierTask.objects.get(dossier=dossier, state="open")
    services.forward(task, user=world.district.desk)
    page = open_page(PHONE)
    sign_in(page, live_server, world.district.leader.username)
    page.goto(f"{live_server.url}/can-bo/ho-so/{dossier.code}/")
    assert page.locator("text=Phân công cho đồng nghiệp").count() >= 1
    shoot(page, screenshot, "dossier-workflow-leader")
    assert serious_violations(page) == []
    assert Role.LEADER


def test_four_on_the_spot_screen(live_server, office, open_page, screenshot):
    world = office["world"]
    page = open_page(DESKTOP)
    sign_in(page, live_server, world.district.desk.username)
    page.goto(live_server.url + "/can-bo/mot-cua-tai-cho/")
    shoot(page, screenshot, "on-the-spot-list")
    assert serious_violations(page) == []
    page.goto(f"{live_server.url}/can-bo/mot-cua-tai-cho/?thu_tuc={office['spot'].pk}")
    shoot(page, screenshot, "on-the-spot-form")
    assert serious_violations(page) == []
    # The officer also holds the leader's delegation: decide it now.
    from motcua.accounts.models import RoleAssignment

    RoleAssignment.objects.create(
        user=world.district.desk, agency=world.district.agency, role=Role.LEADER
    )
    page.get_by_label("Họ và tên", exact=True).first.fill("Phạm Thị Dung")
    page.get_by_label("Số định danh cá nhân (12 chữ số)").fill("080191000456")
    page.get_by_label("Ngày sinh (dd/mm/yyyy)").fill("02/03/1991")
    for box in page.locator("ol.papers input[type=checkbox]").all():
        box.check()
    page.get_by_label("Ý kiến thẩm định và quyết định").fill("Đủ điều kiện")
    page.get_by_label("Người nhận kết quả (họ và tên)").fill("Phạm Thị Dung")
    page.get_by_label("Tôi đã kiểm tra giấy tờ tùy thân của người nhận").check()
    page.set_default_timeout(60000)  # the first signature creates the dev CA
    page.get_by_role("button", name="Tiếp nhận, phê duyệt và trả kết quả").click()
    page.wait_for_url("**/mot-cua-tai-cho/xong/**", timeout=30000)
    assert "Đã giải quyết tại chỗ" in page.inner_text("h1")
    shoot(page, screenshot, "on-the-spot-done")
    assert serious_violations(page) == []
