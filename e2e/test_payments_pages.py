"""The back office's payment pages in a browser, and the fake VNPay page.

A desk officer finds the agency's payments, opens an online one paid
through the fake gateway's page (Thanh toán → IPN → return), records a
payment at the desk and refunds it. Shot at 360 px and 1280 px into
var/screenshots/ and checked with axe-core.
"""

import pytest

from e2e.browsing import PASSWORD, serious_violations, shoot, sign_in
from motcua.accounts.tests.factories import AgencyFactory, UnitFactory
from motcua.dossiers.tests.factories import DossierFactory, desk_officer
from motcua.integrations.fake_vnpay import FakeVnpay
from motcua.payments import services


@pytest.fixture
def office(transactional_db, settings, live_server):
    gateway = FakeVnpay(interactive=True).start()
    settings.MOTCUA_VNPAY = gateway.settings()
    agency = AgencyFactory(
        code="000.05.25.H39",
        name="Ủy ban nhân dân thị trấn Tân Thạnh",
        unit=UnitFactory(code="28135", name="Tân Thạnh"),
    )
    officer = desk_officer(agency, username="thu.ngan", full_name="Trần Thị Mai")
    officer.set_password(PASSWORD)
    officer.save()
    dossier = DossierFactory(receiving_agency=agency, fee_due=58000, fee_paid=0)
    yield {"gateway": gateway, "officer": officer, "dossier": dossier}
    gateway.stop()


def test_paying_online_then_the_desk_pages(live_server, office, open_page, screenshot):
    dossier = office["dossier"]
    url = services.start_online_payment(
        dossier,
        50000,
        return_url=live_server.url + "/thanh-toan/vnpay/tro-ve/",
        ip="127.0.0.1",
    )
    page = open_page()

    # The citizen's browser at the fake gateway.
    page.goto(url)
    assert page.get_by_role("heading", name="Cổng thanh toán thử nghiệm").is_visible()
    assert serious_violations(page) == []
    shoot(page, screenshot, "payments-gateway")
    page.get_by_role("button", name="Thanh toán").click()
    page.wait_for_url(lambda u: "/thanh-toan/vnpay/tro-ve/" in u)
    online = dossier.payments.get()
    online.refresh_from_db()
    assert online.state == "paid"

    # The desk officer's list and the payment's page.
    sign_in(page, live_server, "thu.ngan")
    page.get_by_role("link", name="Thanh toán", exact=True).first.click()
    page.wait_for_url(lambda u: u.endswith("/can-bo/thanh-toan/"))
    assert page.get_by_role("link", name=online.txn_ref).is_visible()
    assert serious_violations(page) == []
    shoot(page, screenshot, "payments-list")

    page.get_by_role("link", name=online.txn_ref).click()
    assert page.get_by_text("50.000 đ").first.is_visible()
    assert page.get_by_role("link", name="Biên lai (PDF)").is_visible()
    assert serious_violations(page) == []
    shoot(page, screenshot, "payments-detail")

    # The rest at the desk: 8.000 đ still owed.
    page.goto(live_server.url + f"/can-bo/thanh-toan/tai-quay/{dossier.code}/")
    amount = page.get_by_label("Số tiền đã thu (đồng)")
    assert amount.input_value() == "8000"
    assert serious_violations(page) == []
    shoot(page, screenshot, "payments-desk")
    page.get_by_role("button", name="Ghi nhận đã nộp").click()
    page.wait_for_url(lambda u: "/tai-quay/" not in u)
    assert page.get_by_role("status").first.is_visible()

    # Refunding it, with a reason.
    page.get_by_label("Lý do hoàn tiền").fill("Thu nhầm, trả lại tiền mặt")
    page.get_by_role("button", name="Hoàn 8.000 đ").click()
    page.wait_for_load_state()
    assert page.get_by_text("Thu nhầm, trả lại tiền mặt").first.is_visible()
    shoot(page, screenshot, "payments-refunded")

    page.goto(live_server.url + "/can-bo/thanh-toan/doi-soat/")
    assert serious_violations(page) == []
    shoot(page, screenshot, "payments-reconciliation")
