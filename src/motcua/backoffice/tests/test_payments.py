"""The back office's payment screens: list, one payment, the desk, refunds."""

import urllib.parse
from datetime import timedelta

from django.utils import timezone

import pytest

from motcua.accounts.domain import Role
from motcua.accounts.tests.factories import AgencyFactory
from motcua.dossiers.tests.factories import DossierFactory, desk_officer, staff_member
from motcua.integrations.fake_vnpay import FakeVnpay
from motcua.payments import services
from motcua.payments.automatic import refund_dossier
from motcua.payments.models import Payment, Refund

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(agency):
    return DossierFactory(receiving_agency=agency, fee_due=50000, fee_paid=20000)


@pytest.fixture
def paid(dossier, officer):
    return services.record_desk_payment(dossier, 20000, officer=officer)


@pytest.fixture
def gateway(settings):
    fake = FakeVnpay().start()
    settings.MOTCUA_VNPAY = fake.settings()
    yield fake
    fake.stop()


def other_officer():
    return desk_officer(AgencyFactory(code="000.00.26.H39"), username="khac")


def test_the_list_shows_the_agency_payments(desk_client, paid, dossier):
    elsewhere = DossierFactory()
    hidden = services.record_desk_payment(elsewhere, 5000, officer=None)

    page = desk_client.get("/can-bo/thanh-toan/")

    html = page.content.decode()
    assert page.status_code == 200
    assert paid.txn_ref in html
    assert dossier.code in html
    assert "20.000 đ" in html
    assert hidden.txn_ref not in html
    assert "Thanh toán phí, lệ phí" in html  # Vietnamese UI


def test_filters_narrow_the_list(desk_client, paid, dossier):
    pending = Payment.objects.create(
        dossier=dossier, amount=30000, method="vnpay", txn_ref="P1", state="pending"
    )

    def refs(**query):
        html = desk_client.get("/can-bo/thanh-toan/", query).content.decode()
        # The link, not the bare reference: "P1" may occur in a CSRF token.
        return {
            p.txn_ref
            for p in (paid, pending)
            if f'href="/can-bo/thanh-toan/{p.txn_ref}/"' in html
        }

    assert refs() == {paid.txn_ref, "P1"}
    assert refs(state="pending") == {"P1"}
    assert refs(method="desk") == {paid.txn_ref}
    assert refs(q=dossier.code[:12]) == {paid.txn_ref, "P1"}
    assert refs(q="999.99") == set()
    tomorrow = (timezone.localdate() + timedelta(days=1)).strftime("%d/%m/%Y")
    assert refs(tu=tomorrow) == set()
    assert refs(state="to_refund") == set()
    refund_dossier(dossier)  # a desk payment owed back at the desk
    assert refs(state="to_refund") == {paid.txn_ref}
    # A bad date is an error on the field, not a crash.
    page = desk_client.get("/can-bo/thanh-toan/", {"tu": "31/02/2026"})
    assert page.status_code == 200
    assert "dd/mm/yyyy" in page.content.decode()


def test_a_payment_page_shows_its_history_and_receipt(desk_client, paid):
    page = desk_client.get(f"/can-bo/thanh-toan/{paid.txn_ref}/")

    html = page.content.decode()
    assert page.status_code == 200
    assert "Trần Thị Mai" in html  # recorded by
    assert f"/can-bo/thanh-toan/{paid.txn_ref}/bien-lai.pdf" in html
    assert f"/can-bo/thanh-toan/{paid.txn_ref}/hoan-tien/" in html

    pdf = desk_client.get(f"/can-bo/thanh-toan/{paid.txn_ref}/bien-lai.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_no_receipt_before_payment(desk_client, dossier):
    Payment.objects.create(
        dossier=dossier, amount=30000, method="vnpay", txn_ref="P2", state="pending"
    )
    answer = desk_client.get("/can-bo/thanh-toan/P2/bien-lai.pdf", follow=True)
    assert answer.redirect_chain[-1][0] == "/can-bo/thanh-toan/P2/"
    assert "bien-lai.pdf" not in answer.content.decode()


def test_another_agency_payment_does_not_exist(client, paid):
    client.force_login(other_officer())
    for url in (
        f"/can-bo/thanh-toan/{paid.txn_ref}/",
        f"/can-bo/thanh-toan/{paid.txn_ref}/bien-lai.pdf",
        f"/can-bo/thanh-toan/tai-quay/{paid.dossier.code}/",
        "/can-bo/thanh-toan/%00/",
    ):
        assert client.get(url).status_code == 404, url
    answer = client.post(
        f"/can-bo/thanh-toan/{paid.txn_ref}/hoan-tien/", {"reason": "x"}
    )
    assert answer.status_code == 404
    assert paid.txn_ref not in client.get("/can-bo/thanh-toan/").content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, paid):
    answer = client.get(f"/can-bo/thanh-toan/{paid.txn_ref}/")
    assert answer.status_code == 302
    assert answer["Location"].startswith("/can-bo/dang-nhap/")


def test_the_desk_records_what_is_still_owed(desk_client, dossier):
    form = desk_client.get(f"/can-bo/thanh-toan/tai-quay/{dossier.code}/")
    assert 'value="30000"' in form.content.decode()  # 50.000 due − 20.000 paid

    answer = desk_client.post(
        f"/can-bo/thanh-toan/tai-quay/{dossier.code}/", {"amount": "30000"}
    )

    payment = dossier.payments.get()
    assert answer.status_code == 302
    assert answer["Location"] == f"/can-bo/thanh-toan/{payment.txn_ref}/"
    assert (payment.method, payment.state, payment.amount) == ("desk", "paid", 30000)
    # Paid payments count: nothing is owed any more (fee_paid says 20.000).
    again = desk_client.get(f"/can-bo/thanh-toan/tai-quay/{dossier.code}/")
    assert 'name="amount" value' not in again.content.decode()


@pytest.mark.parametrize("amount", ["", "abc", "-5", "0", "99999999999999"])
def test_a_bad_amount_is_refused_in_words(desk_client, dossier, amount):
    answer = desk_client.post(
        f"/can-bo/thanh-toan/tai-quay/{dossier.code}/", {"amount": amount}
    )
    assert answer.status_code == 400
    assert "error-summary" in answer.content.decode()
    assert not dossier.payments.exists()


def test_finding_the_desk_form_by_code(desk_client, dossier):
    answer = desk_client.get("/can-bo/thanh-toan/tai-quay/", {"ma": dossier.code})
    assert answer["Location"] == f"/can-bo/thanh-toan/tai-quay/{dossier.code}/"
    answer = desk_client.get("/can-bo/thanh-toan/tai-quay/", {"ma": "nope"})
    assert answer["Location"] == "/can-bo/thanh-toan/"


def test_only_the_desk_collects_and_a_monitor_cannot_refund(client, agency, paid):
    monitor = staff_member(agency, Role.MONITOR)
    client.force_login(monitor)
    code = paid.dossier.code
    assert client.get(f"/can-bo/thanh-toan/tai-quay/{code}/").status_code == 403
    assert client.get(f"/can-bo/thanh-toan/{paid.txn_ref}/").status_code == 200
    answer = client.post(
        f"/can-bo/thanh-toan/{paid.txn_ref}/hoan-tien/", {"reason": "x"}
    )
    assert answer.status_code == 403
    paid.refresh_from_db()
    assert paid.state == "paid"


def test_refund_of_a_desk_payment(desk_client, paid):
    empty = desk_client.post(f"/can-bo/thanh-toan/{paid.txn_ref}/hoan-tien/", {})
    assert empty.status_code == 400

    answer = desk_client.post(
        f"/can-bo/thanh-toan/{paid.txn_ref}/hoan-tien/",
        {"reason": "Thu nhầm"},
        follow=True,
    )

    paid.refresh_from_db()
    assert paid.state == "refunded"
    assert "Thu nhầm" in answer.content.decode()
    again = desk_client.post(
        f"/can-bo/thanh-toan/{paid.txn_ref}/hoan-tien/", {"reason": "Lần hai"}
    )
    assert again.status_code == 400  # only a paid payment is refunded
    assert Refund.objects.count() == 1


def test_refund_through_vnpay_and_a_refusing_gateway(desk_client, dossier, gateway):
    url = services.start_online_payment(
        dossier, 30000, return_url="https://motcua.example/r/", ip="10.0.0.1"
    )
    payment = dossier.payments.get()
    parts = url.split("?", 1)[1]
    gateway.pay("/paymentv2/vpcpay.html", dict(urllib.parse.parse_qsl(parts)))
    services.confirm_ipn(gateway.ipn_params(payment.txn_ref))
    gateway.orders[payment.txn_ref]["refunded"] = True  # the gateway answers 94

    refused = desk_client.post(
        f"/can-bo/thanh-toan/{payment.txn_ref}/hoan-tien/", {"reason": "Trả lại"}
    )
    assert refused.status_code == 400
    assert "94" in refused.content.decode()

    gateway.orders[payment.txn_ref]["refunded"] = False
    desk_client.post(
        f"/can-bo/thanh-toan/{payment.txn_ref}/hoan-tien/", {"reason": "Trả lại"}
    )
    payment.refresh_from_db()
    assert payment.state == "refunded"


def test_a_refund_owed_at_the_desk_is_settled_from_its_page(desk_client, paid):
    refund_dossier(paid.dossier)
    page = desk_client.get(f"/can-bo/thanh-toan/{paid.txn_ref}/").content.decode()
    assert "20.000 đ" in page
    assert "tại quầy" in page  # "to be given back at the desk"

    desk_client.post(
        f"/can-bo/thanh-toan/{paid.txn_ref}/hoan-tien/", {"reason": "Đã trả tiền mặt"}
    )

    assert Refund.objects.get().state == "done"


def test_reconciliation_page_shows_the_day_and_runs_it(desk_client, dossier, gateway):
    services.record_desk_payment(dossier, 30000, officer=None)
    Payment.objects.create(
        dossier=dossier, amount=5000, method="vnpay", txn_ref="LOST1", state="pending"
    )
    today = timezone.localdate()

    page = desk_client.get(
        "/can-bo/thanh-toan/doi-soat/", {"ngay": today.strftime("%d/%m/%Y")}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "30.000 đ" in html

    run = desk_client.post(
        f"/can-bo/thanh-toan/doi-soat/?ngay={today:%d/%m/%Y}",
        {"ngay": today.isoformat()},
    )
    assert run.status_code == 200
    assert "Đã kiểm tra 1 khoản thanh toán trực tuyến." in run.content.decode()
    assert (
        len([r for r in gateway.requests if r[1].get("vnp_Command") == "querydr"]) == 1
    )


def test_a_monitor_reads_the_reconciliation_but_cannot_run_it(client, agency):
    client.force_login(staff_member(agency, Role.MONITOR))
    assert client.get("/can-bo/thanh-toan/doi-soat/").status_code == 200
    assert client.post("/can-bo/thanh-toan/doi-soat/").status_code == 403
