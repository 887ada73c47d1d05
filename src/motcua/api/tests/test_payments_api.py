import base64
import urllib.parse

import pytest

from motcua.accounts.domain import Role
from motcua.dossiers.tests.factories import DossierFactory, staff_member
from motcua.dossiers.tests.helpers import desk
from motcua.integrations.fake_vnpay import PAY_PATH, FakeVnpay
from motcua.payments import services
from motcua.payments.models import Payment

pytestmark = pytest.mark.django_db

PASSWORD = "motcua@2026"


def basic(user) -> dict:
    user.set_password(PASSWORD)
    user.save()
    token = base64.b64encode(f"{user.username}:{PASSWORD}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


@pytest.fixture
def office():
    agency, officer = desk()
    dossier = DossierFactory(receiving_agency=agency, fee_due=50000, fee_paid=20000)
    return dossier, officer


@pytest.fixture
def paid(office):
    dossier, officer = office
    return services.record_desk_payment(dossier, 20000, officer=officer)


@pytest.fixture
def gateway(settings):
    fake = FakeVnpay().start()
    settings.MOTCUA_VNPAY = fake.settings()
    yield fake
    fake.stop()


def test_the_list_covers_the_user_agencies_with_filters(client, office, paid):
    dossier, officer = office
    DossierFactory()  # another agency's
    services.record_desk_payment(DossierFactory(), 1000, officer=None)
    Payment.objects.create(
        dossier=dossier, amount=30000, method="vnpay", txn_ref="P1", state="pending"
    )

    answer = client.get("/api/v1/payments", **basic(officer))

    assert answer.status_code == 200
    rows = answer.json()["results"]
    assert {r["txn_ref"] for r in rows} == {paid.txn_ref, "P1"}
    assert {r["dossier"] for r in rows} == {dossier.code}
    only = client.get("/api/v1/payments", {"state": "pending"}, **basic(officer))
    assert [r["txn_ref"] for r in only.json()["results"]] == ["P1"]
    desk_only = client.get("/api/v1/payments", {"method": "desk"}, **basic(officer))
    assert [r["txn_ref"] for r in desk_only.json()["results"]] == [paid.txn_ref]


def test_a_bad_filter_is_a_400_naming_it(client, office):
    _, officer = office
    answer = client.get(
        "/api/v1/payments", {"state": "lost", "created_from": "31/12"}, **basic(officer)
    )
    assert answer.status_code == 400
    assert {"state", "created_from"} <= set(answer.json()["errors"])


def test_detail_with_events_and_receipt(client, office, paid):
    _, officer = office

    answer = client.get(f"/api/v1/payments/{paid.txn_ref}", **basic(officer))

    assert answer.status_code == 200
    body = answer.json()
    assert (body["amount"], body["method"], body["state"]) == (20000, "desk", "paid")
    assert [e["kind"] for e in body["events"]] == ["paid"]
    receipt = client.get(f"/api/v1/payments/{paid.txn_ref}/receipt", **basic(officer))
    assert receipt["Content-Type"] == "application/pdf"
    assert receipt.content.startswith(b"%PDF")


def test_no_receipt_for_a_pending_payment(client, office):
    dossier, officer = office
    Payment.objects.create(
        dossier=dossier, amount=30000, method="vnpay", txn_ref="P2", state="pending"
    )
    answer = client.get("/api/v1/payments/P2/receipt", **basic(officer))
    assert answer.status_code == 409


def test_another_agency_officer_gets_404_everywhere(client, office, paid):
    dossier, _ = office
    _, stranger = desk("000.00.26.H39")
    auth = basic(stranger)

    assert client.get(f"/api/v1/payments/{paid.txn_ref}", **auth).status_code == 404
    assert (
        client.get(f"/api/v1/payments/{paid.txn_ref}/receipt", **auth).status_code
        == 404
    )
    refund = client.post(
        f"/api/v1/payments/{paid.txn_ref}/refunds",
        {"reason": "x"},
        content_type="application/json",
        **auth,
    )
    assert refund.status_code == 404
    create = client.post(
        "/api/v1/payments",
        {"dossier": dossier.code, "amount": 1000},
        content_type="application/json",
        **auth,
    )
    assert create.status_code == 404
    assert client.get("/api/v1/payments", **auth).json()["results"] == []
    paid.refresh_from_db()
    assert paid.state == "paid"
    assert dossier.payments.count() == 1


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/payments"),
        ("post", "/api/v1/payments"),
        ("get", "/api/v1/payments/{ref}"),
        ("get", "/api/v1/payments/{ref}/receipt"),
        ("post", "/api/v1/payments/{ref}/refunds"),
    ],
)
def test_an_anonymous_client_is_refused(client, paid, method, url):
    answer = getattr(client, method)(url.format(ref=paid.txn_ref))
    assert answer.status_code == 401
    paid.refresh_from_db()
    assert paid.state == "paid"


def test_the_desk_records_what_is_owed_by_default(client, office):
    dossier, officer = office

    answer = client.post(
        "/api/v1/payments",
        {"dossier": dossier.code},
        content_type="application/json",
        **basic(officer),
    )

    assert answer.status_code == 201
    assert (answer.json()["amount"], answer.json()["state"]) == (30000, "paid")


def test_a_bad_amount_is_a_400(client, office):
    dossier, officer = office
    for amount in (0, -1, "abc", 10**12):
        answer = client.post(
            "/api/v1/payments",
            {"dossier": dossier.code, "amount": amount},
            content_type="application/json",
            **basic(officer),
        )
        assert answer.status_code == 400, amount
        assert "amount" in answer.json()["errors"]
    assert not dossier.payments.exists()


def test_a_specialist_can_read_but_not_collect_nor_refund(client, office, paid):
    dossier, _ = office
    specialist = staff_member(dossier.receiving_agency, Role.SPECIALIST)
    auth = basic(specialist)
    assert client.get(f"/api/v1/payments/{paid.txn_ref}", **auth).status_code == 200
    create = client.post(
        "/api/v1/payments",
        {"dossier": dossier.code, "amount": 1000},
        content_type="application/json",
        **auth,
    )
    assert create.status_code == 403
    refund = client.post(
        f"/api/v1/payments/{paid.txn_ref}/refunds",
        {"reason": "x"},
        content_type="application/json",
        **auth,
    )
    assert refund.status_code == 403


def test_refund_of_an_online_payment_through_the_gateway(client, office, gateway):
    dossier, officer = office
    url = services.start_online_payment(
        dossier, 30000, return_url="https://motcua.example/r/", ip="10.0.0.1"
    )
    payment = dossier.payments.get()
    gateway.pay(PAY_PATH, dict(urllib.parse.parse_qsl(url.split("?", 1)[1])))
    services.confirm_ipn(gateway.ipn_params(payment.txn_ref))

    missing = client.post(
        f"/api/v1/payments/{payment.txn_ref}/refunds",
        {},
        content_type="application/json",
        **basic(officer),
    )
    assert missing.status_code == 400
    answer = client.post(
        f"/api/v1/payments/{payment.txn_ref}/refunds",
        {"reason": "Thu trùng"},
        content_type="application/json",
        **basic(officer),
    )
    assert answer.status_code == 201
    assert answer.json()["state"] == "done"
    assert gateway.refunds[0]["vnp_TxnRef"] == payment.txn_ref
    again = client.post(
        f"/api/v1/payments/{payment.txn_ref}/refunds",
        {"reason": "Lần hai"},
        content_type="application/json",
        **basic(officer),
    )
    assert again.status_code == 409
