import pytest

from motcua.accounts.domain import Role
from motcua.dossiers.tests.factories import DossierFactory, staff_member
from motcua.results.models import ResultDownload
from motcua.results.services import DeliveryData, record_delivery
from motcua.results.services.delivery import download_path
from motcua.results.tests.helpers import issued_result, private_pki

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pki(settings, tmp_path):
    private_pki(settings, tmp_path)


@pytest.fixture
def issued():
    dossier = DossierFactory(in_progress=True)
    agency = dossier.handling_agency
    desk = staff_member(agency, Role.DESK_OFFICER)
    result = issued_result(
        dossier,
        specialist=staff_member(agency, Role.SPECIALIST),
        leader=staff_member(agency, Role.LEADER),
        clerk=staff_member(agency, Role.CLERK),
    )
    return result, desk


def test_the_verification_page_shows_a_valid_result_without_personal_data(
    client, issued
):
    result, _desk = issued

    response = client.get(f"/xac-thuc/{result.code}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Hợp lệ" in page
    assert result.dossier.handling_agency.name in page
    assert "N*** V** A" in page
    assert "Nguyễn Văn An" not in page
    assert result.dossier.applicant.personal_id not in page


def test_a_code_typed_in_lower_case_is_found(client, issued):
    result, _desk = issued

    assert client.get(f"/xac-thuc/{result.code.lower()}/").status_code == 200


def test_a_tampered_result_is_shown_not_valid(client, issued):
    result, _desk = issued
    with open(result.file.path, "r+b") as handle:
        content = bytearray(handle.read())
        index = content.index(b"stream") + 30
        content[index] = (content[index] + 1) % 256
        handle.seek(0)
        handle.write(bytes(content))

    page = client.get(f"/xac-thuc/{result.code}/").content.decode()

    assert "Không hợp lệ" in page


def test_an_unknown_code_answers_404(client, db):
    response = client.get("/xac-thuc/000.00.25.H39-251122-0001-KQ1/")

    assert response.status_code == 404
    assert "Không có kết quả" in response.content.decode()


def test_the_citizen_downloads_an_electronic_result_once_logged(client, issued):
    result, desk = issued
    record_delivery(
        result.dossier, user=desk, delivery=DeliveryData(method="electronic")
    )

    response = client.get(download_path(result))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert ResultDownload.objects.filter(result=result).count() == 1


def test_a_forged_or_missing_token_is_refused(client, issued):
    result, desk = issued
    record_delivery(
        result.dossier, user=desk, delivery=DeliveryData(method="electronic")
    )

    assert client.get(f"/ket-qua/{result.code}/tai-ve/?t=abc").status_code == 403
    assert client.get(f"/ket-qua/{result.code}/tai-ve/").status_code == 403
    assert not ResultDownload.objects.exists()


def test_a_result_not_returned_electronically_has_no_download(client, issued):
    result, _desk = issued

    assert client.get(download_path(result)).status_code == 404


def test_a_link_past_its_validity_is_gone(client, issued, settings):
    from datetime import timedelta

    from django.utils import timezone

    result, desk = issued
    delivery = record_delivery(
        result.dossier, user=desk, delivery=DeliveryData(method="electronic")
    )
    delivery.link_expires_at = timezone.now() - timedelta(minutes=1)
    delivery.save()

    response = client.get(download_path(result))

    assert response.status_code == 410
    assert not ResultDownload.objects.exists()
