import io

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from openpyxl import load_workbook

from motcua.accounts.domain import Role
from motcua.dossiers.tests.factories import DossierFactory, staff_member
from motcua.results.models import PostalUpdate, Result, ResultDelivery
from motcua.results.services import DeliveryData, record_delivery
from motcua.results.tests.helpers import issued_result, private_pki

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pki(settings, tmp_path):
    private_pki(settings, tmp_path)


@pytest.fixture
def dossier():
    return DossierFactory(in_progress=True)


@pytest.fixture
def people(dossier):
    agency = dossier.handling_agency
    return {
        role: staff_member(agency, role, full_name=name)
        for role, name in (
            (Role.SPECIALIST, "Trần Thị Bích"),
            (Role.LEADER, "Lê Văn Lãnh"),
            (Role.CLERK, "Phạm Văn Thư"),
            (Role.DESK_OFFICER, "Võ Thị Cửa"),
            (Role.MONITOR, "Đỗ Giám Sát"),
        )
    }


def _issued(dossier, people):
    return issued_result(
        dossier,
        specialist=people[Role.SPECIALIST],
        leader=people[Role.LEADER],
        clerk=people[Role.CLERK],
    )


def test_the_dossier_page_lists_results_with_their_actions(client, dossier, people):
    client.force_login(people[Role.SPECIALIST])

    page = client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()

    assert 'id="ket-qua"' in page
    assert "Chưa có kết quả" in page or "No result" in page
    assert f"/can-bo/ho-so/{dossier.code}/ket-qua/tao/" in page
    assert f"/can-bo/ho-so/{dossier.code}/ket-qua/tai-len/" in page


def test_a_monitor_sees_no_buttons_to_prepare(client, dossier, people):
    client.force_login(people[Role.MONITOR])

    page = client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()

    assert "/ket-qua/tao/" not in page


def test_a_specialist_generates_a_draft_result(client, dossier, people):
    client.force_login(people[Role.SPECIALIST])

    response = client.post(f"/can-bo/ho-so/{dossier.code}/ket-qua/tao/")

    assert response.status_code == 302
    assert response["Location"].endswith("#ket-qua")
    result = Result.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "Dự thảo" in page
    pdf = client.get(f"/can-bo/ho-so/{dossier.code}/ket-qua/1.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert result.number == 1


def test_a_monitor_cannot_generate_and_is_told_why(client, dossier, people):
    client.force_login(people[Role.MONITOR])

    response = client.post(f"/can-bo/ho-so/{dossier.code}/ket-qua/tao/", follow=True)

    assert not Result.objects.exists()
    assert "Chỉ chuyên viên" in response.content.decode()


def test_uploading_a_result_pdf(client, dossier, people):
    client.force_login(people[Role.SPECIALIST])
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)

    response = client.post(
        f"/can-bo/ho-so/{dossier.code}/ket-qua/tai-len/",
        {
            "title": "Giấy phép xây dựng",
            "file": SimpleUploadedFile("gp.pdf", buffer.getvalue()),
        },
    )

    assert response.status_code == 302
    assert Result.objects.get().title == "Giấy phép xây dựng"


def test_an_upload_that_is_not_a_pdf_is_refused_on_the_form(client, dossier, people):
    client.force_login(people[Role.SPECIALIST])

    response = client.post(
        f"/can-bo/ho-so/{dossier.code}/ket-qua/tai-len/",
        {"title": "Kết quả", "file": SimpleUploadedFile("a.pdf", b"hello world")},
    )

    assert response.status_code == 400
    assert "PDF" in response.content.decode()
    assert not Result.objects.exists()


def test_the_upload_page_is_hidden_from_a_monitor(client, dossier, people):
    client.force_login(people[Role.MONITOR])

    assert (
        client.get(f"/can-bo/ho-so/{dossier.code}/ket-qua/tai-len/").status_code == 404
    )


def test_someone_of_another_agency_gets_404(client, dossier):
    outsider = staff_member(DossierFactory().handling_agency, Role.SPECIALIST)
    client.force_login(outsider)

    assert client.get(f"/can-bo/ho-so/{dossier.code}/ket-qua/1.pdf").status_code == 404
    assert client.post(f"/can-bo/ho-so/{dossier.code}/ket-qua/tao/").status_code == 404


def test_the_staff_verification_page_shows_a_valid_signature(client, dossier, people):
    result = _issued(dossier, people)
    client.force_login(people[Role.DESK_OFFICER])

    page = client.get(f"/can-bo/ho-so/{dossier.code}/ket-qua/1/kiem-tra/")

    assert page.status_code == 200
    assert "Chữ ký hợp lệ" in page.content.decode()
    assert f"/xac-thuc/{result.code}/" in page.content.decode()


def test_without_an_open_return_step_the_desk_is_told(client, dossier, people):
    _issued(dossier, people)
    client.force_login(people[Role.DESK_OFFICER])

    response = client.post(
        f"/can-bo/tra-ket-qua/{dossier.code}/tai-quay/",
        {
            "receiver_name": "Nguyễn Văn An",
            "receiver_personal_id": dossier.applicant.personal_id,
            "id_checked": "on",
        },
    )

    assert response.status_code == 400
    assert not ResultDelivery.objects.exists()


def test_a_returned_dossier_can_be_handed_over_again_at_the_desk(
    client, dossier, people
):
    from motcua.dossiers.domain import Action
    from motcua.dossiers.services.lifecycle import transition

    _issued(dossier, people)
    desk = people[Role.DESK_OFFICER]
    record_delivery(
        dossier,
        user=desk,
        delivery=DeliveryData(method="post", waybill="EB1", address="Ấp 3"),
    )
    transition(dossier, Action.RETURN_RESULT, actor=desk)
    client.force_login(desk)

    form = client.get(f"/can-bo/tra-ket-qua/{dossier.code}/tai-quay/")
    response = client.post(
        f"/can-bo/tra-ket-qua/{dossier.code}/tai-quay/",
        {
            "receiver_name": "Nguyễn Văn An",
            "receiver_personal_id": dossier.applicant.personal_id,
            "id_checked": "on",
            "signed_receipt": SimpleUploadedFile(
                "scan.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20
            ),
        },
    )

    assert form.status_code == 200
    assert response.status_code == 302
    desk_delivery = ResultDelivery.objects.get(method="desk")
    assert desk_delivery.signed_receipt
    slip = client.get(
        f"/can-bo/tra-ket-qua/{dossier.code}/ban-giao/{desk_delivery.pk}.pdf"
    )
    assert slip["Content-Type"] == "application/pdf"


def test_a_postal_status_is_recorded_from_the_dossier_page(client, dossier, people):
    _issued(dossier, people)
    desk = people[Role.DESK_OFFICER]
    delivery = record_delivery(
        dossier,
        user=desk,
        delivery=DeliveryData(method="post", waybill="EB1", address="Ấp 3"),
    )
    client.force_login(desk)

    response = client.post(
        f"/can-bo/tra-ket-qua/{dossier.code}/buu-gui/{delivery.pk}/",
        {"status": "delivered", "note": "Người nhận ký"},
    )

    assert response.status_code == 302
    assert PostalUpdate.objects.filter(delivery=delivery, status="delivered").exists()
    page = client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    assert "Đã phát cho người nhận" in page


def test_a_specialist_cannot_record_a_postal_status(client, dossier, people):
    _issued(dossier, people)
    delivery = record_delivery(
        dossier,
        user=people[Role.DESK_OFFICER],
        delivery=DeliveryData(method="post", waybill="EB1", address="Ấp 3"),
    )
    client.force_login(people[Role.SPECIALIST])

    client.post(
        f"/can-bo/tra-ket-qua/{dossier.code}/buu-gui/{delivery.pk}/",
        {"status": "delivered"},
    )

    assert not PostalUpdate.objects.filter(status="delivered").exists()


def test_the_certification_register_downloads_as_excel(client, dossier, people):
    client.force_login(people[Role.DESK_OFFICER])

    page = client.get("/can-bo/so-chung-thuc/")
    response = client.get("/can-bo/so-chung-thuc/?tu=01/01/2025&den=31/12/2025")

    assert page.status_code == 200
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["SCT-BS"]


def test_a_register_period_that_is_wrong_is_refused(client, people):
    client.force_login(people[Role.DESK_OFFICER])

    response = client.get("/can-bo/so-chung-thuc/?tu=31/12/2025&den=01/01/2025")

    assert response.status_code == 400
