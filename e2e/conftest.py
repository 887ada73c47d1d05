"""Browser tests: Debian's chromium driven by Playwright against live_server.

No browser is downloaded: Playwright launches /usr/bin/chromium. Pages are
built from the same factories as the other tests, and every test saves its
screenshots under var/screenshots/ for a person to look at.
"""

import shutil
from datetime import date
from pathlib import Path

from django.conf import settings as django_settings
from django.core.files.base import ContentFile

import pytest

from motcua.accounts.tests.factories import AgencyFactory
from motcua.catalog.tests.factories import birth_registration_spec, published_procedure

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = Path(django_settings.BASE_DIR) / "var" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail("chromium is missing: run `apt-get install chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser):
    """Open a page at a viewport size, Vietnamese first like a local citizen."""
    contexts = []

    def open_page(viewport=DESKTOP, locale="vi-VN"):
        context = browser.new_context(
            viewport=viewport, locale=locale, accept_downloads=True
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(5000)
        page.console_errors = []
        page.on(
            "console",
            lambda message: (
                page.console_errors.append(message.text)
                if message.type == "error"
                else None
            ),
        )
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def screenshot(page, name):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return screenshot


@pytest.fixture
def portal_data(transactional_db, settings, tmp_path):
    """Build a small catalog in three fields, one document with a PDF form."""
    from motcua.documents.pdf import render_form_template

    settings.MEDIA_ROOT = tmp_path
    for number in range(1, 4):
        AgencyFactory(
            name=f"Ủy ban nhân dân xã Tân Hòa {number}",
            address=f"Ấp {number}, xã Tân Hòa, huyện Tân Thạnh",
        )
    birth = published_procedure(
        birth_registration_spec(
            attributes={
                **birth_registration_spec().attributes,
                "deciding_authority": "Chủ tịch Ủy ban nhân dân cấp xã",
                "conditions": "Đăng ký trong thời hạn 60 ngày kể từ ngày sinh.",
                "boundary_free": True,
            },
        ),
        field_name="Hộ tịch",
        effective_from=date(2025, 7, 1),
    )
    document = birth.documents.first()
    document.form_name = "Tờ khai đăng ký khai sinh"
    pdf = render_form_template(
        "Tờ khai đăng ký khai sinh",
        "<p>Họ, chữ đệm, tên người yêu cầu: <span class='blank'></span></p>",
    )
    document.form_file.save("to-khai-dang-ky-khai-sinh.pdf", ContentFile(pdf))
    published_procedure(
        birth_registration_spec(
            code="1.000894", name="Đăng ký kết hôn", attributes={"online_level": "full"}
        )
    )
    published_procedure(
        birth_registration_spec(
            code="2.000815",
            name="Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp",
            field="CHUNGTHUC",
            level="district",
            attributes={"online_level": "none"},
        ),
        field_name="Chứng thực",
    )
    published_procedure(
        birth_registration_spec(
            code="2.000488",
            name="Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
            field="LLTP",
            level="province",
            attributes={"online_level": "full"},
        ),
        field_name="Lý lịch tư pháp",
    )
    return {"birth": birth, "document": document, "pdf": pdf}
