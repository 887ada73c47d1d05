"""The desk's online queue in a real browser, at 360 and 1280 px.

A desk officer follows the count in the navigation to the queue, sees an
overdue dossier in red above one that still has time, opens it, reads the
e-form and the reused paper, asks for a supplement (first forgetting to
tick a paper: the error is shown, nothing changes), then receives the
other dossier. Every page is axe-clean and fits a phone.
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

import pytest

from e2e.browsing import DESKTOP, serious_violations, shoot, sign_in
from motcua.accounts.tests.factories import AgencyFactory, UnitFactory
from motcua.catalog.tests.factories import published_procedure
from motcua.dossiers.domain import Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import desk_officer
from motcua.filing.tests.online_factories import birth_eform, submit

pytestmark = pytest.mark.browser

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def desk(transactional_db, settings, tmp_path, live_server):
    """Build a commune desk with two online dossiers: one overdue, one just arrived."""
    settings.MEDIA_ROOT = tmp_path
    settings.MOTCUA_PUBLIC_URL = live_server.url
    agency = AgencyFactory(
        code="000.05.25.H39",
        name="Ủy ban nhân dân thị trấn Tân Thạnh",
        unit=UnitFactory(code="28135", name="Tân Thạnh"),
    )
    version = published_procedure(field_name="Hộ tịch")
    version.agencies.add(agency)
    birth_eform(version)
    desk_officer(agency, username="motcua.tanthanh", full_name="Trần Thị Mai")
    late = submit(
        agency,
        version,
        at=datetime(2026, 12, 3, 10, 0, tzinfo=HCM),
        full_name="Đỗ Văn Đạt",
        fee_exemption="Trẻ em thuộc hộ nghèo",
    )
    fresh = submit(agency, version, at=timezone.now(), full_name="Lê Thị Hoa")
    return {"late": late, "fresh": fresh, "version": version}


def test_the_desk_answers_online_dossiers_from_its_queue(
    live_server, desk, open_page, screenshot
):
    page = sign_in(open_page(DESKTOP), live_server, "motcua.tanthanh")

    # The navigation counts the dossiers waiting for the desk.
    link = page.get_by_role("link", name=re.compile("Hồ sơ trực tuyến"))
    assert "2" in link.inner_text()
    link.click()
    page.wait_for_url("**/can-bo/truc-tuyen/")

    rows = page.locator("table.online-queue tbody tr")
    assert rows.count() == 2
    first = rows.nth(0)
    assert desk["late"].code in first.inner_text()
    assert "Quá hạn" in first.locator(".badge--late").inner_text()
    assert "Còn" in rows.nth(1).inner_text()
    assert "Đề nghị miễn phí" in first.inner_text()
    shoot(page, screenshot, "online-queue")
    assert serious_violations(page) == []

    # Search ignores diacritics.
    page.get_by_label("Mã hồ sơ hoặc tên người nộp").fill("le thi hoa")
    page.get_by_role("button", name="Bộ lọc").click()
    assert rows.count() == 1
    assert desk["fresh"].code in rows.nth(0).inner_text()
    page.get_by_role("link", name="Bỏ lọc").click()

    # The overdue dossier: its e-form, its reused paper, the exemption.
    page.get_by_role("link", name=desk["late"].code).click()
    page.wait_for_url(f"**/can-bo/truc-tuyen/{desk['late'].code}/")
    assert page.get_by_text("Nguyễn Minh Khôi").is_visible()
    assert page.get_by_text("Tái sử dụng").first.is_visible()
    assert page.get_by_text("Trẻ em thuộc hộ nghèo").first.is_visible()
    shoot(page, screenshot, "online-review")
    assert serious_violations(page) == []

    # A supplement request with no paper ticked is refused on the page.
    supplement = page.locator(
        "form", has=page.get_by_role("heading", name="Yêu cầu bổ sung hồ sơ")
    )
    supplement.get_by_role("button", name="Gửi yêu cầu bổ sung").click()
    page.get_by_role("alert").wait_for()
    assert (
        "Đánh dấu các giấy tờ người nộp cần bổ sung."
        in page.get_by_role("alert").inner_text()
    )
    shoot(page, screenshot, "online-review-error")
    assert serious_violations(page) == []
    assert Dossier.objects.get(pk=desk["late"].pk).status == Status.NEW

    paper = desk["version"].documents.order_by("position").last()
    supplement.get_by_label(paper.name).check()
    supplement.get_by_label("Nội dung người nộp cần bổ sung, hoàn thiện").fill(
        "Ảnh chụp giấy chứng sinh bị mờ, xin chụp lại."
    )
    supplement.get_by_role("button", name="Gửi yêu cầu bổ sung").click()
    page.wait_for_url("**/can-bo/truc-tuyen/")
    assert page.get_by_text("Đã yêu cầu người nộp bổ sung hồ sơ").is_visible()
    assert rows.count() == 1
    assert Dossier.objects.get(pk=desk["late"].pk).status == (
        Status.AWAITING_SUPPLEMENT
    )

    # The other one is received: its processing opens.
    page.get_by_role("link", name=desk["fresh"].code).click()
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()
    page.wait_for_url(f"**/can-bo/ho-so/{desk['fresh'].code}/")
    assert page.get_by_text("Đã tiếp nhận hồ sơ").is_visible()
    shoot(page, screenshot, "online-received")
    assert serious_violations(page) == []
    assert Dossier.objects.get(pk=desk["fresh"].pk).status == Status.RECEIVED
    # The refused request answered 400 on purpose; nothing else went wrong.
    assert [e for e in page.console_errors if "status of 400" not in e] == []
