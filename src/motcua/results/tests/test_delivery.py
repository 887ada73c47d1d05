from datetime import UTC, datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
import time_machine

from motcua.dossiers.models import DossierEvent
from motcua.results.domain import Method, PostalStatus
from motcua.results.models import PostalUpdate, ResultDelivery, ResultDownload
from motcua.results.services import (
    DeliveryData,
    ResultRefused,
    confirm_postal_delivery,
    generate_result,
    record_delivery,
    record_postal_update,
)
from motcua.results.services.delivery import (
    check_download_token,
    download_path,
    download_token,
    record_download,
)
from motcua.results.services.handover import handover_slip_pdf

from .helpers import issued_result

pytestmark = pytest.mark.django_db


@pytest.fixture
def result(dossier, specialist, leader, clerk):
    return issued_result(dossier, specialist=specialist, leader=leader, clerk=clerk)


def _desk(**overrides):
    values = {
        "method": "desk",
        "receiver_name": "Nguyễn Văn An",
        "id_checked": True,
    }
    return DeliveryData(**{**values, **overrides})


def test_the_applicant_collects_the_result_at_the_desk(dossier, result, desk):
    delivery = record_delivery(
        dossier,
        user=desk,
        delivery=_desk(receiver_personal_id=dossier.applicant.personal_id),
    )

    assert delivery.method == Method.DESK
    assert delivery.result == result
    assert delivery.receiver_role == "applicant"
    assert delivery.id_checked
    assert delivery.handed_by == desk


def test_the_representative_who_submitted_may_collect(dossier, result, desk):
    dossier.submitter_name = "Trần Văn Bình"
    dossier.submitter_personal_id = "080085000999"
    dossier.save()

    delivery = record_delivery(
        dossier,
        user=desk,
        delivery=_desk(
            receiver_name="Trần Văn Bình", receiver_personal_id="080085000999"
        ),
    )

    assert delivery.receiver_role == "representative"


def test_someone_else_cannot_collect_the_result(dossier, result, desk):
    with pytest.raises(ResultRefused, match="(?i)identity number|số định danh"):
        record_delivery(
            dossier, user=desk, delivery=_desk(receiver_personal_id="080099999999")
        )
    assert not ResultDelivery.objects.exists()


def test_the_identity_paper_must_be_checked(dossier, result, desk):
    with pytest.raises(ResultRefused):
        record_delivery(
            dossier,
            user=desk,
            delivery=_desk(
                receiver_personal_id=dossier.applicant.personal_id, id_checked=False
            ),
        )


def test_a_scan_of_the_signed_slip_may_be_attached(dossier, result, desk):
    scan = SimpleUploadedFile("bien-ban.jpg", b"\xff\xd8\xff" + b"\0" * 40)

    delivery = record_delivery(
        dossier,
        user=desk,
        delivery=_desk(receiver_personal_id=dossier.applicant.personal_id),
        receipt_scan=scan,
    )

    assert delivery.signed_receipt.name.endswith(".jpg")


def test_the_hand_over_slip_names_both_sides(dossier, result, desk):
    import io

    from pypdf import PdfReader

    delivery = record_delivery(
        dossier,
        user=desk,
        delivery=_desk(receiver_personal_id=dossier.applicant.personal_id),
    )

    text = PdfReader(io.BytesIO(handover_slip_pdf(delivery))).pages[0].extract_text()

    assert "Nguyễn Văn An" in text
    assert "Võ Thị Cửa" in text
    assert result.code in text


def test_nothing_is_handed_over_before_a_result_is_issued(dossier, specialist, desk):
    generate_result(dossier, user=specialist)

    with pytest.raises(ResultRefused):
        record_delivery(
            dossier,
            user=desk,
            delivery=_desk(receiver_personal_id=dossier.applicant.personal_id),
        )


def test_a_specialist_does_not_hand_over_results(dossier, result, specialist):
    with pytest.raises(ResultRefused):
        record_delivery(
            dossier,
            user=specialist,
            delivery=_desk(receiver_personal_id=dossier.applicant.personal_id),
        )


def _post(dossier, desk, **overrides):
    values = {"method": "post", "waybill": "eb 123 456 789 vn", "address": "Ấp 3"}
    return record_delivery(
        dossier, user=desk, delivery=DeliveryData(**{**values, **overrides})
    )


def test_a_result_sent_by_post_is_followed_to_its_delivery(dossier, result, desk):
    delivery = _post(dossier, desk)

    assert delivery.postal_operator == "Bưu điện Việt Nam (VNPost)"
    assert delivery.waybill == "EB123456789VN"
    assert delivery.postal_status == PostalStatus.HANDED_TO_POST

    record_postal_update(delivery, user=desk, status="in_transit", note="Đến bưu cục")
    confirm_postal_delivery(delivery, user=desk)

    delivery.refresh_from_db()
    assert delivery.postal_status == PostalStatus.DELIVERED
    assert delivery.delivered_at is not None
    assert list(
        PostalUpdate.objects.filter(delivery=delivery).values_list("status", flat=True)
    ) == ["handed_to_post", "in_transit", "delivered"]
    events = DossierEvent.objects.filter(dossier=dossier, action="postal_update")
    assert events.count() == 2
    assert events.filter(public=True).count() == 2


def test_a_delivered_consignment_is_closed(dossier, result, desk):
    delivery = _post(dossier, desk)
    confirm_postal_delivery(delivery, user=desk)

    with pytest.raises(ResultRefused):
        record_postal_update(delivery, user=desk, status="in_transit")


def test_a_parcel_needs_a_waybill(dossier, result, desk):
    with pytest.raises(ResultRefused, match="waybill|vận đơn"):
        _post(dossier, desk, waybill=" ")


def test_the_address_defaults_to_the_one_registered(dossier, result, desk):
    dossier.delivery_address = "Số 5, ấp Bình Hòa"
    dossier.save()

    assert _post(dossier, desk, address="").address == "Số 5, ấp Bình Hòa"


def test_an_electronic_result_gets_a_link_valid_for_a_while(
    dossier, result, desk, settings
):
    settings.MOTCUA_RESULT_LINK_DAYS = 10
    at = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)

    delivery = record_delivery(
        dossier, user=desk, delivery=DeliveryData(method="electronic"), at=at
    )

    assert delivery.link_expires_at == at + timedelta(days=10)
    assert download_path(result).startswith(f"/ket-qua/{result.code}/tai-ve/?t=")


def test_the_download_token_opens_only_its_result_and_expires(result, settings):
    settings.MOTCUA_RESULT_LINK_DAYS = 10
    with time_machine.travel(datetime(2026, 11, 22, tzinfo=UTC), tick=False):
        token = download_token(result)
        assert check_download_token(result.code, token)
        assert not check_download_token(result.code + "0", token)
        assert not check_download_token(result.code, token + "x")
    with time_machine.travel(datetime(2026, 12, 3, tzinfo=UTC), tick=False):
        assert not check_download_token(result.code, token)


def test_downloads_are_logged(dossier, result, desk):
    delivery = record_delivery(
        dossier, user=desk, delivery=DeliveryData(method="electronic")
    )

    record_download(result)
    record_download(result)

    delivery.refresh_from_db()
    assert ResultDownload.objects.filter(result=result).count() == 2
    assert delivery.first_downloaded_at is not None
