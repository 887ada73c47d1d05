"""Citizens sign in: national identity SSO against a local provider, local account."""

import re

import pytest

from e2e.browsing import serious_violations, shoot
from motcua.citizens.tests.fake_oidc import FakeOidcProvider
from motcua.notifications.models import MessageTemplate, OutboxMessage
from motcua.notifications.seed import load_defaults

pytestmark = pytest.mark.browser


@pytest.fixture
def provider(settings):
    server = FakeOidcProvider().start()
    for name, value in server.settings().items():
        setattr(settings, name, value)
    yield server
    server.stop()


def test_sign_in_with_the_national_identity_account(
    live_server, transactional_db, provider, open_page, screenshot
):
    page = open_page()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Đăng nhập").click()
    assert serious_violations(page) == []
    shoot(page, screenshot, "citizen-login")
    page.get_by_role("link", name="Đăng nhập bằng tài khoản định danh điện tử").click()
    page.wait_for_url(re.compile(r".*/tai-khoan/$"))
    assert page.get_by_text("080090001234").is_visible()
    assert serious_violations(page) == []
    shoot(page, screenshot, "citizen-profile")


def test_register_a_local_account(live_server, transactional_db, open_page, screenshot):
    # A transactional test starts on a flushed database: the templates again.
    load_defaults(MessageTemplate)
    page = open_page()
    page.goto(live_server.url + "/dang-ky/")
    page.get_by_role("button", name="Đăng ký").click()
    assert page.get_by_role("alert").is_visible()
    assert serious_violations(page) == []
    shoot(page, screenshot, "citizen-register-errors")

    page.get_by_label(re.compile(r"^Họ(, chữ đệm)? và tên$")).fill("Trần Thị Bình")
    page.get_by_label("Số điện thoại hoặc thư điện tử").fill("0912345678")
    page.get_by_label("Mật khẩu", exact=True).fill("hoa-sen-2026")
    page.get_by_label("Nhập lại mật khẩu").fill("hoa-sen-2026")
    page.get_by_role("button", name="Đăng ký").click()
    page.wait_for_url(re.compile(r".*/dang-nhap/ma-xac-thuc/$"))
    shoot(page, screenshot, "citizen-code")
    body = OutboxMessage.objects.filter(kind="otp").latest("id").body
    page.get_by_label("Mã xác thực").fill(re.search(r"\d{6}", body).group(0))
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url(re.compile(r".*/tai-khoan/$"))
    assert page.get_by_text("Trần Thị Bình").first.is_visible()
