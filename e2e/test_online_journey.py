"""The whole online service on a 360 px phone, as the issue's "done when" asks.

A citizen signs in through the (local) national identity provider, finds
"dang ky khai sinh", files it with the declaration prefilled from the
population registry, attaches the papers, pays the fee through the (local)
VNPay gateway and submits; the commune's desk officer receives it from the
online queue; the commune processes it (its services, as the processing
journeys test the screens) and returns the signed result electronically;
the citizen follows it on "Hồ sơ của tôi", downloads the result and rates
the service. Every citizen page is checked with axe, weighed (under 150 KB
before images), and Lighthouse scores the accessibility of the procedure,
form and my-dossiers pages (at least 95). Screenshots go to var/screenshots.
"""

import re
import threading
from datetime import date

from django.db import connection
from django.utils import timezone

import pytest

from e2e.browsing import DESKTOP, PASSWORD, PHONE, serious_violations, shoot
from e2e.quality import (
    BUDGET_BYTES,
    LIGHTHOUSE,
    before_images,
    lighthouse_accessibility,
    record,
    transferred,
)
from motcua.accounts.domain import Role
from motcua.accounts.models import RoleAssignment
from motcua.accounts.tests.factories import UserFactory
from motcua.citizens.demo_oidc import USER
from motcua.citizens.tests.fake_oidc import FakeOidcProvider
from motcua.dossiers.domain import Status
from motcua.dossiers.models import Dossier
from motcua.filing.models import Rating
from motcua.filing.tests.factories import PDF, online_setup
from motcua.integrations.fake_vnpay import FakeVnpay
from motcua.notifications.models import MessageTemplate, OutboxMessage
from motcua.notifications.seed import load_defaults
from motcua.payments.models import Payment
from motcua.registry.models import RegistryPerson
from motcua.results.services import DeliveryData
from motcua.workflow import services as workflow
from motcua.workflow.models import DossierTask

pytestmark = pytest.mark.browser


@pytest.fixture
def province(live_server, transactional_db, settings, tmp_path):
    """Build the commune, its staff, birth registration online and the outside services."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MOTCUA_PUBLIC_URL = live_server.url
    settings.MOTCUA_PKI_DIR = tmp_path / "pki"
    settings.MOTCUA_DEV_PKI = True
    settings.MOTCUA_PKI_TRUST_ROOTS = []
    load_defaults(MessageTemplate)  # a transactional test starts emptied
    identity = FakeOidcProvider().start()
    for name, value in identity.settings().items():
        setattr(settings, name, value)
    gateway = FakeVnpay(interactive=True).start()
    settings.MOTCUA_VNPAY = gateway.settings()
    RegistryPerson.objects.create(
        personal_id=USER["personal_id"],
        full_name=USER["name"],
        birth_date=date(1990, 5, 17),
        sex="male",
        birth_place="Xã Tân Thành, huyện Tân Thạnh, tỉnh Long An",
        hometown="Tân Thạnh, Long An",
        ethnicity="Kinh",
        permanent_address=USER["address"]["formatted"],
        current_address=USER["address"]["formatted"],
    )
    setup = online_setup(fee=8000, online_level="full")
    staff = {"desk": setup.desk}
    for role, name in (
        (Role.SPECIALIST, "Huỳnh Văn Định"),
        (Role.LEADER, "Bùi Quốc Xã"),
        (Role.CLERK, "Ngô Thị Lưu"),
    ):
        user = UserFactory(username=f"{role.value}.xa", full_name=name)
        RoleAssignment.objects.create(user=user, agency=setup.agency, role=role)
        staff[role.value] = user
    for user in staff.values():
        user.set_password(PASSWORD)
        user.save()
    yield setup, staff, gateway
    gateway.stop()
    identity.stop()


def check(page, screenshot, name, problems, figures=None):
    """Axe, weight before images, screenshots at 360 and 1280 px."""
    sizes = transferred(page, page.url)
    weight = before_images(sizes)
    record(
        name,
        bytes_before_images=weight,
        bytes_total=sum(sizes.values()),
        resources=dict(sorted(sizes.items(), key=lambda kv: -kv[1])),
    )
    if figures is not None:
        figures[name] = weight
    assert weight <= BUDGET_BYTES, f"{name}: {weight} bytes before images"
    assert serious_violations(page) == [], name
    shoot(page, screenshot, f"journey-{name}", problems)
    page.set_viewport_size(PHONE)


def score(page, name, scores):
    """Lighthouse's accessibility score of the page, signed in as the browser is."""
    value = lighthouse_accessibility(page.url, page.context.cookies(), name)
    record(name, lighthouse_accessibility=value)
    scores[name] = value


def ending(path: str):
    """Match a URL whose path ends with ``path`` (any query or fragment)."""
    return re.compile(re.escape(path) + r"([?#].*)?$")


def go_on(page, screenshot, button: str, then: str):
    """Press ``button``; the page must move to a URL ending in ``then``."""
    page.get_by_role("button", name=button, exact=True).click()
    try:
        page.wait_for_url(ending(then))
    except Exception:  # noqa: BLE001 (show why the step refused)
        screenshot(page, "journey-refused-360")
        pytest.fail(f"{page.url} did not go on:\n{page.locator('main').inner_text()}")


def open_task(dossier):
    return DossierTask.objects.get(dossier=dossier, state="open")


def test_a_citizen_files_pays_follows_and_rates_from_a_phone(
    live_server, province, open_page, screenshot
):
    setup, staff, gateway = province
    assert LIGHTHOUSE.exists(), "run scripts/setup.sh test: Lighthouse is missing"
    problems, scores, weights = [], {}, {}
    page = open_page(viewport=PHONE)
    page.set_default_timeout(30000)  # Lighthouse runs beside it

    # Sign in through the national identity provider (OIDC, PKCE).
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Đăng nhập").first.click()
    page.get_by_role("link", name="Đăng nhập bằng tài khoản định danh điện tử").click()
    page.wait_for_url(re.compile(r".*/tai-khoan/$"))

    # Find the procedure without diacritics.
    page.goto(live_server.url + "/")
    page.get_by_label("Tìm thủ tục hành chính").fill("dang ky khai sinh")
    page.wait_for_url(re.compile(r"\?q=dang\+ky\+khai\+sinh$"))
    page.locator(".result").first.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r".*/thu-tuc/1\.001193/$"))
    check(page, screenshot, "procedure", problems, weights)
    score(page, "procedure", scores)
    page.get_by_role("link", name="Nộp trực tuyến").click()

    # Eligibility.
    page.wait_for_url(re.compile(r".*/dieu-kien/$"))
    for group, answer in (
        ("Trẻ được sinh ra tại Việt Nam?", "Có"),
        (re.compile("Cha và mẹ"), "Có"),
        (re.compile("từng được đăng ký"), "Không"),
    ):
        page.get_by_role("group", name=group).get_by_label(answer).check()
    go_on(page, screenshot, "Lưu và tiếp tục", "/to-khai/")

    # The declaration, prefilled from the population registry and locked.
    requester = page.locator("[name=requester_name]")
    assert requester.input_value() == USER["name"]
    assert requester.get_attribute("readonly") is not None
    assert (
        page.locator("[name=requester_personal_id]").input_value()
        == (USER["personal_id"])
    )
    check(page, screenshot, "form", problems, weights)
    score(page, "form", scores)
    page.locator("[name=relation]").select_option(label="Cha")
    for field, value in {
        "child_name": "Nguyễn Minh Khang",
        "child_birth_date": "20/10/2025",
        "child_birth_place": "Trung tâm Y tế huyện Tân Thạnh, Long An",
        "child_hometown": "Tân Thạnh, Long An",
        "mother_name": "Trần Thị Bình",
        "mother_birth_date": "08/03/1993",
        "mother_residence": USER["address"]["formatted"],
    }.items():
        page.locator(f"[name={field}]").fill(value)
    page.locator("[name=child_sex][value=male]").check()
    go_on(page, screenshot, "Lưu và tiếp tục", "/giay-to/")

    # The papers: one scan each.
    papers = setup.version.documents.count()
    for index in range(papers):
        page.locator("input[type=file]").nth(index).set_input_files(
            {
                "name": f"giay-to-{index + 1}.pdf",
                "mimeType": "application/pdf",
                "buffer": PDF,
            }
        )
        page.get_by_role("button", name="Tải lên").nth(index).click()
        page.wait_for_load_state()
    check(page, screenshot, "documents", problems, weights)
    go_on(page, screenshot, "Tiếp tục", "/nhan-ket-qua/")

    # The result electronically (the procedure is full online).
    page.get_by_label(re.compile("điện tử")).check()
    go_on(page, screenshot, "Lưu và tiếp tục", "/le-phi/")

    # Fees: 8,000 đ paid now through the gateway.
    assert page.get_by_text("8.000 đ").first.is_visible(), page.locator(
        "main"
    ).inner_text()
    check(page, screenshot, "payment", problems, weights)
    page.get_by_label(re.compile("Thanh toán trực tuyến ngay")).check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.wait_for_url(re.compile(r"^" + re.escape(gateway.base_url)))
    assert page.get_by_role("heading", name="Cổng thanh toán thử nghiệm").is_visible()
    screenshot(page, "journey-gateway-360")
    page.get_by_role("button", name="Thanh toán").click()
    page.wait_for_url(ending("/xem-lai/"))
    payment = Payment.objects.get()
    assert (payment.state, payment.amount) == ("paid", 8000)

    # Review and submit: the code, the receipt, a message.
    check(page, screenshot, "review", problems, weights)
    page.get_by_label(re.compile("^Tôi cam đoan")).check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.wait_for_url(ending("/bien-nhan/"))
    dossier = Dossier.objects.get()
    assert page.get_by_text(dossier.code).first.is_visible()
    assert dossier.status == Status.NEW
    assert dossier.fee_paid == 8000
    assert OutboxMessage.objects.filter(kind="submitted", subject_ref=dossier.code)
    check(page, screenshot, "receipt", problems, weights)

    # The desk officer receives it from the online queue.
    desk = open_page(viewport=DESKTOP)
    desk.set_default_timeout(30000)
    desk.goto(live_server.url + "/can-bo/dang-nhap/")
    desk.get_by_label("Tên đăng nhập").fill(staff["desk"].username)
    desk.get_by_label("Mật khẩu").fill(PASSWORD)
    desk.get_by_role("button", name="Đăng nhập").click()
    desk.wait_for_url(lambda url: "dang-nhap" not in url)
    desk.goto(live_server.url + "/can-bo/truc-tuyen/")
    desk.get_by_role("link", name=dossier.code).first.click()
    screenshot(desk, "journey-desk-review-1280")
    desk.get_by_role("button", name="Tiếp nhận", exact=True).click()
    desk.wait_for_load_state()
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED
    assert dossier.due_at is not None

    # The citizen sees it received.
    page.goto(live_server.url + "/ho-so-cua-toi/")
    assert page.get_by_text(dossier.code).first.is_visible()
    check(page, screenshot, "my-dossiers", problems, weights)
    score(page, "my-dossiers", scores)

    # The commune processes it and returns the signed result electronically
    # (in a thread of its own: PDF signing runs an event loop, Playwright too).
    def process():
        try:
            workflow.forward(open_task(dossier), user=staff["desk"])
            workflow.forward(open_task(dossier), user=staff["specialist"])
            workflow.sign(open_task(dossier), user=staff["leader"])
            workflow.issue(open_task(dossier), user=staff["clerk"])
            workflow.return_result(
                open_task(dossier),
                user=staff["desk"],
                delivery=DeliveryData(method="electronic"),
            )
        except Exception as error:  # noqa: BLE001 (reported by the test)
            failures.append(error)
        finally:
            connection.close()

    failures = []
    worker = threading.Thread(target=process)
    worker.start()
    worker.join()
    assert failures == []
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED

    # The citizen follows it to the result, downloads it and rates the service.
    page.goto(live_server.url + f"/ho-so-cua-toi/{dossier.code}/")
    assert page.get_by_text("Đã trả kết quả").first.is_visible()
    check(page, screenshot, "my-dossier", problems, weights)
    score(page, "my-dossier", scores)
    link = page.locator("#results-title ~ * a.download").first
    answer = page.request.get(live_server.url + link.get_attribute("href"))
    assert answer.ok
    assert answer.body()[:5] == b"%PDF-"
    page.goto(live_server.url + f"/ho-so-cua-toi/{dossier.code}/danh-gia/")
    for question in page.get_by_role("group").all():
        question.get_by_label("Hài lòng", exact=True).check()
    page.get_by_role("button", name=re.compile("Gửi")).click()
    page.wait_for_load_state()
    rating = Rating.objects.get(dossier=dossier)
    assert rating.overall == "satisfied"
    assert rating.rated_at <= timezone.now()
    check(page, screenshot, "rated", problems, weights)

    # The figures are kept in var/audit/figures.json for the closing note.
    assert all(value >= 95 for value in scores.values()), scores
    assert problems == []
