"""What every browser test does: widths, accessibility, screenshots, sign-in."""

from axe_playwright_python.sync_playwright import Axe

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
PASSWORD = "motcua@2026"


def serious_violations(page) -> list[str]:
    """Return axe-core's serious and critical findings on the page."""
    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes)"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def shoot(page, screenshot, name, problems=None):
    """Save the page at 360 px and 1280 px; nothing may stick out at 360.

    With a ``problems`` list an overflow is noted there instead of failing.
    """
    for viewport, width in ((PHONE, "360"), (DESKTOP, "1280")):
        page.set_viewport_size(viewport)
        page.evaluate("document.fonts.ready")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > viewport["width"]:
            message = f"{name} overflows at {width} px ({scroll} px wide)"
            if problems is None:
                raise AssertionError(message)
            problems.append(message)
        screenshot(page, f"{name}-{width}")
    page.set_viewport_size(DESKTOP)


def sign_in(page, live_server, username, password=PASSWORD):
    """Sign in to the back office as ``username``; return the page."""
    page.goto(live_server.url + "/can-bo/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "dang-nhap" not in url)
    return page
