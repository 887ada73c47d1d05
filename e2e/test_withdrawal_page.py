"""The citizen's withdrawal request on the dossier page, answered in a browser.

The panel "Công dân yêu cầu rút hồ sơ" is shot at 360 px and 1280 px into
var/screenshots/ and checked with axe-core; the desk officer first tries to
refuse without reasons (a message, no error page), then refuses with them.
"""

import pytest
from playwright.sync_api import expect

from e2e.browsing import DESKTOP, PASSWORD, PHONE, serious_violations, shoot, sign_in
from motcua.dossiers.domain import Status
from motcua.filing.services import request_withdrawal
from motcua.filing.tests.factories import online_dossier, online_setup
from motcua.workflow.services.intake import accept_online

REASON = "Tôi nộp nhầm thủ tục, xin rút hồ sơ để nộp lại cho đúng."


@pytest.fixture
def asked(transactional_db, settings, tmp_path, live_server):
    settings.MEDIA_ROOT = tmp_path / "media"
    setup = online_setup()
    setup.desk.set_password(PASSWORD)
    setup.desk.save()
    dossier = online_dossier(setup)
    accept_online(dossier, officer=setup.desk)
    request_withdrawal(dossier, user=setup.citizen, reason=REASON)
    return setup, dossier


def test_the_desk_sees_the_request_and_refuses_it_with_reasons(
    live_server, asked, open_page, screenshot
):
    setup, dossier = asked
    page = sign_in(open_page(PHONE), live_server, setup.desk.username)
    page.goto(f"{live_server.url}/can-bo/ho-so/{dossier.code}/")

    panel = page.get_by_role("region", name="Công dân yêu cầu rút hồ sơ")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text(REASON)
    expect(panel.get_by_role("button", name="Chấp nhận")).to_be_visible()
    expect(panel.get_by_role("button", name="Từ chối")).to_be_visible()
    assert serious_violations(page) == []
    panel.scroll_into_view_if_needed()
    shoot(page, screenshot, "withdrawal-panel")

    panel.get_by_role("button", name="Từ chối").click()
    page.wait_for_url(f"**/can-bo/ho-so/{dossier.code}/rut-ho-so/")
    expect(page.get_by_role("alert")).to_contain_text("Nêu lý do từ chối")
    assert serious_violations(page) == []
    shoot(page, screenshot, "withdrawal-refused-without-reasons")

    page.get_by_label("Lý do (bắt buộc khi từ chối)").fill(
        "Kết quả đã được ký, không thể rút."
    )
    page.get_by_role("button", name="Từ chối").click()
    page.wait_for_url(f"**/can-bo/ho-so/{dossier.code}/")
    expect(page.get_by_text("Đã từ chối yêu cầu rút hồ sơ")).to_be_visible()
    expect(page.get_by_role("region", name="Công dân yêu cầu rút hồ sơ")).to_have_count(
        0
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_PROGRESS
    page.set_viewport_size(DESKTOP)
