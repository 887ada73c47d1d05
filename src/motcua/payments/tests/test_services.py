import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta

from django.utils import timezone

import pytest

from motcua.accounts.tests.factories import UserFactory
from motcua.payments import reconciliation, services
from motcua.payments.domain import IpnDecision, State, decide_ipn
from motcua.payments.models import Payment, PaymentEvent, Refund

RETURN_URL = "https://motcua.example/thanh-toan/vnpay/tro-ve/"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def follow(url: str) -> str:
    """Open the payment URL at the fake gateway; return the return URL."""
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as caught:
        opener.open(url, timeout=2)
    assert caught.value.code == 302
    return caught.value.headers["Location"]


def start(dossier, amount=50000):
    url = services.start_online_payment(
        dossier, amount, return_url=RETURN_URL, ip="10.0.0.7", locale="vi"
    )
    return url, dossier.payments.order_by("-id").first()


def pay_online(gateway, dossier, amount=50000):
    url, payment = start(dossier, amount)
    follow(url)
    return payment


def test_domain_decisions():
    kwargs = {"found": True, "amount": 10, "notified_amount": 10, "paid": True}
    assert decide_ipn(state="pending", **kwargs) == IpnDecision.PAID
    assert decide_ipn(state="paid", **kwargs) == IpnDecision.ALREADY_CONFIRMED
    assert (
        decide_ipn(state="pending", **{**kwargs, "notified_amount": 1})
        == IpnDecision.WRONG_AMOUNT
    )
    assert decide_ipn(state="", **{**kwargs, "found": False}) == IpnDecision.NOT_FOUND
    assert (
        decide_ipn(state="pending", **{**kwargs, "paid": False}) == IpnDecision.FAILED
    )


@pytest.mark.django_db
def test_start_builds_a_signed_url_and_a_pending_payment(gateway, dossier):
    url, payment = start(dossier)
    params = dict(urllib.parse.parse_qsl(url.split("?", 1)[1]))
    assert params["vnp_TxnRef"] == payment.txn_ref
    assert params["vnp_Amount"] == "5000000"
    assert params["vnp_ReturnUrl"] == RETURN_URL
    assert params["vnp_OrderInfo"].isascii()
    assert payment.state == State.PENDING


@pytest.mark.django_db
def test_ipn_twice_changes_the_payment_once(gateway, dossier):
    payment = pay_online(gateway, dossier)
    params = gateway.ipn_params(payment.txn_ref)
    assert services.confirm_ipn(params) == {
        "RspCode": "00",
        "Message": "Confirm Success",
    }
    assert services.confirm_ipn(params)["RspCode"] == "02"
    payment.refresh_from_db()
    assert payment.state == State.PAID
    assert payment.paid_at is not None
    assert payment.transaction_no
    assert payment.bank_code == "NCB"
    assert PaymentEvent.objects.filter(payment=payment, kind="paid").count() == 1
    assert len(payment.responses) == 1


@pytest.mark.django_db
def test_ipn_with_a_wrong_amount_changes_nothing(gateway, dossier):
    payment = pay_online(gateway, dossier)
    params = gateway.ipn_params(payment.txn_ref, vnp_Amount="100")  # signed, wrong
    assert services.confirm_ipn(params)["RspCode"] == "04"
    payment.refresh_from_db()
    assert payment.state == State.PENDING


@pytest.mark.django_db
def test_ipn_with_a_bad_checksum_changes_nothing(gateway, dossier):
    payment = pay_online(gateway, dossier)
    params = gateway.ipn_params(payment.txn_ref)
    params["vnp_ResponseCode"] = "00"
    params["vnp_TransactionNo"] = "1"
    assert services.confirm_ipn(params) == {
        "RspCode": "97",
        "Message": "Invalid Checksum",
    }
    payment.refresh_from_db()
    assert payment.state == State.PENDING
    assert not payment.events.exclude(kind="created").exists()


@pytest.mark.django_db
def test_ipn_for_an_unknown_order(gateway, dossier):
    payment = pay_online(gateway, dossier)
    params = gateway.ipn_params(payment.txn_ref, vnp_TxnRef="NOPE")
    assert services.confirm_ipn(params)["RspCode"] == "01"


@pytest.mark.django_db
def test_failed_payment(gateway, dossier):
    gateway.outcome = "24"
    payment = pay_online(gateway, dossier)
    assert services.confirm_ipn(gateway.ipn_params(payment.txn_ref))["RspCode"] == "00"
    payment.refresh_from_db()
    assert payment.state == State.FAILED


@pytest.mark.django_db
def test_refund_of_a_paid_payment(gateway, dossier):
    payment = pay_online(gateway, dossier)
    services.confirm_ipn(gateway.ipn_params(payment.txn_ref))
    payment.refresh_from_db()
    officer = UserFactory()
    refund = services.refund(payment, reason="Hồ sơ bị từ chối", user=officer)
    assert refund.state == Refund.States.DONE
    payment.refresh_from_db()
    assert payment.state == State.REFUNDED
    assert gateway.refunds[0]["vnp_TxnRef"] == payment.txn_ref
    assert gateway.refunds[0]["vnp_TransactionNo"] == payment.transaction_no
    with pytest.raises(services.PaymentError):
        services.refund(payment, reason="again", user=officer)


@pytest.mark.django_db
def test_refund_refused_by_the_gateway_is_kept_as_failed(gateway, dossier):
    payment = pay_online(gateway, dossier)
    services.confirm_ipn(gateway.ipn_params(payment.txn_ref))
    gateway.orders[payment.txn_ref]["refunded"] = True
    with pytest.raises(services.PaymentError):
        services.refund(payment, reason="x", user=None)
    payment.refresh_from_db()
    assert payment.state == State.PAID
    assert payment.refunds.get().state == Refund.States.FAILED


@pytest.mark.django_db
def test_pending_payment_cannot_be_refunded(gateway, dossier):
    _url, payment = start(dossier)
    with pytest.raises(services.PaymentError):
        services.refund(payment, reason="x", user=None)


@pytest.mark.django_db
def test_desk_payment_and_its_refund(dossier):
    officer = UserFactory()
    payment = services.record_desk_payment(dossier, 30000, officer=officer)
    assert payment.state == State.PAID
    assert payment.method == "desk"
    services.refund(payment, reason="Miễn lệ phí", user=officer)
    payment.refresh_from_db()
    assert payment.state == State.REFUNDED


@pytest.mark.django_db
def test_reconciliation_settles_a_lost_ipn_and_reports_mismatches(gateway, dossier):
    lost = pay_online(gateway, dossier)  # paid at the gateway, IPN never came
    confirmed = pay_online(gateway, dossier)
    services.confirm_ipn(gateway.ipn_params(confirmed.txn_ref))
    forged = pay_online(gateway, dossier)
    services.confirm_ipn(gateway.ipn_params(forged.txn_ref))
    gateway.orders[forged.txn_ref]["vnp_TransactionStatus"] = "02"
    _url, abandoned = start(dossier)  # never reached the gateway
    report = reconciliation.reconcile(
        timezone.localdate(), now=timezone.now() + timedelta(hours=1)
    )
    assert report.checked == 4
    lost.refresh_from_db()
    abandoned.refresh_from_db()
    assert lost.state == State.PAID
    assert abandoned.state == State.CANCELLED
    assert {f["txn_ref"] for f in report.fixed} == {lost.txn_ref, abandoned.txn_ref}
    assert [m["txn_ref"] for m in report.mismatches] == [forged.txn_ref]
    assert Payment.objects.get(pk=forged.pk).state == State.PAID
    # A second run finds nothing more to fix.
    again = reconciliation.reconcile(timezone.localdate())
    assert again.fixed == []


@pytest.mark.django_db
def test_reconcile_task(gateway, dossier):
    from motcua.payments.tasks import reconcile_payments

    lost = pay_online(gateway, dossier)
    result = reconcile_payments.call(timezone.localdate().isoformat())
    assert result["fixed"] == [{"txn_ref": lost.txn_ref, "state": "paid"}]


@pytest.mark.django_db
def test_receipt_pdf(dossier):
    payment = services.record_desk_payment(dossier, 30000, officer=UserFactory())
    pdf = services.receipt_pdf(payment)
    assert pdf.startswith(b"%PDF")


@pytest.mark.django_db
def test_no_receipt_for_a_pending_payment(gateway, dossier):
    _url, payment = start(dossier)
    with pytest.raises(services.PaymentError):
        services.receipt_pdf(payment)


@pytest.mark.django_db
def test_reconciliation_reports_an_unreachable_gateway(gateway, dossier):
    _url, payment = start(dossier)
    gateway.stop()
    report = reconciliation.reconcile(timezone.localdate())
    assert report.fixed == []
    assert report.mismatches[0]["txn_ref"] == payment.txn_ref
    assert report.mismatches[0]["problem"].startswith("unreachable")
    payment.refresh_from_db()
    assert payment.state == State.PENDING
