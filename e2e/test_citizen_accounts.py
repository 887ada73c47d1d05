"""Citizens' accounts in the browser at 360 px.

SSO against a local provider (and the demo provider's page), local account,
forgotten password, notice preferences, organisations, sign-out.
"""

import re

import pytest

from e2e.browsing import PHONE, serious_violations, shoot
from e2e.quality import BUDGET_BYTES, before_images, transferred
from motcua.citizens.demo_oidc import OidcProvider
from motcua.citizens.management.commands.run_demo_oidc import demo_claims
from motcua.citizens.models import CitizenProfile, Representation
from motcua.citizens.services import register_local
from motcua.notifications.models import MessageTemplate, OutboxMessage
from motcua.notifications.seed import load_defaults
from motcua.registry.demo_people import load_people

pytestmark = pytest.mark.browser


def _serve(settings, **options):
    server = OidcProvider(**options).start()
    for name, value in server.settings().items():
        setattr(settings, name, value)
    return server


@pytest.fixture
def provider(settings):
    server = _serve(settings)
    yield server
    server.stop()


def _last_code(recipient):
    body = OutboxMessage.objects.filter(kind="otp", recipient=recipient).latest("id")
    return re.search(r"\d{6}", body.body).group(0)


def test_sign_in_with_the_national_identity_account(
    live_server, transactional_db, provider, open_page, screenshot
):
    page = open_page(viewport=PHONE)
    page.goto(live_server.url + "/", timeout=30_000)  # a cold server
    page.get_by_role("link", name="Đăng nhập").click()
    assert serious_violations(page) == []
    shoot(page, screenshot, "citizen-login")
    page.get_by_role("link", name="Đăng nhập bằng tài khoản định danh điện tử").click()
    page.wait_for_url(re.compile(r".*/tai-khoan/$"))
    assert page.get_by_text("080090001234").is_visible()
    assert serious_violations(page) == []
    shoot(page, screenshot, "citizen-profile")

    # Notices: SMS off, in English.
    page.get_by_label(re.compile(r"^Qua tin nhắn SMS")).uncheck()
    page.get_by_label("Ngôn ngữ của thông báo").select_option("en")
    page.get_by_role("button", name="Lưu lựa chọn").click()
    page.wait_for_url(re.compile(r".*/tai-khoan/$"))
    assert page.get_by_role("status").get_by_text("Đã lưu lựa chọn").is_visible()
    profile = CitizenProfile.objects.get(personal_id="080090001234")
    assert (profile.notify_sms, profile.notify_email, profile.language) == (
        False,
        True,
        "en",
    )

    # An organisation, declared with a mistake first.
    page.get_by_role("link", name="Thêm tổ chức tôi đại diện").click()
    page.get_by_label("Mã số thuế").fill("123")
    page.get_by_label("Tên tổ chức").fill("Công ty TNHH Sen Vàng Long An")
    page.get_by_role("button", name="Thêm tổ chức").click()
    assert page.get_by_role("alert").is_visible()
    assert serious_violations(page) == []
    shoot(page, screenshot, "citizen-organisation-errors")
    page.get_by_label("Mã số thuế").fill("1101234567")
    page.get_by_label("Vai trò của bạn").select_option("owner")
    page.get_by_role("button", name="Thêm tổ chức").click()
    page.wait_for_url(re.compile(r".*/tai-khoan/$"))
    assert page.get_by_text("Chờ cán bộ xác minh").is_visible()

    # Staff verify it; the citizen then acts for the organisation.
    Representation.objects.update(verified=True)
    page.reload()
    page.get_by_label("Công ty TNHH Sen Vàng Long An").check()
    page.get_by_role("button", name="Chuyển").click()
    page.wait_for_url(re.compile(r".*/tai-khoan/$"))
    assert page.get_by_role("status").get_by_text("Đã chuyển").is_visible()
    assert page.get_by_text("Bạn đang thực hiện thay cho").is_visible()
    assert serious_violations(page) == []
    shoot(page, screenshot, "citizen-profile-organisation")

    # Signing out ends the provider's session too and comes back home.
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(live_server.url + "/")
    assert len(provider.logouts) == 1
    assert page.get_by_role("link", name="Đăng nhập").is_visible()


def test_pick_a_person_on_the_demo_provider(
    live_server, transactional_db, settings, open_page, screenshot
):
    load_people()
    demo = _serve(settings, people=demo_claims(), auto_approve=False)
    try:
        page = open_page(viewport=PHONE)
        page.goto(live_server.url + "/dang-nhap/")
        page.get_by_role(
            "link", name="Đăng nhập bằng tài khoản định danh điện tử"
        ).click()
        page.wait_for_url(re.compile(rf"{re.escape(demo.issuer)}/authorize.*"))
        assert serious_violations(page) == []
        shoot(page, screenshot, "demo-oidc-people")
        page.get_by_role("button", name="Hồ Văn Bình").click()
        page.wait_for_url(re.compile(r".*/tai-khoan/$"))
        assert page.get_by_role("heading", name="Tài khoản của tôi").is_visible()
        assert page.get_by_text("Hồ Văn Bình").first.is_visible()
    finally:
        demo.stop()


def test_register_a_local_account(live_server, transactional_db, open_page, screenshot):
    # A transactional test starts on a flushed database: the templates again.
    load_defaults(MessageTemplate)
    page = open_page(viewport=PHONE)
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
    # Asking again at once is refused with the time to wait.
    page.get_by_role("button", name="Gửi lại mã").click()
    assert page.get_by_role("alert").get_by_text("chờ").is_visible()
    assert serious_violations(page) == []
    shoot(page, screenshot, "citizen-code")
    page.get_by_label("Mã xác thực").fill(_last_code("0912345678"))
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url(re.compile(r".*/tai-khoan/$"))
    assert page.get_by_text("Trần Thị Bình").first.is_visible()


def test_forgotten_password(live_server, transactional_db, open_page, screenshot):
    load_defaults(MessageTemplate)
    user = register_local(
        full_name="Lê Thị Thu Trang",
        kind="email",
        value="trang@example.vn",
        password="hoa-sen-2026",
    )
    user.is_active = True
    user.save()
    page = open_page(viewport=PHONE)
    page.goto(live_server.url + "/dang-nhap/tai-khoan/")
    page.get_by_role("link", name="Quên mật khẩu?").click()
    assert serious_violations(page) == []
    shoot(page, screenshot, "citizen-reset")
    page.get_by_label("Số điện thoại hoặc thư điện tử").fill("trang@example.vn")
    page.get_by_role("button", name="Gửi mã xác thực").click()
    page.wait_for_url(re.compile(r".*/dang-nhap/ma-xac-thuc/$"))
    assert page.get_by_text("Nếu có tài khoản dùng").is_visible()
    page.get_by_label("Mã xác thực").fill(_last_code("trang@example.vn"))
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url(re.compile(r".*/dang-nhap/mat-khau-moi/$"))
    assert serious_violations(page) == []
    shoot(page, screenshot, "citizen-new-password")
    page.get_by_label("Mật khẩu", exact=True).fill("sen-hong-2027")
    page.get_by_label("Nhập lại mật khẩu").fill("sen-hong-2027")
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    page.wait_for_url(re.compile(r".*/tai-khoan/$"))
    user.refresh_from_db()
    assert user.check_password("sen-hong-2027")


def test_account_pages_stay_within_the_page_budget(
    live_server, transactional_db, provider, open_page
):
    page = open_page(viewport=PHONE)
    page.goto(live_server.url + "/dang-nhap/oidc/", timeout=30_000)
    page.wait_for_url(re.compile(r".*/tai-khoan/$"))
    for path in (
        "/tai-khoan/",
        "/tai-khoan/to-chuc/them/",
        "/dang-nhap/quen-mat-khau/",
        "/dang-nhap/",
    ):
        weight = before_images(transferred(page, live_server.url + path))
        assert 0 < weight < BUDGET_BYTES, (path, weight)
