"""The desk officer's journey of issue 3, in a real browser.

An officer signs in, receives a birth registration (1.001193) with two
scanned files, downloads the receipt (form 01), and the QR code printed in
its top-left corner opens the public tracking page of the new dossier.
"""

import io
import re
from pathlib import Path

from django.conf import settings as django_settings

import pytest

from e2e.browsing import DESKTOP, PHONE, serious_violations, shoot
from motcua.accounts.tests.factories import AgencyFactory, UnitFactory
from motcua.catalog.tests.factories import published_procedure
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import ApplicantFactory, desk_officer

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(django_settings.BASE_DIR) / "var" / "screenshots"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"
    b"\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff"
    b"\xff?\x00\x05\xfe\x02\xfe\xa75\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def desk(transactional_db, settings, tmp_path, live_server):
    """Build a commune desk receiving 1.001193, its officer, an earlier applicant."""
    settings.MEDIA_ROOT = tmp_path
    settings.MOTCUA_PUBLIC_URL = live_server.url
    agency = AgencyFactory(
        code="000.05.25.H39",
        name="Ủy ban nhân dân thị trấn Tân Thạnh",
        unit=UnitFactory(code="28135", name="Tân Thạnh"),
        address="Khu phố 1, thị trấn Tân Thạnh",
        phone="0272 3842 123",
    )
    version = published_procedure(field_name="Hộ tịch")
    version.agencies.add(agency)
    officer = desk_officer(agency, username="motcua.tanthanh", full_name="Trần Thị Mai")
    ApplicantFactory(
        full_name="Nguyễn Văn An",
        personal_id="080090000123",
        address="Ấp 3, xã Tân Phước, huyện Tân Thạnh",
        phone="0912345678",
        email="an.nguyen@example.vn",
    )
    return {"agency": agency, "version": version, "officer": officer}


def qr_text(pdf: bytes, name: str) -> str:
    """Render the first page of a PDF, save it to look at, decode its QR code."""
    import pypdfium2
    import zxingcpp

    document = pypdfium2.PdfDocument(io.BytesIO(pdf))
    image = document[0].render(scale=3).to_pil()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image.save(SCREENSHOTS / f"{name}.png")
    codes = zxingcpp.read_barcodes(image)
    assert len(codes) == 1, codes
    return codes[0].text


def test_a_desk_officer_receives_a_dossier_and_its_qr_opens_the_tracking_page(
    live_server, desk, open_page, screenshot, tmp_path
):
    page = open_page(DESKTOP)

    # Sign in: the back office sends an anonymous visitor to its own sign-in.
    page.goto(live_server.url + "/can-bo/tiep-nhan/")
    page.wait_for_url("**/can-bo/dang-nhap/?next=/can-bo/tiep-nhan/")
    page.get_by_label("Tên đăng nhập").fill("motcua.tanthanh")
    page.get_by_label("Mật khẩu").fill("motcua@2026")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/can-bo/tiep-nhan/")

    # 1. The procedure, found as the officer types (htmx).
    page.get_by_label("Tìm thủ tục").fill("khai sinh")
    choice = page.get_by_role("link", name=re.compile("1.001193 Đăng ký khai sinh"))
    choice.wait_for()
    assert page.get_by_text("Tìm thấy 1 thủ tục").is_visible()
    choice.click()
    page.wait_for_url(re.compile(r"/can-bo/tiep-nhan/\?thu_tuc=\d+$"))
    assert page.console_errors == []

    # 2. The applicant, filled in from an earlier dossier by ID number (htmx).
    page.get_by_label("Số định danh cá nhân (12 chữ số)").fill("080090000123")
    page.get_by_role("button", name="Tìm người nộp trước đây").click()
    page.get_by_text("Đã điền theo thông tin người nộp trước đây").wait_for()
    assert page.get_by_label("Họ và tên", exact=True).input_value() == "Nguyễn Văn An"
    assert page.get_by_label("Ngày sinh (dd/mm/yyyy)").input_value() == "17/05/1990"

    # 3. The papers, ticked, with a scan each.
    first, second = desk["version"].documents.all()
    page.get_by_role("checkbox", name=first.name).check()
    page.get_by_role("checkbox", name=second.name).check()
    page.locator(f"#id_doc_{first.pk}_files").set_input_files(
        files=[{"name": "to-khai.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.locator(f"#id_doc_{second.pk}_files").set_input_files(
        files=[{"name": "giay-chung-sinh.png", "mimeType": "image/png", "buffer": PNG}]
    )
    # 4. The result is collected at the desk (the default).
    assert page.get_by_label("Tại Bộ phận Một cửa").is_checked()

    shoot(page, screenshot, "desk-reception")
    assert serious_violations(page) == []

    # 5. Receive.
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()
    page.wait_for_url("**/can-bo/tiep-nhan/xong/**")
    dossier = Dossier.objects.get()
    assert page.locator("#dossier-code").inner_text() == dossier.code
    assert re.fullmatch(
        r"\d\d/\d\d/\d{4} \d\d:\d\d", page.locator("#due-at").inner_text()
    )
    shoot(page, screenshot, "desk-receipt")
    assert serious_violations(page) == []

    # The receipt (form 01) carries a QR code that opens the tracking page.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải giấy tiếp nhận (mẫu 01)").click()
    download = download_info.value
    assert download.suggested_filename == f"mau-01-{dossier.code}.pdf"
    with open(download.path(), "rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF")
    url = qr_text(pdf, "desk-form-01")
    assert url == f"{live_server.url}/tra-cuu/?ma={dossier.code}"

    page.goto(url)
    assert page.get_by_text(dossier.code).first.is_visible()
    assert page.get_by_text("N*** V** A").first.is_visible()
    assert "Nguyễn Văn An" not in page.content()
    screenshot(page, "desk-tracking-1280")

    # The dossier page for staff: data, files, timeline, forms.
    page.goto(f"{live_server.url}/can-bo/ho-so/{dossier.code}/")
    assert page.get_by_role("heading", level=1).inner_text() == f"Hồ sơ {dossier.code}"
    file_link = page.get_by_role("link", name="giay-chung-sinh.png")
    response = page.request.get(live_server.url + file_link.get_attribute("href"))
    assert response.headers["content-type"] == "image/png"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.body() == PNG
    assert page.get_by_role("link", name=re.compile("Mẫu 01")).is_visible()
    shoot(page, screenshot, "desk-dossier")
    assert serious_violations(page) == []
    assert page.console_errors == []


def test_a_refused_input_keeps_what_was_typed_and_asks_for_the_files_again(
    live_server, desk, open_page, screenshot
):
    page = open_page(PHONE)
    page.goto(live_server.url + "/can-bo/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("motcua.tanthanh")
    page.get_by_label("Mật khẩu").fill("motcua@2026")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/can-bo/")
    page.goto(f"{live_server.url}/can-bo/tiep-nhan/?thu_tuc={desk['version'].pk}")

    page.get_by_label("Họ và tên", exact=True).fill("Lê Thị Hồng")
    page.get_by_label("Số định danh cá nhân (12 chữ số)").fill("12345")
    first = desk["version"].documents.first()
    page.get_by_role("checkbox", name=first.name).check()
    page.locator(f"#id_doc_{first.pk}_files").set_input_files(
        files=[{"name": "to-khai.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()

    summary = page.locator("#error-summary")
    summary.wait_for()
    assert "12 chữ số" in summary.inner_text()
    assert "chọn lại tệp" in summary.inner_text()
    assert page.get_by_label("Họ và tên", exact=True).input_value() == "Lê Thị Hồng"
    assert page.get_by_role("checkbox", name=first.name).is_checked()
    assert not Dossier.objects.exists()
    shoot(page, screenshot, "desk-reception-errors")
    assert serious_violations(page) == []
