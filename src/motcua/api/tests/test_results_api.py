import io

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from pypdf import PdfWriter

from motcua.accounts.domain import Role
from motcua.dossiers.tests.factories import DossierFactory, staff_member
from motcua.results.models import PostalUpdate, Result
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
        role: staff_member(agency, role)
        for role in (
            Role.SPECIALIST,
            Role.LEADER,
            Role.CLERK,
            Role.DESK_OFFICER,
            Role.MONITOR,
        )
    }


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_listing_results_needs_authentication(client, dossier):
    assert client.get(f"/api/v1/dossiers/{dossier.code}/results").status_code == 401


def test_a_specialist_generates_then_lists_results(client, dossier, people):
    client.force_login(people[Role.SPECIALIST])

    created = client.post(
        f"/api/v1/dossiers/{dossier.code}/results", {}, content_type="application/json"
    )
    listed = client.get(f"/api/v1/dossiers/{dossier.code}/results")

    assert created.status_code == 201
    assert created.json()["state"] == "draft"
    assert created.json()["source"] == "generated"
    assert [r["number"] for r in listed.json()] == [1]
    download = client.get(listed.json()[0]["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"


def test_a_specialist_uploads_a_pdf(client, dossier, people):
    client.force_login(people[Role.SPECIALIST])

    response = client.post(
        f"/api/v1/dossiers/{dossier.code}/results",
        {"title": "Giấy phép", "file": SimpleUploadedFile("gp.pdf", _pdf())},
    )

    assert response.status_code == 201
    assert response.json()["source"] == "uploaded"
    assert response.json()["title"] == "Giấy phép"


def test_an_upload_that_is_not_a_pdf_answers_400(client, dossier, people):
    client.force_login(people[Role.SPECIALIST])

    response = client.post(
        f"/api/v1/dossiers/{dossier.code}/results",
        {"title": "Kết quả", "file": SimpleUploadedFile("a.pdf", b"GIF89a....")},
    )

    assert response.status_code == 400
    assert "errors" in response.json()
    assert not Result.objects.exists()


def test_a_monitor_may_read_but_not_prepare(client, dossier, people):
    client.force_login(people[Role.MONITOR])

    assert client.get(f"/api/v1/dossiers/{dossier.code}/results").status_code == 200
    response = client.post(
        f"/api/v1/dossiers/{dossier.code}/results", {}, content_type="application/json"
    )
    assert response.status_code == 403


def test_another_agency_sees_nothing(client, dossier):
    outsider = staff_member(DossierFactory().handling_agency, Role.SPECIALIST)
    client.force_login(outsider)

    assert client.get(f"/api/v1/dossiers/{dossier.code}/results").status_code == 404
    assert (
        client.get(f"/api/v1/dossiers/{dossier.code}/results/1/download").status_code
        == 404
    )


def test_a_missing_result_number_answers_404(client, dossier, people):
    client.force_login(people[Role.SPECIALIST])

    response = client.get(f"/api/v1/dossiers/{dossier.code}/results/9/download")

    assert response.status_code == 404


def _issued_and_posted(dossier, people):
    result = issued_result(
        dossier,
        specialist=people[Role.SPECIALIST],
        leader=people[Role.LEADER],
        clerk=people[Role.CLERK],
    )
    delivery = record_delivery(
        dossier,
        user=people[Role.DESK_OFFICER],
        delivery=DeliveryData(method="post", waybill="EB1", address="Ấp 3"),
    )
    return result, delivery


def test_the_desk_records_postal_updates(client, dossier, people):
    _result, delivery = _issued_and_posted(dossier, people)
    client.force_login(people[Role.DESK_OFFICER])

    response = client.post(
        f"/api/v1/dossiers/{dossier.code}/postal-updates",
        {"status": "delivered", "note": "Đã phát"},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert response.json()["postal_status"] == "delivered"
    assert PostalUpdate.objects.filter(delivery=delivery).count() == 2


def test_an_unknown_postal_status_answers_400(client, dossier, people):
    _issued_and_posted(dossier, people)
    client.force_login(people[Role.DESK_OFFICER])

    response = client.post(
        f"/api/v1/dossiers/{dossier.code}/postal-updates",
        {"status": "lost"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_a_closed_consignment_answers_400(client, dossier, people):
    _issued_and_posted(dossier, people)
    client.force_login(people[Role.DESK_OFFICER])
    url = f"/api/v1/dossiers/{dossier.code}/postal-updates"
    client.post(url, {"status": "delivered"}, content_type="application/json")

    response = client.post(
        url, {"status": "in_transit"}, content_type="application/json"
    )

    assert response.status_code == 400


def test_a_specialist_may_not_record_postal_updates(client, dossier, people):
    _issued_and_posted(dossier, people)
    client.force_login(people[Role.SPECIALIST])

    response = client.post(
        f"/api/v1/dossiers/{dossier.code}/postal-updates",
        {"status": "delivered"},
        content_type="application/json",
    )

    assert response.status_code == 403


def test_the_public_verification_answers_without_authentication(
    client, dossier, people
):
    result, _delivery = _issued_and_posted(dossier, people)

    response = client.get(f"/api/v1/results/{result.code}/verification")

    data = response.json()
    assert response.status_code == 200
    assert data["valid"] is True
    assert data["problems"] == []
    assert data["applicant_masked"] == "N*** V** A"
    assert data["agency"] == dossier.handling_agency.name
    assert "personal_id" not in str(data)


def test_verifying_an_unknown_code_answers_404(client, db):
    response = client.get("/api/v1/results/000.00.25.H39-251122-0001-KQ1/verification")

    assert response.status_code == 404
    assert "detail" in response.json()
