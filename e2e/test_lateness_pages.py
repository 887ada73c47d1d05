"""Late work in a browser: the leaders' board and the apology on the dossier page.

Shot at 360 px and 1280 px into var/screenshots/ and checked with axe-core
for serious or critical problems.
"""

from datetime import date, timedelta

from django.utils import timezone

import pytest

from e2e.browsing import DESKTOP, PASSWORD, serious_violations, shoot, sign_in
from motcua.dossiers.services.reception import ApplicantData, DocumentReceipt
from motcua.workflow import services
from motcua.workflow.models import Apology, DossierTask
from motcua.workflow.tests.world import build_world, procedure


@pytest.fixture
def late_office(transactional_db, settings, tmp_path, live_server):
    settings.MEDIA_ROOT = tmp_path
    settings.MOTCUA_PUBLIC_URL = live_server.url
    world = build_world()
    for user in world.district.staff.values():
        user.set_password(PASSWORD)
        user.save()
    version = procedure()
    dossiers = []
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường"]
    for i, days in enumerate([14, 10, 1]):
        received = (timezone.now() - timedelta(days=days)).replace(hour=1, minute=30)
        dossier = services.receive(
            officer=world.district.desk,
            agency=world.district.agency,
            procedure_version=version,
            applicant=ApplicantData(
                full_name=names[i],
                personal_id=f"08009000012{i}",
                date_of_birth=date(1990, 5, 17),
                address="Ấp 3, thị trấn Tân Thạnh",
                phone="0912345678",
            ),
            documents=[
                DocumentReceipt(required_document_id=p.pk, originals=1)
                for p in version.documents.all()
            ],
            received_at=received,
        )
        task = DossierTask.objects.get(dossier=dossier, state="open")
        services.forward(
            task, user=world.district.desk, at=received + timedelta(minutes=30)
        )
        dossier.refresh_from_db()
        dossiers.append(dossier)
    return {"world": world, "dossiers": dossiers}


def test_a_leader_sees_late_work_and_apologises(
    live_server, late_office, open_page, screenshot
):
    world = late_office["world"]
    late = late_office["dossiers"][0]
    page = open_page(DESKTOP)
    sign_in(page, live_server, world.district.leader.username)

    page.get_by_role("link", name="Cảnh báo").click()
    page.wait_for_url("**/can-bo/canh-bao/")
    assert late.code in page.inner_text("#h-late + table")
    shoot(page, screenshot, "lateness-board")
    assert serious_violations(page) == []

    page.get_by_role("link", name=late.code).first.click()
    page.wait_for_url(f"**/ho-so/{late.code}/")
    panel = page.locator("section.lateness")
    assert "Quá hạn" in panel.inner_text()
    shoot(page, screenshot, "lateness-dossier")
    assert serious_violations(page) == []

    new_date = (timezone.localdate() + timedelta(days=14)).isoformat()
    while date.fromisoformat(new_date).weekday() >= 5:
        new_date = (date.fromisoformat(new_date) + timedelta(days=1)).isoformat()
    page.get_by_label("Lý do chậm trễ").fill("Chờ kết quả xác minh của Công an xã")
    page.get_by_label("Ngày hẹn trả kết quả mới").fill(new_date)
    page.get_by_role("button", name="Ban hành văn bản xin lỗi").click()
    assert "Đã ban hành văn bản xin lỗi" in page.inner_text(".flash")
    assert Apology.objects.filter(dossier=late).exists()
    panel = page.locator("section.lateness")
    assert "Mẫu 04" in panel.inner_text()
    assert panel.get_by_role("button", name="Ban hành văn bản xin lỗi").count() == 0
    screenshot(page, "lateness-after-apology-1280")
    with page.expect_download(timeout=60_000) as download:
        panel.get_by_role("link", name="Phiếu kiểm soát").click()
    assert download.value.suggested_filename.startswith("mau-06-")
