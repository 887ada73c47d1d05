"""Fees given back by themselves when a paid dossier is refused or stopped."""

from django.utils import translation

import pytest

from motcua.accounts.tests.factories import UserFactory
from motcua.dossiers.domain import Action, Status
from motcua.dossiers.services.lifecycle import transition
from motcua.dossiers.tests.factories import DossierFactory
from motcua.payments import services
from motcua.payments.automatic import refund_dossier
from motcua.payments.domain import RefundState, State, covered, refund_owed
from motcua.payments.models import Payment, PaymentEvent, Refund
from motcua.payments.signals import payment_confirmed

from .test_services import pay_online

pytestmark = pytest.mark.django_db


def test_which_changes_give_the_fees_back():
    assert refund_owed(before="new", after="not_accepted", processed=False)
    assert refund_owed(
        before="awaiting_supplement", after="not_accepted", processed=False
    )
    assert refund_owed(before="received", after="stopped", processed=False)
    assert refund_owed(before="withdrawal_requested", after="stopped", processed=False)
    assert not refund_owed(before="in_progress", after="stopped", processed=True)
    assert not refund_owed(
        before="withdrawal_requested", after="stopped", processed=True
    )
    assert not refund_owed(before="awaiting_fees", after="stopped", processed=True)
    assert not refund_owed(before="in_progress", after="resolved", processed=True)
    assert not refund_owed(before="stopped", after="stopped", processed=False)


def test_what_covers_the_fees_owed():
    assert covered(fee_due=50000, fee_paid=0, amount=50000)
    assert covered(fee_due=50000, fee_paid=20000, amount=30000)
    assert not covered(fee_due=50000, fee_paid=0, amount=49999)
    assert not covered(fee_due=50000, fee_paid=50000, amount=10)


def paid_new_dossier(gateway):
    dossier = DossierFactory(new=True, fee_due=50000)
    payment = pay_online(gateway, dossier)
    assert services.confirm_ipn(gateway.ipn_params(payment.txn_ref))["RspCode"] == "00"
    payment.refresh_from_db()
    assert payment.state == State.PAID
    return dossier, payment


def refuse(dossier, capture):
    with capture(execute=True):
        transition(
            dossier,
            Action.REFUSE,
            actor=UserFactory(),
            reason="Không đúng thẩm quyền",
        )


def test_a_refused_dossier_is_refunded_through_the_gateway(
    gateway, django_capture_on_commit_callbacks
):
    dossier, payment = paid_new_dossier(gateway)

    refuse(dossier, django_capture_on_commit_callbacks)

    payment.refresh_from_db()
    assert payment.state == State.REFUNDED
    refund = payment.refunds.get()
    assert (refund.state, refund.automatic, refund.amount) == ("done", True, 50000)
    assert dossier.code in refund.reason
    assert gateway.refunds[0]["vnp_TxnRef"] == payment.txn_ref
    assert gateway.refunds[0]["vnp_Amount"] == "5000000"
    assert list(payment.events.values_list("kind", flat=True)) == [
        "created",
        "paid",
        "refunded",
    ]
    # A second notice of the same change changes nothing.
    assert refund_dossier(dossier) == []
    assert len(gateway.refunds) == 1


def test_a_refusing_gateway_leaves_the_payment_paid_and_says_so(
    gateway, django_capture_on_commit_callbacks, caplog
):
    dossier, payment = paid_new_dossier(gateway)
    gateway.orders[payment.txn_ref]["refunded"] = True  # the gateway answers 94

    refuse(dossier, django_capture_on_commit_callbacks)

    payment.refresh_from_db()
    dossier.refresh_from_db()
    assert dossier.status == Status.NOT_ACCEPTED
    assert payment.state == State.PAID
    assert payment.refunds.get().state == RefundState.FAILED
    event = payment.events.last()
    assert (event.kind, event.payload) == ("refund_failed", {"problem": "code 94"})
    assert "refund it by hand" in caplog.text


def test_an_unreachable_gateway_never_breaks_the_refusal(
    gateway, django_capture_on_commit_callbacks
):
    dossier, payment = paid_new_dossier(gateway)
    gateway.stop()

    refuse(dossier, django_capture_on_commit_callbacks)

    payment.refresh_from_db()
    assert payment.state == State.PAID
    assert payment.refunds.get().response["error"].startswith("connection failed")
    # Once the gateway is back, an officer's refund goes through.
    gateway.start()
    services.refund(payment, reason="Hoàn lại bằng tay", user=UserFactory())
    payment.refresh_from_db()
    assert payment.state == State.REFUNDED


def test_a_desk_payment_is_owed_back_at_the_desk(django_capture_on_commit_callbacks):
    dossier = DossierFactory(received=True)
    officer = dossier.received_by
    payment = services.record_desk_payment(dossier, 8000, officer=officer)

    with django_capture_on_commit_callbacks(execute=True):
        transition(dossier, Action.STOP, actor=officer, reason="Người nộp xin rút")

    payment.refresh_from_db()
    owed = payment.refunds.get()
    assert (owed.state, owed.automatic) == (RefundState.AT_DESK, True)
    assert payment.state == State.PAID
    assert payment.events.last().kind == "refund_due"
    assert refund_dossier(dossier) == []  # idempotent

    # The officer hands the cash back: the same refund is settled.
    done = services.refund(payment, reason="Đã trả tiền mặt", user=officer)
    payment.refresh_from_db()
    assert done.pk == owed.pk
    assert (done.state, payment.state) == (RefundState.DONE, State.REFUNDED)
    assert Refund.objects.count() == 1


def test_a_dossier_stopped_during_processing_keeps_its_fees(
    django_capture_on_commit_callbacks,
):
    dossier = DossierFactory(in_progress=True)
    payment = services.record_desk_payment(dossier, 8000, officer=dossier.received_by)
    transition_events = PaymentEvent.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        transition(dossier, Action.STOP, actor=dossier.received_by, reason="Dừng")

    payment.refresh_from_db()
    assert payment.state == State.PAID
    assert not payment.refunds.exists()
    assert PaymentEvent.objects.count() == transition_events


def test_payment_confirmed_is_sent_once_after_the_commit(
    gateway, dossier, django_capture_on_commit_callbacks
):
    seen = []

    def listener(sender, *, payment, actor, **kwargs):
        seen.append((payment.txn_ref, actor))

    payment_confirmed.connect(listener)
    try:
        payment = pay_online(gateway, dossier)
        params = gateway.ipn_params(payment.txn_ref)
        with django_capture_on_commit_callbacks(execute=True):
            services.confirm_ipn(params)
            assert seen == []  # not before the commit
        with django_capture_on_commit_callbacks(execute=True):
            services.confirm_ipn(params)  # repeated: nothing sent
        officer = UserFactory()
        with django_capture_on_commit_callbacks(execute=True):
            desk = services.record_desk_payment(dossier, 1000, officer=officer)
    finally:
        payment_confirmed.disconnect(listener)
    assert seen == [(payment.txn_ref, None), (desk.txn_ref, officer)]


def test_a_failing_listener_does_not_undo_the_payment(
    gateway, dossier, django_capture_on_commit_callbacks, caplog
):
    def broken(sender, **kwargs):
        raise RuntimeError("listener down")

    payment_confirmed.connect(broken)
    try:
        payment = pay_online(gateway, dossier)
        with django_capture_on_commit_callbacks(execute=True):
            answer = services.confirm_ipn(gateway.ipn_params(payment.txn_ref))
    finally:
        payment_confirmed.disconnect(broken)
    assert answer["RspCode"] == "00"
    assert Payment.objects.get(pk=payment.pk).state == State.PAID
    assert "listener down" in caplog.text


@translation.override("en")
def test_a_fee_payment_is_only_for_a_dossier_waiting_for_fees(gateway):
    busy = DossierFactory(in_progress=True, fee_due=50000, fee_paid=0)
    with pytest.raises(services.PaymentError, match="not waiting for fees"):
        services.start_fee_payment(busy, return_url="https://x.vn/", ip="")
    settled = DossierFactory(awaiting_fees=True, fee_due=50000, fee_paid=50000)
    with pytest.raises(services.PaymentError, match="Nothing is left"):
        services.start_fee_payment(settled, return_url="https://x.vn/", ip="")
    assert not Payment.objects.exists()
