"""The fake VNPay gateway of the demo: its page, its IPN call, its command."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest

from motcua.dossiers.tests.factories import DossierFactory
from motcua.integrations.fake_vnpay import CONFIRM_PATH, FakeVnpay, default_ipn_url
from motcua.integrations.vnpay import VnpayClient
from motcua.payments import services
from motcua.payments.management.commands.run_fake_vnpay import local_port

from .test_services import NoRedirect

ROOT = Path(__file__).resolve().parents[4]


@pytest.fixture
def page_gateway(settings, live_server):
    fake = FakeVnpay(interactive=True).start()
    settings.MOTCUA_VNPAY = fake.settings()
    yield fake
    fake.stop()


def open_page(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310
        assert answer.headers["Content-Type"].startswith("text/html")
        return answer.read().decode()


def choose(gateway, page: str, choice: str) -> str:
    token = page.split('name="token" value="', 1)[1].split('"', 1)[0]
    data = urllib.parse.urlencode({"token": token, "choice": choice}).encode()
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as caught:
        opener.open(gateway.base_url + CONFIRM_PATH, data=data, timeout=5)
    assert caught.value.code == 302
    return caught.value.headers["Location"]


@pytest.mark.django_db(transaction=True)
def test_paying_on_the_page_calls_the_ipn_then_returns(live_server, page_gateway):
    dossier = DossierFactory(in_progress=True)
    return_url = live_server.url + reverse("portal:vnpay_return")
    url = services.start_online_payment(dossier, 70000, return_url=return_url, ip="")
    payment = dossier.payments.get()

    page = open_page(url)
    assert "Cổng thanh toán thử nghiệm" in page
    assert "70.000 đ" in page
    assert payment.txn_ref in page
    payment.refresh_from_db()
    assert payment.state == "pending"  # nothing happens before the choice

    location = choose(page_gateway, page, "pay")

    payment.refresh_from_db()
    assert payment.state == "paid"  # the IPN arrived before the browser
    assert page_gateway.ipn_answers == [
        {"txn_ref": payment.txn_ref, "RspCode": "00", "Message": "Confirm Success"}
    ]
    assert location.startswith(return_url + "?")
    notice, _ = services.check_return(
        dict(urllib.parse.parse_qsl(location.split("?", 1)[1]))
    )
    assert notice.valid_signature
    assert notice.paid
    # The same page cannot be used twice.
    with pytest.raises(AssertionError, match="400 == 302"):
        choose(page_gateway, page, "pay")


@pytest.mark.django_db(transaction=True)
def test_cancelling_on_the_page_fails_the_payment(live_server, page_gateway):
    dossier = DossierFactory(in_progress=True)
    return_url = live_server.url + reverse("portal:vnpay_return")
    url = services.start_online_payment(dossier, 5000, return_url=return_url, ip="")

    location = choose(page_gateway, open_page(url), "cancel")

    assert dossier.payments.get().state == "failed"
    assert "vnp_ResponseCode=24" in location


def test_a_tampered_payment_url_is_refused(settings):
    fake = FakeVnpay(interactive=True).start()
    try:
        with pytest.raises(urllib.error.HTTPError) as caught:
            open_page(fake.base_url + "/paymentv2/vpcpay.html?vnp_TxnRef=1")
        assert caught.value.code == 400
    finally:
        fake.stop()


def test_the_ipn_url_defaults_to_the_portal_on_the_return_host():
    assert (
        default_ipn_url("http://127.0.0.1:8000/thanh-toan/vnpay/tro-ve/?x=1")
        == "http://127.0.0.1:8000/thanh-toan/vnpay/ipn/"
    )


def test_only_a_local_payment_url_starts_the_fake(settings, capsys):
    assert local_port("http://127.0.0.1:8899/paymentv2/vpcpay.html") == 8899
    assert local_port("http://localhost/paymentv2/vpcpay.html") == 80
    assert local_port("https://sandbox.vnpayment.vn/paymentv2/vpcpay.html") is None
    settings.MOTCUA_VNPAY = {
        **settings.MOTCUA_VNPAY,
        "PAYMENT_URL": "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html",
    }
    call_command("run_fake_vnpay", "--only-if-local", verbosity=2)  # returns at once
    assert "not local" in capsys.readouterr().out


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_command_serves_the_gateway_until_stopped():
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "motcua.settings.test",
        "VNPAY_TMN_CODE": "DEMO0001",
        "VNPAY_HASH_SECRET": "DEMOSECRET",
        "VNPAY_PAYMENT_URL": f"{base}/paymentv2/vpcpay.html",
        "VNPAY_API_URL": f"{base}/merchant_webapi/api/transaction",
    }
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "run_fake_vnpay", "--only-if-local"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        client = FakeVnpay(tmn_code="DEMO0001", hash_secret="DEMOSECRET")
        client.port = port
        gateway = VnpayClient(**client.settings())
        url = gateway.payment_url_for(
            txn_ref="DEMO1",
            amount_vnd=8000,
            order_info="Thanh toan le phi",
            return_url="http://127.0.0.1:1/tro-ve/",
            ip="127.0.0.1",
            now=timezone.now(),
        )
        page, problem = "", None
        deadline = time.monotonic() + 60  # Django starts slowly on a busy machine
        while time.monotonic() < deadline and server.poll() is None:
            try:
                page = open_page(url)
                break
            except OSError as error:  # not listening yet
                problem = error
                time.sleep(0.1)
        assert "Cổng thanh toán thử nghiệm" in page, problem
        assert "8.000 đ" in page
    finally:
        server.terminate()
        try:
            code = server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            code = "still running after SIGTERM"
        output = server.communicate()
    assert code == 0, output
