import re

import pytest

from e2e.browsing import DESKTOP, PHONE, serious_violations

pytestmark = pytest.mark.browser


def assert_styled_and_scripted(page):
    """Check that the site CSS, the font and htmx loaded under the strict CSP."""
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert font.startswith('"Be Vietnam Pro"')
    header = page.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert header == "rgb(11, 74, 139)"
    assert page.evaluate("typeof window.htmx") == "object"
    # A CSP refusal or a missing file shows up as a console error.
    assert page.console_errors == []


@pytest.mark.parametrize(
    ("viewport", "name"), [(PHONE, "360"), (DESKTOP, "1280")], ids=["phone", "desktop"]
)
def test_the_catalog_home_works_and_is_accessible(
    live_server, portal_data, open_page, screenshot, viewport, name
):
    page = open_page(viewport)
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator(".result").count() == 4
    assert_styled_and_scripted(page)
    page.evaluate("document.fonts.ready")
    # Nothing may stick out sideways on a 360 px phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    screenshot(page, f"catalog-{name}")
    assert serious_violations(page) == []


def test_typing_a_search_refreshes_the_results_with_htmx(
    live_server, portal_data, open_page, screenshot
):
    page = open_page(PHONE)
    page.goto(live_server.url + "/")
    page.evaluate("window.fullLoads = (window.fullLoads || 0) + 1")
    page.get_by_label("Tìm thủ tục hành chính").fill("dang ky khai sinh")
    page.wait_for_url(re.compile(r"\?q=dang\+ky\+khai\+sinh$"))
    results = page.locator(".result")
    results.first.wait_for()
    assert results.count() == 1
    assert results.first.locator(".result__code").inner_text() == "1.001193"
    assert page.locator("#results-status").inner_text() == "Tìm thấy 1 thủ tục"
    # The page was not reloaded: the marker set by script is still there.
    assert page.evaluate("window.fullLoads") == 1
    screenshot(page, "catalog-search-360")


def test_the_procedure_page_shows_the_procedure_and_downloads_its_form(
    live_server, portal_data, open_page, screenshot
):
    for viewport, name in ((PHONE, "360"), (DESKTOP, "1280")):
        page = open_page(viewport)
        page.goto(live_server.url + "/?q=khai+sinh")
        page.get_by_role("link", name="Đăng ký khai sinh").click()
        page.wait_for_url("**/thu-tuc/1.001193/")
        assert page.get_by_role("heading", level=1).inner_text() == "Đăng ký khai sinh"
        assert page.get_by_role("button", name="In trang").is_visible()
        assert (
            page.get_by_text("Trong ngày (sau 15 giờ: ngày làm việc tiếp theo)").count()
            == 2
        )
        assert_styled_and_scripted(page)
        assert (
            page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        )
        page.evaluate("document.fonts.ready")
        screenshot(page, f"procedure-{name}")
        assert serious_violations(page) == []

    page.emulate_media(media="print")
    hidden = "el => getComputedStyle(el).display"
    assert page.locator(".site-nav").evaluate(hidden) == "none"
    assert page.locator(".site-footer").evaluate(hidden) == "none"
    assert page.locator("[data-print]").evaluate(hidden) == "none"
    assert (
        page.locator("body").evaluate("el => getComputedStyle(el).color")
        == "rgb(0, 0, 0)"
    )
    page.emulate_media(media="screen")

    with page.expect_download() as download_info:
        page.get_by_role(
            "link", name=re.compile("Tải mẫu.*Tờ khai đăng ký khai sinh theo mẫu")
        ).click()
    download = download_info.value
    assert download.suggested_filename == "1.001193-to-khai-dang-ky-khai-sinh.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read() == portal_data["pdf"]


def test_the_language_switch_turns_the_page_into_english(
    live_server, portal_data, open_page, screenshot
):
    page = open_page(DESKTOP)
    page.goto(live_server.url + "/?q=khai+sinh")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Administrative procedures"
    )
    assert page.url.endswith("/?q=khai+sinh")
    assert (
        page.get_by_role("button", name="English").get_attribute("aria-current")
        == "true"
    )
    screenshot(page, "catalog-en-1280")
    page.get_by_role("link", name="Đăng ký khai sinh").click()
    assert page.get_by_role("heading", name="How to submit").is_visible()
    screenshot(page, "procedure-en-1280")


def test_the_keyboard_reaches_the_search_box_through_the_skip_link(
    live_server, portal_data, open_page
):
    page = open_page(PHONE)
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Chuyển đến nội dung chính")
    assert skip.evaluate("link => link === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id")
    assert focused == "id_q"
    page.keyboard.type("ket hon")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?q=ket\+hon$"))
    assert page.locator(".result__code").all_inner_texts() == ["1.000894"]


def test_the_agency_box_suggests_agencies_and_filters_by_the_chosen_one(
    live_server, portal_data, open_page
):
    page = open_page(DESKTOP)
    page.goto(live_server.url + "/")
    agency = page.get_by_label("Cơ quan thực hiện")
    agency.fill("tan hoa")
    options = page.locator("#agency-options option")
    options.nth(2).wait_for(state="attached")
    assert options.count() == 3
    code = options.first.get_attribute("value")
    agency.fill(code)
    agency.press("Tab")
    page.wait_for_url(re.compile(r"agency=" + re.escape(code)))
    assert "Ủy ban nhân dân xã Tân Hòa 1" in page.locator(".active-filter").inner_text()
    assert page.locator(".result").count() == 4
