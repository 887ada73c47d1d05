"""The three processing journeys of issue 4, each through the real back office.

1. A walk-in dossier of a district procedure: the desk receives it on the
   reception screen, the specialist takes it up from the inbox and forwards
   it, the head of office approves, the People's Committee leader generates
   the result and signs it, the clerk issues it, the desk hands it over
   (receiver's name, ID checked). The dossier is "returned", the signed
   result's QR opens the public verification page, the timeline has every
   hand-over and the process-control slip downloads.
2. A commune dossier transferred to the district (liên thông) and back: the
   district sees it in its inbox, does its part and returns it; the commune
   goes on to the result; the legs table shows each agency's time.
3. A supplement: the specialist lists the missing papers, the clock pauses
   (the public tracking page says so), the desk records the papers a day
   later and the specialist's step is back with a later due time.

Every officer signs in as themselves. The server's clock is moved to the next
Monday 08:00 (and, in journey 3, one working day on) with time-machine, so
due times are working-day times whatever day the suite runs. Screenshots at
360 px and 1280 px go to var/screenshots/journey-*.png; axe-core checks the
inbox and the dossier page.
"""

import io
import re
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings as django_settings
from django.utils import translation

import pytest
import time_machine
from playwright.sync_api import expect

from e2e.browsing import DESKTOP, PASSWORD, PHONE, serious_violations, shoot
from motcua.accounts.domain import Role
from motcua.accounts.models import RoleAssignment
from motcua.accounts.tests.factories import UserFactory
from motcua.dossiers.domain import Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.notifications.models import MessageTemplate, OutboxMessage
from motcua.notifications.seed import load_defaults
from motcua.workflow.models import DossierTask
from motcua.workflow.tests.world import build_world, procedure

pytestmark = pytest.mark.browser

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
SHOTS = "journey"
SCREENSHOTS = Path(django_settings.BASE_DIR) / "var" / "screenshots"


def vi(message: str) -> str:
    """Return ``message`` as the Vietnamese page shows it."""
    with translation.override("vi"):
        return str(translation.gettext(message))


def shoot_part(page, selector, name):
    """Save one part of the page (a panel) at 360 px and 1280 px."""
    for viewport, width in ((PHONE, "360"), (DESKTOP, "1280")):
        page.set_viewport_size(viewport)
        page.locator(selector).screenshot(
            path=str(SCREENSHOTS / f"{SHOTS}-{name}-{width}.png")
        )
    page.set_viewport_size(DESKTOP)


def sign_in(open_page, live_server, user):
    page = open_page(DESKTOP)
    page.goto(live_server.url + "/can-bo/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "dang-nhap" not in url)
    return page


def fold(text: str) -> str:
    """Return ``text`` without Vietnamese diacritics, lower case."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def flash(page) -> str:
    return page.locator(".flash").first.inner_text()


def act(page, action, fill=None):
    """Take ``action`` from the processing panel of the dossier page."""
    selector = f"form[action$='/xu-ly/{action}/']"
    form = page.locator(f"#xu-ly {selector}")
    if form.count() == 0:
        offered = page.locator("#xu-ly form").evaluate_all(
            "forms => forms.map(f => f.getAttribute('action'))"
        )
        pytest.fail(
            f"the processing panel of {page.url} offers no '{action}' action "
            f"(it offers {offered})"
        )
    details = page.locator("#xu-ly details.workflow__action").filter(
        has=page.locator(selector)
    )
    if details.count() and not details.first.evaluate("d => d.open"):
        details.first.locator("summary").click()
    if fill:
        fill(form)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def open_dossier(page, live_server, code):
    page.goto(f"{live_server.url}/can-bo/ho-so/{code}/")


def next_monday_8am() -> datetime:
    today = datetime.now(HCM).date()
    days = (7 - today.weekday()) % 7 or 7
    monday = today + timedelta(days=days)
    return datetime(monday.year, monday.month, monday.day, 8, 0, tzinfo=HCM)


@pytest.fixture
def clock():
    """Run the server on the next Monday from 08:00, time flowing."""
    with time_machine.travel(next_monday_8am(), tick=True) as traveller:
        yield traveller


@pytest.fixture
def province(transactional_db, settings, tmp_path, live_server, clock):
    """Build a district and its communes with their staff, two procedures, a dev CA."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MOTCUA_PUBLIC_URL = live_server.url
    settings.MOTCUA_PKI_DIR = tmp_path / "pki"
    settings.MOTCUA_DEV_PKI = True
    settings.MOTCUA_PKI_TRUST_ROOTS = []
    # A transactional test empties the tables the migrations filled.
    load_defaults(MessageTemplate)
    world = build_world()
    names = {
        world.district.agency.pk: {
            "desk": "Trần Thị Mai",
            "specialist": "Lê Văn Thẩm",
            "leader": "Phạm Minh Trưởng",
            "clerk": "Võ Thị Thư",
        },
        world.commune.agency.pk: {
            "desk": "Đỗ Thị Hoa",
            "specialist": "Huỳnh Văn Định",
            "leader": "Bùi Quốc Xã",
            "clerk": "Ngô Thị Lưu",
        },
    }
    for office in (world.district, world.commune):
        for key, user in office.staff.items():
            user.full_name = names[office.agency.pk][key]
            user.set_password(PASSWORD)
            user.save()
    # The district's head of office approves; the People's Committee's
    # vice-chairman signs. Both hold the leader role there.
    chair = UserFactory(username="phochutich.district", full_name="Nguyễn Hữu Ký")
    chair.set_password(PASSWORD)
    chair.save()
    RoleAssignment.objects.create(
        user=chair, agency=world.district.agency, role=Role.LEADER
    )
    district_version = procedure("1.001612")
    commune_version = procedure("1.004859", level="commune", functions=("commune_pc",))
    return {
        "world": world,
        "chair": chair,
        "district_version": district_version,
        "commune_version": commune_version,
    }


def receive_at_desk(page, live_server, version, *, name, personal_id):
    """Receive a walk-in dossier on the reception screen; return its code."""
    page.goto(live_server.url + "/can-bo/tiep-nhan/")
    page.get_by_label("Tìm thủ tục").fill(version.procedure.code)
    choice = page.get_by_role(
        "link", name=re.compile(re.escape(version.procedure.code))
    )
    choice.first.wait_for()
    choice.first.click()
    page.wait_for_url(re.compile(r"/can-bo/tiep-nhan/\?thu_tuc=\d+$"))
    page.get_by_label(vi("Full name"), exact=True).fill(name)
    page.get_by_label(vi("Personal ID number (12 digits)")).fill(personal_id)
    page.get_by_label(vi("Address"), exact=True).fill(
        "Ấp 3, thị trấn Tân Thạnh, huyện Tân Thạnh"
    )
    page.get_by_label(vi("Phone"), exact=True).fill("0912345678")
    page.get_by_label(vi("E-mail"), exact=True).fill("nguoinop@example.vn")
    for paper in version.documents.all():
        page.get_by_role("checkbox", name=paper.name).check()
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()
    page.wait_for_url("**/can-bo/tiep-nhan/xong/**")
    return page.locator("#dossier-code").inner_text().strip()


def timeline(page) -> list[str]:
    return [
        " ".join(text.split())
        for text in page.locator("ol.timeline > li.timeline__item").all_inner_texts()
    ]


def pdf_page(pdf: bytes, name: str):
    """Render the first page of a PDF and save it to look at."""
    import pypdfium2

    document = pypdfium2.PdfDocument(io.BytesIO(pdf))
    image = document[0].render(scale=2).to_pil()
    image.save(SCREENSHOTS / f"{SHOTS}-{name}.png")
    return image


def qr_text(pdf: bytes, name: str) -> str:
    """Render the first page of a PDF, save it, decode its QR code."""
    import zxingcpp

    codes = zxingcpp.read_barcodes(pdf_page(pdf, name))
    assert codes, f"no QR code on the first page of {name}"
    return codes[0].text


# --------------------------------------------------------------------------
# Journey 1
# --------------------------------------------------------------------------


def test_journey_1_walk_in_district_dossier_is_returned_at_the_desk(
    live_server, province, clock, open_page, screenshot
):
    office = province["world"].district
    version = province["district_version"]
    layout = []

    # The desk receives a walk-in dossier on the reception screen.
    desk = sign_in(open_page, live_server, office.desk)
    code = receive_at_desk(
        desk, live_server, version, name="Nguyễn Văn An", personal_id="080090000123"
    )
    dossier = Dossier.objects.get(code=code)
    assert dossier.handling_agency == office.agency
    open_dossier(desk, live_server, code)
    act(desk, "forward")
    assert vi("The dossier was forwarded to the next step.") in flash(desk)

    # It waits in the specialist's inbox; he takes it up and forwards it.
    clock.shift(timedelta(minutes=45))
    specialist = sign_in(open_page, live_server, office.specialist)
    specialist.goto(live_server.url + "/can-bo/viec-can-lam/")
    row = specialist.locator("table.inbox-table tbody tr").filter(has_text=code)
    expect(row).to_have_count(1)
    assert "Nguyễn Văn An" in row.inner_text()
    assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", row.inner_text())
    shoot(specialist, screenshot, f"{SHOTS}-1-inbox-specialist", layout)
    assert serious_violations(specialist) == []
    specialist.click(f"button[aria-label='{vi('Take up %(code)s') % {'code': code}}']")
    assert vi("You took up the dossier.") in flash(specialist)
    open_dossier(specialist, live_server, code)
    panel = specialist.locator("#xu-ly").inner_text()
    assert "Chuyên viên thẩm định hồ sơ" in panel
    assert office.specialist.full_name in panel
    shoot(specialist, screenshot, f"{SHOTS}-1-dossier-specialist", layout)
    assert serious_violations(specialist) == []
    clock.shift(timedelta(hours=2))
    act(
        specialist,
        "forward",
        lambda form: form.locator("textarea").first.fill("Hồ sơ đủ điều kiện."),
    )
    assert vi("The dossier was forwarded to the next step.") in flash(specialist)

    # The head of office approves.
    clock.shift(timedelta(hours=1))
    head = sign_in(open_page, live_server, office.leader)
    head.goto(live_server.url + "/can-bo/viec-can-lam/")
    expect(
        head.locator("table.inbox-table tbody tr").filter(has_text=code)
    ).to_have_count(1)
    open_dossier(head, live_server, code)
    # The specialist's note reaches the head of office.
    assert "Hồ sơ đủ điều kiện." in "\n".join(timeline(head))
    assert "Hồ sơ đủ điều kiện." in head.locator("#xu-ly").inner_text()
    act(head, "approve")
    assert vi("The dossier was approved.") in flash(head)

    # The People's Committee's leader generates the result and signs it.
    clock.shift(timedelta(hours=2))
    chair = sign_in(open_page, live_server, province["chair"])
    open_dossier(chair, live_server, code)
    generate = chair.locator("#ket-qua form[action$='/ket-qua/tao/'] button")
    if generate.count() == 0:
        pytest.fail(
            f"bug (C results): /can-bo/ho-so/{code}/ shows no "
            "'Generate the result from the template' button to the signing leader"
        )
    generate.click()
    chair.wait_for_load_state()
    assert chair.locator("#ket-qua tbody tr").count() == 1
    act(chair, "sign")
    assert vi("The result was signed.") in flash(chair)

    # The clerk issues it: the result gets its code.
    clock.shift(timedelta(hours=1))
    clerk = sign_in(open_page, live_server, office.clerk)
    open_dossier(clerk, live_server, code)
    act(clerk, "issue")
    assert vi("The result was issued.") in flash(clerk)
    result_code = f"{code}-KQ1"
    assert result_code in clerk.locator("#ket-qua").inner_text()

    # The desk hands it over: receiver's name, ID number, ID checked.
    clock.shift(timedelta(hours=1))
    open_dossier(desk, live_server, code)
    desk.locator("#ket-qua").get_by_role(
        "link", name=vi("Hand over the result")
    ).click()
    desk.wait_for_url(re.compile(r"/can-bo/tra-ket-qua/"))
    assert desk.get_by_label(vi("Received by (full name)")).input_value() in (
        "Nguyễn Văn An",
        "",
    )
    desk.get_by_label(vi("Received by (full name)")).fill("Nguyễn Văn An")
    desk.get_by_label(vi("Personal ID number of the person collecting")).fill(
        "080090000123"
    )
    desk.get_by_label(vi("I checked their identity paper")).check()
    desk.get_by_role("button", name=vi("Record the hand-over")).click()
    desk.wait_for_url(re.compile(rf"/can-bo/ho-so/{re.escape(code)}/"))
    assert vi("The hand-over of the result was recorded.") in flash(desk)

    # The dossier is returned, and says so.
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED
    open_dossier(desk, live_server, code)
    assert desk.locator(".status-line .badge--status").inner_text() == (
        "Đã trả kết quả"
    )
    leg = desk.locator("#xu-ly table.legs tbody tr").inner_text()
    assert "0 phút" not in leg, leg  # 08:00-15:45 less the lunch break
    results_panel = desk.locator("#ket-qua").inner_text()
    assert "Nguyễn Văn An" in results_panel
    shoot(desk, screenshot, f"{SHOTS}-1-dossier-returned", layout)
    shoot_part(desk, "#ket-qua", "1-results-panel")
    assert serious_violations(desk) == []

    # The timeline shows every hand-over, each by its officer.
    events = timeline(desk)
    actions = list(
        DossierEvent.objects.filter(dossier=dossier)
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == [
        "receive",
        "start_processing",
        "forward",
        "claim",
        "forward",
        "approve",
        "sign",
        "issue",
        "resolve",
        "return_result",
    ]
    assert len(events) >= len(actions), events
    raw = [e for e in events if re.search(r"\b(forward|claim|approve|sign|issue)\b", e)]
    assert raw == [], f"untranslated activities in the timeline: {raw}"
    times = {e.split()[1] for e in events}
    assert len(times) >= 6, events  # each hand-over at its own time
    joined = "\n".join(events)
    for officer in (
        office.desk,
        office.specialist,
        office.leader,
        province["chair"],
        office.clerk,
    ):
        assert officer.full_name in joined, (officer.full_name, events)

    # The process-control slip downloads.
    slip = desk.get_by_role("link", name=re.compile("phiếu kiểm soát", re.I))
    if slip.count() == 0:
        pytest.fail(
            f"bug (D lateness): /can-bo/ho-so/{code}/ has no process-control slip link"
        )
    with desk.expect_download() as download_info:
        slip.first.click()
    with open(download_info.value.path(), "rb") as handle:
        slip_pdf = handle.read()
    assert slip_pdf.startswith(b"%PDF")
    pdf_page(slip_pdf, "1-control-slip")

    # The signed result carries a QR code that opens the public verification.
    link = desk.locator("#ket-qua a[download]").first
    response = desk.request.get(live_server.url + link.get_attribute("href"))
    assert response.ok
    pdf = response.body()
    assert pdf.startswith(b"%PDF")
    assert b"/ByteRange" in pdf  # a PAdES signature
    url = qr_text(pdf, "1-result-pdf")
    assert result_code in url, url
    public = open_page(DESKTOP)
    public.goto(url.replace(django_settings.MOTCUA_PUBLIC_URL, live_server.url))
    body = public.locator("main").inner_text()
    assert result_code in body
    assert re.search(r"hợp lệ", body, re.I), body
    shoot(public, screenshot, f"{SHOTS}-1-public-verification", layout)

    # The public tracking page says it was returned.
    public.goto(f"{live_server.url}/tra-cuu/?ma={code}")
    assert "Đã trả kết quả" in public.locator("main").inner_text()
    shoot(public, screenshot, f"{SHOTS}-1-public-tracking", layout)

    # The board of the People's Committee leader.
    chair.goto(live_server.url + "/can-bo/canh-bao/")
    assert chair.locator("h1").count() == 1
    shoot(chair, screenshot, f"{SHOTS}-1-board-leader", layout)
    assert layout == [], layout
    for page in (desk, specialist, head, chair, clerk, public):
        assert page.console_errors == [], page.console_errors


# --------------------------------------------------------------------------
# Journey 2
# --------------------------------------------------------------------------


def test_journey_2_commune_dossier_goes_to_the_district_and_back(
    live_server, province, clock, open_page, screenshot
):
    world = province["world"]
    commune, district = world.commune, world.district
    version = province["commune_version"]
    layout = []

    desk = sign_in(open_page, live_server, commune.desk)
    code = receive_at_desk(
        desk, live_server, version, name="Trần Thị Bình", personal_id="080190000456"
    )
    open_dossier(desk, live_server, code)
    act(desk, "forward")

    # The commune's specialist transfers the appraisal to the district.
    specialist = sign_in(open_page, live_server, commune.specialist)
    specialist.goto(live_server.url + "/can-bo/viec-can-lam/")
    specialist.click(f"button[aria-label='{vi('Take up %(code)s') % {'code': code}}']")
    open_dossier(specialist, live_server, code)

    def to_district(form):
        form.locator("select[name=to_agency]").select_option(district.agency.code)
        form.locator("textarea").first.fill("Đề nghị huyện xác minh hộ tịch.")

    clock.shift(timedelta(hours=1))
    act(specialist, "transfer", to_district)
    assert vi("The dossier was transferred.") in flash(specialist)

    # The district's specialist finds it in the inbox and forwards it.
    clock.shift(timedelta(hours=2))
    there = sign_in(open_page, live_server, district.specialist)
    there.goto(live_server.url + "/can-bo/viec-can-lam/")
    row = there.locator("table.inbox-table tbody tr").filter(has_text=code)
    expect(row).to_have_count(1)
    shoot(there, screenshot, f"{SHOTS}-2-inbox-district", layout)
    assert serious_violations(there) == []
    open_dossier(there, live_server, code)
    assert "Đề nghị huyện xác minh hộ tịch." in there.locator("#xu-ly").inner_text()
    shoot(there, screenshot, f"{SHOTS}-2-dossier-district", layout)
    assert serious_violations(there) == []
    act(there, "forward")
    assert vi("The dossier was forwarded to the next step.") in flash(there)

    # The district's leader completes its part the next morning.
    clock.shift(timedelta(days=1))
    boss = sign_in(open_page, live_server, district.leader)
    boss.goto(live_server.url + "/can-bo/viec-can-lam/")
    expect(
        boss.locator("table.inbox-table tbody tr").filter(has_text=code)
    ).to_have_count(1)
    open_dossier(boss, live_server, code)
    act(
        boss,
        "complete_transfer",
        lambda form: form.locator("textarea").first.fill("Đã xác minh, đúng."),
    )
    assert vi(
        "The agency's part is done; the dossier went back to the sending agency."
    ) in flash(boss)

    # The commune goes on: specialist → leader signs → clerk issues → desk.
    specialist.goto(live_server.url + "/can-bo/viec-can-lam/")
    expect(
        specialist.locator("table.inbox-table tbody tr").filter(has_text=code)
    ).to_have_count(1)
    open_dossier(specialist, live_server, code)
    assert "Đã xác minh, đúng." in specialist.locator("#xu-ly").inner_text()
    clock.shift(timedelta(hours=1))
    act(specialist, "forward")
    clock.shift(timedelta(hours=1))
    leader = sign_in(open_page, live_server, commune.leader)
    open_dossier(leader, live_server, code)
    act(leader, "sign")
    assert vi("The result was signed.") in flash(leader)
    clerk = sign_in(open_page, live_server, commune.clerk)
    open_dossier(clerk, live_server, code)
    act(clerk, "issue")
    assert vi("The result was issued.") in flash(clerk)
    dossier = Dossier.objects.get(code=code)
    assert dossier.status == Status.RESOLVED

    # The legs table: the commune's time and the district's.
    open_dossier(desk, live_server, code)
    legs = desk.locator("#xu-ly table.legs tbody tr")
    expect(legs).to_have_count(2)
    texts = legs.all_inner_texts()
    assert commune.agency.name in texts[0]
    assert district.agency.name in texts[1]
    for text in texts:
        assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", text), text
    # The district held it from Monday 09:00 to Tuesday 11:00.
    assert "0 phút" not in texts[1], texts[1]
    assert dossier.code.startswith(commune.agency.code)  # one code throughout
    shoot(desk, screenshot, f"{SHOTS}-2-dossier-legs", layout)
    shoot_part(desk, "#xu-ly", "2-processing-panel")
    assert serious_violations(desk) == []

    # The commune's desk returns it.
    desk.locator("#ket-qua").get_by_role(
        "link", name=vi("Hand over the result")
    ).click()
    desk.get_by_label(vi("Received by (full name)")).fill("Trần Thị Bình")
    desk.get_by_label(vi("Personal ID number of the person collecting")).fill(
        "080190000456"
    )
    desk.get_by_label(vi("I checked their identity paper")).check()
    desk.get_by_role("button", name=vi("Record the hand-over")).click()
    desk.wait_for_url(re.compile(rf"/can-bo/ho-so/{re.escape(code)}/"))
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED
    actions = list(
        DossierEvent.objects.filter(dossier=dossier)
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    for action in ("transfer", "transfer_done", "sign", "issue", "return_result"):
        assert action in actions, actions
    events = "\n".join(timeline(desk))
    assert district.agency.name in events or district.specialist.full_name in events
    assert layout == [], layout


# --------------------------------------------------------------------------
# Journey 3
# --------------------------------------------------------------------------


def test_journey_3_supplement_requested_and_resumed(
    live_server, province, clock, open_page, screenshot
):
    office = province["world"].district
    version = province["district_version"]
    layout = []

    desk = sign_in(open_page, live_server, office.desk)
    code = receive_at_desk(
        desk, live_server, version, name="Lê Hoàng Cường", personal_id="080090000789"
    )
    open_dossier(desk, live_server, code)
    act(desk, "forward")
    specialist = sign_in(open_page, live_server, office.specialist)
    specialist.goto(live_server.url + "/can-bo/viec-can-lam/")
    specialist.click(f"button[aria-label='{vi('Take up %(code)s') % {'code': code}}']")
    task = DossierTask.objects.get(dossier__code=code, state="open")
    step_due_before = task.due_at
    dossier_due_before = task.dossier.due_at

    # The specialist asks for exactly what is missing.
    open_dossier(specialist, live_server, code)
    missing = ["Bản sao giấy chứng sinh", "Giấy xác nhận nơi cư trú"]

    def ask(form):
        form.locator("textarea[name=items]").fill("\n".join(missing))
        form.locator("textarea[name=reason]").fill("Thiếu giấy tờ chứng minh.")

    act(specialist, "request_supplement", ask)
    assert vi("The applicant is asked for the papers; the clock is paused.") in flash(
        specialist
    )
    dossier = Dossier.objects.get(code=code)
    assert dossier.status == Status.AWAITING_SUPPLEMENT

    # The dossier page: awaiting supplement, clock paused.
    open_dossier(desk, live_server, code)
    status = desk.locator(".status-line .badge--status").inner_text()
    assert "bổ sung" in status.lower(), status
    page_text = desk.locator("main").inner_text()
    assert vi("clock paused") in page_text
    for item in missing:  # the desk sees what to collect
        assert item in page_text, item
    shoot(desk, screenshot, f"{SHOTS}-3-dossier-awaiting-supplement", layout)
    assert serious_violations(desk) == []

    # The public tracking page says what is awaited.
    public = open_page(PHONE)
    public.goto(f"{live_server.url}/tra-cuu/?ma={code}")
    tracking = public.locator("main").inner_text()
    assert "bổ sung" in tracking.lower(), tracking
    assert (
        vi("The time limit is paused while the applicant completes the dossier.")
        in tracking
    ), tracking

    # The applicant is told exactly what is missing (e-mail and SMS).
    told = OutboxMessage.objects.filter(kind="supplement_needed", subject_ref=code)
    assert {m.channel for m in told} == {"email", "sms"}, list(told)
    for message in told:
        for item in missing:
            # SMS are sent without diacritics.
            assert fold(item) in fold(message.body), (message.channel, message.body)
    shoot(public, screenshot, f"{SHOTS}-3-public-tracking-paused", layout)

    # The next working day the applicant brings the papers to the desk.
    clock.shift(timedelta(days=1))
    open_dossier(desk, live_server, code)
    desk.get_by_role("link", name=vi("Record the supplement")).click()
    desk.wait_for_url("**/xu-ly/ghi-nhan/supplement/")
    for item in missing:
        assert item in desk.locator("main").inner_text(), item
    desk.locator("textarea[name=note]").fill("; ".join(missing))
    shoot(desk, screenshot, f"{SHOTS}-3-desk-record-supplement", layout)
    desk.locator("form.narrow-form button[type=submit]").click()
    assert vi("The supplement was recorded; the clock runs again.") in flash(desk)

    # The specialist's step is back, due later than before.
    dossier.refresh_from_db()
    assert dossier.status != Status.AWAITING_SUPPLEMENT
    task = DossierTask.objects.get(dossier=dossier, state="open")
    assert task.role == Role.SPECIALIST
    assert task.due_at > step_due_before, (task.due_at, step_due_before)
    assert dossier.due_at > dossier_due_before
    specialist.goto(live_server.url + "/can-bo/viec-can-lam/")
    row = specialist.locator("table.inbox-table tbody tr").filter(has_text=code)
    expect(row).to_have_count(1)
    local_due = task.due_at.astimezone(HCM).strftime("%d/%m/%Y %H:%M")
    assert local_due in row.inner_text(), (local_due, row.inner_text())
    shoot(specialist, screenshot, f"{SHOTS}-3-inbox-resumed", layout)
    assert serious_violations(specialist) == []

    public.goto(f"{live_server.url}/tra-cuu/?ma={code}")
    shoot(public, screenshot, f"{SHOTS}-3-public-tracking-resumed", layout)

    # Left untouched for eight more days, it is late on the leaders' board.
    clock.shift(timedelta(days=8))
    head = sign_in(open_page, live_server, office.leader)
    head.goto(live_server.url + "/can-bo/canh-bao/")
    assert code in head.locator("main").inner_text()
    shoot(head, screenshot, f"{SHOTS}-3-board-late", layout)
    assert layout == [], layout
