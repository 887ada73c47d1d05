"""My dossiers (Hồ sơ của tôi) at 360 px: the list, a dossier, supplement, withdrawal.

A citizen with dossiers in several states finds what to do next on the
list, reads what the agency asked for, sends a corrected paper with the
keyboard only, sees both versions in the history, and asks to withdraw a
dossier in processing. Every page is checked with axe, weighed (under
150 KB before images) and saved at 360 and 1280 px in var/screenshots.
"""

import gzip
import re

from django.test import Client

import pytest

from e2e.browsing import PHONE, serious_violations, shoot
from e2e.quality import (
    BUDGET_BYTES,
    LIGHTHOUSE,
    before_images,
    lighthouse_accessibility,
    record,
    transferred,
)
from motcua.dossiers.domain import Action, Status
from motcua.dossiers.services.guidance import request_supplement
from motcua.dossiers.services.lifecycle import transition
from motcua.filing.models import SupplementRound
from motcua.filing.tests.factories import PDF, online_dossier, online_setup
from motcua.workflow.services.intake import accept_online

pytestmark = pytest.mark.browser


@pytest.fixture
def dossiers(live_server, transactional_db, settings, tmp_path, open_page):
    settings.MEDIA_ROOT = tmp_path
    setup = online_setup(fee=8000)
    asked = online_dossier(setup, pay_at_desk=True)
    paper = setup.version.documents.first()
    request_supplement(
        asked,
        officer=setup.desk,
        missing=[paper.pk],
        note="Ảnh giấy chứng sinh bị mờ, đề nghị chụp lại rõ nét.",
    )
    processing = online_dossier(setup, pay_at_desk=True)
    accept_online(processing, officer=setup.desk)
    transition(processing, Action.START_PROCESSING, actor=setup.desk)
    returned = online_dossier(setup, pay_at_desk=True)
    accept_online(returned, officer=setup.desk)
    for action in (Action.RESOLVE, Action.RETURN_RESULT):
        transition(returned, action, actor=setup.desk)
    waiting = online_dossier(setup, pay_at_desk=True)

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
    return (
        page,
        setup,
        {
            "asked": asked,
            "paper": paper,
            "processing": processing,
            "returned": returned,
            "waiting": waiting,
        },
    )


def check(page, screenshot, name, problems, *, weigh=True):
    """Axe, weight before images, screenshots at 360 and 1280 px.

    Weighing loads the address again; a page answering a form (errors, a
    message after a redirect) is only checked and shot as it stands.
    """
    weight = None
    if weigh:
        sizes = transferred(page, page.url)
        weight = before_images(sizes)
        record(f"my-{name}", bytes_before_images=weight)
        assert weight <= BUDGET_BYTES, f"{name}: {weight} bytes before images"
    assert serious_violations(page) == [], name
    shoot(page, screenshot, f"my-{name}", problems)
    page.set_viewport_size(PHONE)
    return weight


def first_visit(page, url):
    """Load ``url`` in a context with an empty cache; return (raw, as sent) bytes."""
    bodies = []

    def keep(response):
        kind = response.request.resource_type
        if kind in ("image", "media") or response.status != 200:
            return
        try:
            body = response.body()
        except Exception:  # noqa: BLE001 (a response without a body)
            return
        headers = sum(len(k) + len(v) + 4 for k, v in response.headers.items())
        bodies.append((kind, body, headers))

    page.on("response", keep)
    page.goto(url, wait_until="networkidle")
    page.remove_listener("response", keep)
    raw = sum(len(body) + headers for _kind, body, headers in bodies)
    sent = sum(
        headers
        + (len(gzip.compress(body)) if kind in ("script", "stylesheet") else len(body))
        for kind, body, headers in bodies
    )
    return raw, sent


def test_a_citizen_follows_supplements_and_withdraws_from_a_phone(
    live_server, dossiers, screenshot, tmp_path, open_page
):
    page, _setup, rows = dossiers
    problems, weights = [], {}

    # The list: each dossier with its state and what to do next.
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Hồ sơ của tôi").click()
    page.wait_for_url(re.compile(r".*/ho-so-cua-toi/$"))
    item = page.locator(".my-item").filter(has_text=rows["asked"].code)
    assert item.get_by_role("link", name=re.compile("Bổ sung hồ sơ")).is_visible()
    assert (
        page.locator(".my-item")
        .filter(has_text=rows["returned"].code)
        .get_by_role("link", name=re.compile("Đánh giá"))
        .is_visible()
    )
    assert (
        page.locator(".my-item")
        .filter(has_text=rows["waiting"].code)
        .get_by_text("Chờ tiếp nhận")
        .is_visible()
    )
    weights["list"] = check(page, screenshot, "list", problems)

    # Filtered to what waits for the citizen.
    page.get_by_role("link", name=re.compile("Chờ tôi thực hiện")).click()
    page.wait_for_url(re.compile(r"\?nhom=cho-toi$"))
    assert page.locator(".my-item").count() == 1
    weights["list-mine"] = check(page, screenshot, "list-mine", problems)

    # The dossier says exactly what to fix.
    page.get_by_role("link", name=rows["asked"].procedure_version.name).click()
    page.wait_for_url(
        re.compile(rf".*/ho-so-cua-toi/{re.escape(rows['asked'].code)}/$")
    )
    assert page.get_by_text("Ảnh giấy chứng sinh bị mờ").first.is_visible()
    weights["detail-asked"] = check(page, screenshot, "detail-asked", problems)

    # The supplement, with the keyboard only.
    page.get_by_role("link", name="Bổ sung hồ sơ").last.click()
    page.wait_for_url(re.compile(r".*/bo-sung/$"))
    weights["supplement"] = check(page, screenshot, "supplement", problems)
    page.get_by_role("link", name="Sửa tờ khai điện tử").click()
    page.wait_for_url(re.compile(r".*/bo-sung/\?to-khai=1"))
    assert page.get_by_role("group", name="Sửa tờ khai điện tử").is_visible()
    weights["supplement-form"] = check(page, screenshot, "supplement-form", problems)
    scan = tmp_path / "chup-lai.pdf"
    scan.write_bytes(PDF)
    upload = page.get_by_label(re.compile(rows["paper"].name[:20]))
    upload.set_input_files(str(scan))
    note = page.get_by_label("Giải trình gửi cơ quan (không bắt buộc)")
    note.focus()
    page.keyboard.type("Đã chụp lại giấy chứng sinh.")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Gửi hồ sơ bổ sung"
    page.keyboard.press("Enter")
    page.wait_for_url(
        re.compile(rf".*/ho-so-cua-toi/{re.escape(rows['asked'].code)}/(#.*)?$")
    )
    assert (
        page.get_by_role("status").get_by_text("Hồ sơ bổ sung đã được gửi").is_visible()
    )
    assert page.get_by_text("chup-lai.pdf").first.is_visible()
    assert SupplementRound.objects.filter(dossier=rows["asked"]).count() == 1
    check(page, screenshot, "detail-supplemented", problems, weigh=False)

    # Withdrawal of the dossier in processing: an empty reason is refused.
    page.goto(live_server.url + f"/ho-so-cua-toi/{rows['processing'].code}/")
    weights["detail-processing"] = check(
        page, screenshot, "detail-processing", problems
    )
    page.get_by_role("link", name="Đề nghị rút hồ sơ").click()
    page.wait_for_url(re.compile(r".*/rut-ho-so/$"))
    page.get_by_role("button", name="Gửi đề nghị rút hồ sơ").click()
    assert page.get_by_role("alert").is_visible()
    check(page, screenshot, "withdrawal-errors", problems, weigh=False)
    page.get_by_label("Lý do rút hồ sơ").fill("Nộp nhầm thủ tục.")
    page.get_by_role("button", name="Gửi đề nghị rút hồ sơ").click()
    page.wait_for_url(re.compile(r".*/ho-so-cua-toi/[^/]+/$"))
    rows["processing"].refresh_from_db()
    assert rows["processing"].status == Status.WITHDRAWAL_REQUESTED

    # The rating page of the returned dossier.
    page.goto(live_server.url + f"/ho-so-cua-toi/{rows['returned'].code}/danh-gia/")
    weights["rating"] = check(page, screenshot, "rating", problems)

    # A first visit, nothing cached: every font, script and style sheet.
    # The test server sends static files as they are; in production
    # WhiteNoise sends the compressed copies it built (gzip), so scripts
    # and styles count compressed. Pages and fonts count as sent.
    for name, address in (
        ("list-cold", "/ho-so-cua-toi/"),
        ("detail-cold", f"/ho-so-cua-toi/{rows['asked'].code}/"),
        ("supplement-cold", f"/ho-so-cua-toi/{rows['asked'].code}/bo-sung/"),
        (
            "supplement-form-cold",
            f"/ho-so-cua-toi/{rows['asked'].code}/bo-sung/?to-khai=1",
        ),
        ("rating-cold", f"/ho-so-cua-toi/{rows['returned'].code}/danh-gia/"),
    ):
        cold = open_page(viewport=PHONE)
        cold.context.add_cookies(page.context.cookies())
        raw, sent = first_visit(cold, live_server.url + address)
        record(f"my-{name}", bytes_before_images=sent, bytes_uncompressed=raw)
        weights[name] = sent
        assert sent <= BUDGET_BYTES, f"{name}: {sent} bytes before images"
    # Lighthouse's accessibility score (mobile) of the main pages.
    assert LIGHTHOUSE.exists(), "run scripts/setup.sh test: Lighthouse is missing"
    scores = {}
    for name, address in (
        ("list", "/ho-so-cua-toi/"),
        ("detail", f"/ho-so-cua-toi/{rows['asked'].code}/"),
        ("supplement", f"/ho-so-cua-toi/{rows['asked'].code}/bo-sung/?to-khai=1"),
        ("rating", f"/ho-so-cua-toi/{rows['returned'].code}/danh-gia/"),
    ):
        value = lighthouse_accessibility(
            live_server.url + address, page.context.cookies(), f"my-{name}"
        )
        record(f"my-{name}", lighthouse_accessibility=value)
        scores[name] = value
    print("\nmy dossiers, bytes before images:", weights)  # noqa: T201
    print("Lighthouse accessibility:", scores)  # noqa: T201
    assert all(value >= 95 for value in scores.values()), scores
    assert problems == []
