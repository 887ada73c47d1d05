"""A dossier waiting for fees resumes when VNPay confirms the citizen's payment."""

import urllib.error
import urllib.request

import pytest

from motcua.dossiers.domain import Status
from motcua.dossiers.models import DossierEvent
from motcua.integrations.tests.fake_vnpay import FakeVnpay
from motcua.payments import services as payments
from motcua.workflow import services

from .test_actions import at, open_task, to_specialist
from .world import procedure, reception_kwargs


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def gateway(settings):
    fake = FakeVnpay().start()
    settings.MOTCUA_VNPAY = fake.settings()
    yield fake
    fake.stop()


@pytest.fixture
def waiting(world):
    dossier = services.receive(**reception_kwargs(world.district, procedure()))
    task = to_specialist(world, dossier)
    services.request_fees(
        task, user=world.district.specialist, amount=120000, reason="Lệ phí", at=at(30)
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.AWAITING_FEES
    return dossier


def pay_at(url, dossier):
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.build_opener(NoRedirect).open(url, timeout=2)
    return dossier.payments.order_by("-id").first()


def pay(gateway, dossier, amount):
    url = payments.start_online_payment(
        dossier, amount, return_url="https://motcua.example/tro-ve/", ip="10.0.0.7"
    )
    return pay_at(url, dossier)


def test_the_ipn_records_the_fees_and_processing_resumes(
    gateway, waiting, django_capture_on_commit_callbacks
):
    url = payments.start_fee_payment(
        waiting, return_url="https://motcua.example/tro-ve/", ip="10.0.0.7"
    )
    assert "vnp_Amount=12000000" in url  # what is owed, × 100
    payment = pay_at(url, waiting)

    with django_capture_on_commit_callbacks(execute=True):
        answer = payments.confirm_ipn(gateway.ipn_params(payment.txn_ref))

    assert answer["RspCode"] == "00"
    waiting.refresh_from_db()
    assert waiting.status == Status.IN_PROGRESS
    assert waiting.fee_paid == waiting.fee_due
    event = DossierEvent.objects.filter(dossier=waiting).order_by("sequence").last()
    assert (event.action, event.actor_id, event.payload) == (
        "record_fees",
        None,
        {"amount": 120000, "payment": payment.txn_ref},
    )
    assert open_task(waiting).due_at is not None  # the step's clock runs again
    # VNPay repeats the IPN: nothing more happens.
    with django_capture_on_commit_callbacks(execute=True):
        again = payments.confirm_ipn(gateway.ipn_params(payment.txn_ref))
    assert again["RspCode"] == "02"
    assert DossierEvent.objects.filter(dossier=waiting).last().pk == event.pk


def test_a_payment_short_of_what_is_owed_leaves_the_dossier_waiting(
    gateway, waiting, django_capture_on_commit_callbacks
):
    payment = pay(gateway, waiting, 1000)

    with django_capture_on_commit_callbacks(execute=True):
        payments.confirm_ipn(gateway.ipn_params(payment.txn_ref))

    waiting.refresh_from_db()
    assert waiting.status == Status.AWAITING_FEES
    assert waiting.fee_paid == 0


def test_fees_paid_at_the_desk_resume_the_dossier_too(
    world, waiting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        payments.record_desk_payment(waiting, 120000, officer=world.district.desk)

    waiting.refresh_from_db()
    assert waiting.status == Status.IN_PROGRESS
    event = DossierEvent.objects.filter(dossier=waiting).order_by("sequence").last()
    assert event.actor_id == world.district.desk.pk
