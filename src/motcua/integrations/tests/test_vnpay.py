import urllib.parse
import urllib.request
from datetime import UTC, datetime

import pytest

from motcua.integrations import vnpay
from motcua.integrations.tests.fake_vnpay import FakeVnpay

NOW = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)  # 08:30 in GMT+7


@pytest.fixture
def gateway():
    fake = FakeVnpay().start()
    yield fake
    fake.stop()


def client_for(gateway, **overrides):
    return vnpay.VnpayClient(**gateway.settings(**overrides))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def open_url(url):
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=2) as response:
            return response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "")


def pay(gateway, client, txn_ref="HS1", amount=50000):
    url = client.payment_url_for(
        txn_ref=txn_ref,
        amount_vnd=amount,
        order_info="Thanh toan le phi ho so HS1",
        return_url="https://motcua.example/thanh-toan/vnpay/tro-ve/",
        ip="10.0.0.1",
        now=NOW,
    )
    return url, *open_url(url)


def test_payment_url_carries_the_documented_parameters(gateway):
    client = client_for(gateway)
    url = client.payment_url_for(
        txn_ref="HS1",
        amount_vnd=50000,
        order_info="Thanh toan le phi",
        return_url="https://motcua.example/tro-ve/",
        ip="10.0.0.1",
        locale="en",
        now=NOW,
    )
    query = url.split("?", 1)[1]
    params = dict(urllib.parse.parse_qsl(query))
    assert params["vnp_Version"] == "2.1.0"
    assert params["vnp_Command"] == "pay"
    assert params["vnp_Amount"] == "5000000"
    assert params["vnp_CurrCode"] == "VND"
    assert params["vnp_Locale"] == "en"
    assert params["vnp_CreateDate"] == "20260302083000"
    assert params["vnp_ExpireDate"] == "20260302084500"
    names = [pair.split("=")[0] for pair in query.split("&")[:-1]]
    assert names == sorted(names)
    assert query.endswith("&vnp_SecureHash=" + vnpay.sign_params("TESTSECRET", params))
    assert len(params["vnp_SecureHash"]) == 128


def test_known_vector():
    # HMAC-SHA512 over the sorted, quote_plus-encoded query.
    data = "vnp_Amount=100&vnp_OrderInfo=a+b"
    params = {"vnp_OrderInfo": "a b", "vnp_Amount": "100"}
    assert vnpay.sign_params("k", params) == vnpay.sign("k", data)


def test_fake_gateway_pays_and_returns_a_signed_outcome(gateway):
    client = client_for(gateway)
    _url, status, location = pay(gateway, client)
    assert status == 302
    assert location.startswith("https://motcua.example/thanh-toan/vnpay/tro-ve/?")
    notice = client.check_notice(dict(urllib.parse.parse_qsl(location.split("?")[1])))
    assert notice.valid_signature
    assert notice.paid
    assert notice.matches(txn_ref="HS1", amount_vnd=50000)
    assert not notice.matches(txn_ref="HS1", amount_vnd=40000)
    assert notice.transaction_no
    assert notice.bank_code == "NCB"


def test_tampered_payment_url_is_refused(gateway):
    client = client_for(gateway)
    url = client.payment_url_for(
        txn_ref="HS1",
        amount_vnd=50000,
        order_info="x",
        return_url="https://motcua.example/",
        ip="10.0.0.1",
        now=NOW,
    )
    status, _ = open_url(url.replace("vnp_Amount=5000000", "vnp_Amount=100"))
    assert status == 400
    assert gateway.orders == {}


def test_wrong_secret_is_refused(gateway):
    _url, status, _ = pay(gateway, client_for(gateway, HASH_SECRET="other"))
    assert status == 400


def test_tampered_notice_fails_the_check(gateway):
    client = client_for(gateway)
    pay(gateway, client)
    params = gateway.ipn_params("HS1")
    params["vnp_Amount"] = "100"
    assert not client.check_notice(params).valid_signature
    assert not client.check_notice(params).paid
    unsigned = gateway.ipn_params("HS1")
    del unsigned["vnp_SecureHash"]
    assert not client.check_notice(unsigned).valid_signature


def test_failed_payment_is_not_paid(gateway):
    gateway.outcome = "24"  # the customer cancelled
    client = client_for(gateway)
    pay(gateway, client)
    notice = client.check_notice(gateway.ipn_params("HS1"))
    assert notice.valid_signature
    assert not notice.paid


def test_query_and_refund(gateway):
    client = client_for(gateway)
    pay(gateway, client)
    answer = client.query(
        txn_ref="HS1", transaction_date=NOW, order_info="q", ip="10.0.0.1", now=NOW
    )
    assert answer.paid
    assert answer.amount_vnd == 50000
    refund = client.refund(
        txn_ref="HS1",
        amount_vnd=50000,
        transaction_no=answer.transaction_no,
        transaction_date=NOW,
        created_by="motcua.tanthanh",
        order_info="Hoan tien",
        ip="10.0.0.1",
        now=NOW,
    )
    assert refund.ok
    body = gateway.refunds[0]
    assert body["vnp_TransactionType"] == "02"
    assert body["vnp_Amount"] == "5000000"
    again = client.refund(
        txn_ref="HS1",
        amount_vnd=50000,
        transaction_no=answer.transaction_no,
        transaction_date=NOW,
        created_by="x",
        order_info="Hoan tien",
        ip="10.0.0.1",
        now=NOW,
    )
    assert not again.ok
    assert again.response_code == "94"


def test_api_with_a_wrong_secret_gets_97_and_a_forged_answer_is_refused(gateway):
    client = client_for(gateway, HASH_SECRET="other")
    # The fake signs its answer with the real secret: the client refuses it.
    with pytest.raises(vnpay.VnpayError, match="checksum"):
        client.query(
            txn_ref="HS1", transaction_date=NOW, order_info="q", ip="1.1.1.1", now=NOW
        )
    assert gateway.requests[-1][1]["vnp_Command"] == "querydr"


def test_unknown_order_and_unreachable_gateway(gateway):
    client = client_for(gateway)
    answer = client.query(
        txn_ref="NONE", transaction_date=NOW, order_info="q", ip="1.1.1.1", now=NOW
    )
    assert answer.response_code == "91"
    assert not answer.paid
    gateway.stop()
    with pytest.raises(vnpay.VnpayError):
        client.query(
            txn_ref="NONE", transaction_date=NOW, order_info="q", ip="1.1.1.1", now=NOW
        )


def test_ipn_answer():
    assert vnpay.ipn_answer("02") == {
        "RspCode": "02",
        "Message": "Order already confirmed",
    }
