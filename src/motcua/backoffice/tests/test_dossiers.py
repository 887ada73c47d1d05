import io
from datetime import date

from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

import openpyxl
import pytest

from motcua.dossiers.models import DossierFile
from motcua.dossiers.services.reception import (
    ApplicantData,
    DocumentReceipt,
    FileUpload,
    receive_dossier,
)
from motcua.dossiers.tests.factories import DossierFactory, staff_member
from motcua.dossiers.tests.helpers import local

from .conftest import PDF, PNG

pytestmark = pytest.mark.django_db


class Upload(io.BytesIO):
    def __init__(self, name, content):
        super().__init__(content)
        self.name = name


def received(agency, officer, version, *, name="Nguyễn Văn An", at=None, pid=None):
    papers = list(version.documents.all())
    return receive_dossier(
        officer=officer,
        agency=agency,
        procedure_version=version,
        applicant=ApplicantData(
            full_name=name,
            personal_id=pid or "080090000123",
            date_of_birth=date(1990, 5, 17),
            address="Ấp 3, thị trấn Tân Thạnh",
            phone="0912345678",
        ),
        documents=[
            DocumentReceipt(required_document_id=p.pk, originals=1) for p in papers
        ],
        files=[
            FileUpload(Upload("to-khai.pdf", PDF), 0),
            FileUpload(Upload("giay-chung-sinh.png", PNG), 1),
        ],
        received_at=at or local(2025, 10, 27, 9, 32),
    )


@pytest.fixture
def dossier(agency, officer, version):
    return received(agency, officer, version)


def test_the_dossier_page_shows_everything_in_a_fixed_number_of_queries(
    desk_client, dossier
):
    url = f"/can-bo/ho-so/{dossier.code}/"
    desk_client.get(url)  # warm the session

    with CaptureQueriesContext(connection) as queries:
        response = desk_client.get(url)

    page = response.content.decode()
    assert response.status_code == 200
    assert dossier.code in page
    assert "Nguyễn Văn An" in page
    assert "080090000123" in page
    assert "to-khai.pdf" in page
    assert "giay-chung-sinh.png" in page
    assert "27/10/2025 09:32" in page
    assert dossier.due_at.astimezone().strftime("%d/%m/%Y %H:%M") in page
    assert "Tiếp nhận hồ sơ" in page  # the timeline's first event
    assert f"/can-bo/ho-so/{dossier.code}/mau/receipt.pdf" in page
    assert "8.000 đ" in page
    # The page's own 10, and the panels of processing, lateness, results and
    # notifications (issue 4), each a handful; none grows with the dossier.
    assert len(queries) <= 30, [q["sql"] for q in queries.captured_queries]


def test_query_count_does_not_grow_with_files_and_events(desk_client, dossier, officer):
    url = f"/can-bo/ho-so/{dossier.code}/"
    desk_client.get(url)
    with CaptureQueriesContext(connection) as before:
        desk_client.get(url)
    for number in range(3):
        DossierFile.objects.create(
            dossier=dossier,
            original_name=f"them-{number}.pdf",
            content_type="application/pdf",
            size=len(PDF),
            sha256="0" * 64,
            uploaded_at=dossier.received_at,
            file=ContentFile(PDF, name=f"them-{number}.pdf"),
        )

    with CaptureQueriesContext(connection) as after:
        desk_client.get(url)

    assert len(after) == len(before)


def test_a_file_is_served_inline_with_its_detected_type(desk_client, dossier):
    stored = dossier.files.get(original_name="giay-chung-sinh.png")

    response = desk_client.get(f"/can-bo/ho-so/{dossier.code}/tep/{stored.pk}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PNG


def test_a_file_of_another_dossier_is_not_served(desk_client, dossier, agency):
    other = DossierFactory()
    stored = dossier.files.first()

    response = desk_client.get(f"/can-bo/ho-so/{other.code}/tep/{stored.pk}/")

    assert response.status_code == 404


def test_staff_of_the_handling_agency_see_the_dossier(client, dossier, agency):
    client.force_login(staff_member(agency))

    assert client.get(f"/can-bo/ho-so/{dossier.code}/").status_code == 200


def test_the_receipt_form_is_the_dossiers_rule_set_form_01(desk_client, dossier):
    from pypdf import PdfReader

    response = desk_client.get(f"/can-bo/ho-so/{dossier.code}/mau/receipt.pdf")

    assert response.status_code == 200
    assert "mau-01-" in response["Content-Disposition"]
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert dossier.code in text
    assert "03/11/2025" in text  # 5 working days after Monday 27/10/2025


def test_a_form_the_dossier_has_nothing_for_is_not_found(desk_client, dossier):
    base = f"/can-bo/ho-so/{dossier.code}/mau/"

    assert desk_client.get(base + "refusal.pdf").status_code == 404
    assert desk_client.get(base + "no-such-form.pdf").status_code == 404


def test_the_list_finds_dossiers_by_name_without_accents(
    desk_client, agency, officer, version
):
    first = received(agency, officer, version)
    second = received(
        agency,
        officer,
        version,
        name="Trần Thị Bích",
        pid="080190000456",
        at=local(2025, 11, 3, 8, 0),
    )
    DossierFactory()  # another agency's

    everything = desk_client.get("/can-bo/ho-so/").content.decode()
    by_name = desk_client.get("/can-bo/ho-so/", {"q": "tran thi bich"}).content.decode()
    by_code = desk_client.get("/can-bo/ho-so/", {"q": first.code}).content.decode()
    by_date = desk_client.get(
        "/can-bo/ho-so/", {"tu": "01/11/2025", "den": "30/11/2025"}
    ).content.decode()
    bad = desk_client.get("/can-bo/ho-so/", {"tu": "hôm qua"})

    assert everything.index(second.code) < everything.index(first.code)
    assert "2 hồ sơ" in everything
    assert second.code in by_name
    assert first.code not in by_name
    assert first.code in by_code
    assert second.code not in by_code
    assert second.code in by_date
    assert first.code not in by_date
    assert bad.status_code == 200
    assert "dd/mm/yyyy" in bad.content.decode()


def test_the_register_exports_the_periods_dossiers_to_excel(
    desk_client, agency, officer, version
):
    dossier = received(agency, officer, version)
    received(agency, officer, version, pid="080190000456", at=local(2025, 12, 1, 8, 0))

    response = desk_client.get(
        "/can-bo/so-theo-doi/", {"tu": "01/10/2025", "den": "31/10/2025"}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert dossier.code in cells
    assert "Nguyễn Văn An" in cells
    assert sum(1 for c in cells if isinstance(c, str) and "-0001" in c) == 1
    assert any(isinstance(c, str) and "07" in c and "03/2025" in c for c in cells)


def test_the_register_explains_bad_dates(desk_client):
    assert desk_client.get("/can-bo/so-theo-doi/").status_code == 200

    response = desk_client.get(
        "/can-bo/so-theo-doi/", {"tu": "31/10/2025", "den": "01/10/2025"}
    )

    assert response.status_code == 400
    assert "Ngày kết thúc" in response.content.decode()
