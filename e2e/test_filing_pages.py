"""A citizen files a birth registration online on a 360 px phone.

From the procedure page through eligibility, the prefilled declaration
(with the autosave), the papers, delivery by post, fees at the desk and
the review, to the receipt. Every step is checked with axe, weighed
(under 150 KB before images) and saved as screenshots at 360 and 1280 px.
"""

import re
from datetime import date

from django.test import Client

import pypdfium2
import pytest

from e2e.browsing import PHONE, serious_violations, shoot
from e2e.conftest import SCREENSHOTS
from motcua.filing.models import Draft
from motcua.filing.tests.factories import PDF, online_setup
from motcua.registry.models import RegistryPerson

pytestmark = pytest.mark.browser

PERSONAL_ID = "080090000123"
BUDGET = 150 * 1024


@pytest.fixture
def citizen_page(live_server, transactional_db, settings, tmp_path, open_page):
    settings.MEDIA_ROOT = tmp_path
    RegistryPerson.objects.create(
        personal_id=PERSONAL_ID,
        full_name="Nguyễn Văn An",
        birth_date=date(1990, 5, 17),
        sex="male",
        birth_place="Xã Tân Thành, huyện Tân Thạnh, tỉnh Long An",
        current_address="Ấp 3, thị trấn Tân Thạnh, huyện Tân Thạnh, tỉnh Long An",
    )
    setup = online_setup(fee=8000)
    client = Client()
    client.force_login(setup.citizen)
    page = open_page(viewport=PHONE)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.weights = {}
    page.on("response", lambda response: _weigh(page, response))
    return page, setup


def _weigh(page, response):
    if response.request.resource_type == "image":
        return
    try:
        size = len(response.body())
    except Exception:  # redirects have no body
        return
    page.weights[response.url] = size


def check(page, screenshot, name, problems):
    """Axe, page weight (everything but images), screenshots at both widths."""
    assert serious_violations(page) == [], name
    weight = sum(page.weights.values())
    assert weight < BUDGET, f"{name}: {weight} bytes"
    with open(SCREENSHOTS / "filing-weights.txt", "a") as log:
        log.write(f"{name}: {weight / 1024:.1f} KB before images\n")
    page.weights.clear()
    shoot(page, screenshot, f"filing-{name}", problems)
    page.set_viewport_size(PHONE)


def reload_weighed(page):
    page.weights.clear()
    page.reload()


def test_a_citizen_files_a_birth_registration_on_a_phone(
    live_server, citizen_page, screenshot
):
    page, setup = citizen_page
    problems = []
    page.goto(live_server.url + "/thu-tuc/1.001193/")
    page.get_by_role("link", name="Nộp trực tuyến").click()

    # 1. eligibility: the only agency is chosen; a wrong answer blocks
    page.wait_for_url(re.compile(r".*/dieu-kien/"))
    assert (
        page.locator('[aria-current="step"]')
        .inner_text()
        .strip()
        .endswith("Kiểm tra điều kiện")
    )
    reload_weighed(page)
    check(page, screenshot, "1-eligibility", problems)
    page.get_by_role("group", name="Trẻ được sinh ra tại Việt Nam?").get_by_label(
        "Không"
    ).check()
    page.get_by_role("group", name=re.compile("Cha và mẹ")).get_by_label("Có").check()
    page.get_by_role("group", name=re.compile("từng được đăng ký")).get_by_label(
        "Không"
    ).check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    assert page.get_by_role("alert").is_visible()
    assert "2.000528" in page.get_by_role("alert").inner_text()
    check(page, screenshot, "1-eligibility-refused", problems)
    page.get_by_role("group", name="Trẻ được sinh ra tại Việt Nam?").get_by_label(
        "Có"
    ).check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    # 2. the declaration, prefilled from the population registry
    page.wait_for_url(re.compile(r".*/to-khai/"))
    name = page.locator("[name=requester_name]")
    assert name.input_value() == "Nguyễn Văn An"
    assert name.get_attribute("readonly") is not None
    reload_weighed(page)
    check(page, screenshot, "2-form-prefilled", problems)
    page.locator("[name=child_name]").fill("Nguyễn Minh Khang")
    page.get_by_text(re.compile(r"Đã lưu lúc \d\d:\d\d")).wait_for(timeout=10000)
    assert Draft.objects.get().form_data["child_name"] == "Nguyễn Minh Khang"

    # the saved drafts; going on from there keeps what was typed
    page.goto(live_server.url + "/ho-so-luu-tam/")
    reload_weighed(page)
    check(page, screenshot, "0-drafts", problems)
    page.get_by_role("link", name=re.compile("^Tiếp tục")).click()
    page.wait_for_url(re.compile(r".*/to-khai/"))
    assert page.locator("[name=child_name]").input_value() == "Nguyễn Minh Khang"
    for field, value in {
        "relation": None,
        "child_birth_date": "20/10/2025",
        "child_ethnicity": "Kinh",
        "child_nationality": "Việt Nam",
        "child_birth_place": "Trung tâm Y tế huyện Tân Thạnh, Long An",
        "child_hometown": "Tân Thạnh, Long An",
        "mother_name": "Trần Thị Bình",
        "mother_birth_date": "08/03/1993",
        "mother_ethnicity": "Kinh",
        "mother_nationality": "Việt Nam",
        "mother_residence": "Ấp 3, thị trấn Tân Thạnh, huyện Tân Thạnh, Long An",
    }.items():
        if value is None:
            page.locator(f"[name={field}]").select_option(index=1)
        else:
            page.locator(f"[name={field}]").fill(value)
    page.locator("[name=child_sex][value=male]").check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    # 3. papers: one file per listed paper
    page.wait_for_url(re.compile(r".*/giay-to/"))
    for index in range(setup.version.documents.count()):
        page.locator("input[type=file]").nth(index).set_input_files(
            {
                "name": "giay-chung-sinh.pdf",
                "mimeType": "application/pdf",
                "buffer": PDF,
            }
        )
        page.get_by_role("button", name="Tải lên").nth(index).click()
        page.wait_for_load_state()
    assert page.locator(".paper__file").count() == 2
    reload_weighed(page)
    check(page, screenshot, "3-documents", problems)
    page.get_by_role("button", name="Tiếp tục").click()

    # 4. delivery by post, with its fee
    page.wait_for_url(re.compile(r".*/nhan-ket-qua/"))
    reload_weighed(page)
    check(page, screenshot, "4-delivery", problems)
    page.get_by_label("Qua dịch vụ bưu chính").check()
    assert page.get_by_text("30.000 đ").is_visible()
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    # 5. fees: paid at the desk
    page.wait_for_url(re.compile(r".*/le-phi/"))
    reload_weighed(page)
    assert page.get_by_text("38.000 đ").first.is_visible()
    check(page, screenshot, "5-payment", problems)
    page.get_by_label(re.compile("Nộp tại Bộ phận một cửa")).check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    # 6. review, declaration, submit
    page.wait_for_url(re.compile(r".*/xem-lai/"))
    assert page.get_by_text("Nguyễn Minh Khang").is_visible()
    reload_weighed(page)
    check(page, screenshot, "6-review", problems)
    page.get_by_label(re.compile("Tôi cam đoan")).check()
    page.get_by_role("button", name="Nộp hồ sơ").click()

    # the receipt
    page.wait_for_url(re.compile(r".*/bien-nhan/"))
    code = Draft.objects.get().dossier.code
    assert page.get_by_text(code).first.is_visible()
    reload_weighed(page)
    check(page, screenshot, "7-receipt", problems)
    with page.expect_download() as download:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url;"
            " a.download = 'bien-nhan.pdf'; document.body.append(a); a.click(); }",
            f"/ho-so-cua-toi/{code}/bien-nhan.pdf",
        )
    path = download.value.path()
    assert path.read_bytes()[:5] == b"%PDF-"
    pdf = pypdfium2.PdfDocument(path)
    assert code in pdf[0].get_textpage().get_text_range()
    pdf[0].render(scale=1.5).to_pil().save(SCREENSHOTS / "filing-8-receipt-pdf.png")
    assert problems == []
