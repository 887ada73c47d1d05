import urllib.parse

from django.urls import reverse

import pytest

from motcua.dossiers.tests.factories import DossierFactory
from motcua.integrations.tests.fake_vnpay import FakeVnpay
from motcua.payments import services
from motcua.payments.models import Payment


@pytest.fixture
def gateway(settings):
    fake = FakeVnpay().start()
    settings.MOTCUA_VNPAY = fake.settings()
    yield fake
    fake.stop()


@pytest.fixture
def payment(db, gateway):
    dossier = DossierFactory(in_progress=True)
    url = services.start_online_payment(
        dossier, 50000, return_url="http://testserver/", ip="10.0.0.1"
    )
    parts = urllib.parse.urlsplit(url)
    status, _location, _text = gateway.pay(
        parts.path, dict(urllib.parse.parse_qsl(parts.query))
    )
    assert status == 302
    return dossier.payments.get()


def test_ipn_endpoint_confirms_once(client, gateway, payment):
    url = reverse("portal:vnpay_ipn")
    params = gateway.ipn_params(payment.txn_ref)
    first = client.get(url, params)
    assert first.status_code == 200
    assert first.json() == {"RspCode": "00", "Message": "Confirm Success"}
    assert client.get(url, params).json()["RspCode"] == "02"
    assert Payment.objects.get(pk=payment.pk).state == "paid"
    assert payment.events.filter(kind="paid").count() == 1


def test_ipn_endpoint_refuses_a_bad_checksum(client, gateway, payment):
    params = gateway.ipn_params(payment.txn_ref)
    params["vnp_Amount"] = "1"
    answer = client.get(reverse("portal:vnpay_ipn"), params).json()
    assert answer["RspCode"] == "97"


def test_return_page_does_not_change_the_state(client, gateway, payment):
    params = gateway.ipn_params(payment.txn_ref)
    response = client.get(reverse("portal:vnpay_return"), params)
    assert response.status_code == 200
    assert "đang được xác nhận" in response.content.decode()
    assert Payment.objects.get(pk=payment.pk).state == "pending"
    client.get(reverse("portal:vnpay_ipn"), params)
    response = client.get(reverse("portal:vnpay_return"), params)
    assert "Đã nhận được khoản thanh toán" in response.content.decode()
    back = reverse("portal:my_dossier", args=[payment.dossier.code])
    assert f'href="{back}"' in response.content.decode()


def test_return_page_with_a_forged_outcome(client, gateway, payment):
    params = gateway.ipn_params(payment.txn_ref)
    params["vnp_ResponseCode"] = "00"
    params["vnp_TxnRef"] = "OTHER"
    response = client.get(reverse("portal:vnpay_return"), params)
    assert response.status_code == 400
    assert "không xác minh được" in response.content.decode()


def test_return_page_of_a_failed_payment(client, gateway, db):
    gateway.outcome = "24"
    dossier = DossierFactory(in_progress=True)
    url = services.start_online_payment(
        dossier, 50000, return_url="http://testserver/", ip="10.0.0.1"
    )
    parts = urllib.parse.urlsplit(url)
    gateway.pay(parts.path, dict(urllib.parse.parse_qsl(parts.query)))
    payment = dossier.payments.get()
    params = gateway.ipn_params(payment.txn_ref)
    response = client.get(reverse("portal:vnpay_return"), params)
    assert "không thành công" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_gateway_calls_the_ipn_url_over_http(live_server, gateway):
    dossier = DossierFactory(in_progress=True)
    url = services.start_online_payment(
        dossier, 70000, return_url=live_server.url + "/", ip="10.0.0.1"
    )
    parts = urllib.parse.urlsplit(url)
    gateway.pay(parts.path, dict(urllib.parse.parse_qsl(parts.query)))
    payment = dossier.payments.get()
    ipn_url = live_server.url + reverse("portal:vnpay_ipn")
    assert gateway.send_ipn(ipn_url, payment.txn_ref)["RspCode"] == "00"
    assert gateway.send_ipn(ipn_url, payment.txn_ref)["RspCode"] == "02"
    payment.refresh_from_db()
    assert payment.state == "paid"
