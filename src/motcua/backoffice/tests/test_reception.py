import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from pypdf import PdfReader

from motcua.catalog.tests.factories import birth_registration_spec, published_procedure
from motcua.dossiers.models import Applicant, Dossier, DossierFile, ReceptionGuidance
from motcua.dossiers.tests.factories import ApplicantFactory

from .conftest import PDF, PNG

pytestmark = pytest.mark.django_db

URL = "/can-bo/tiep-nhan/"


def form_data(version, **changes):
    """Return what a desk officer types for a birth registration, all ticked."""
    data = {
        "thu_tuc": version.pk,
        "kind": "person",
        "full_name": "Nguyễn Văn An",
        "personal_id": "080090000123",
        "date_of_birth": "17/05/1990",
        "address": "Ấp 3, thị trấn Tân Thạnh",
        "phone": "0912345678",
        "email": "an@example.vn",
        "sets": "1",
        "delivery_method": "desk",
        "outcome": "receive",
    }
    for paper in version.documents.all():
        data[f"doc_{paper.pk}"] = "on"
        data[f"doc_{paper.pk}_originals"] = "1"
        data[f"doc_{paper.pk}_copies"] = "0"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def papers(version):
    return list(version.documents.all())


def test_the_search_lists_only_procedures_the_agency_receives(desk_client, version):
    published_procedure(
        birth_registration_spec(
            code="2.000488",
            name="Cấp Phiếu lý lịch tư pháp",
            agency_functions=["dept_justice"],
        )
    )

    page = desk_client.get(URL, {"q": "khai sinh"}).content.decode()
    partial = desk_client.get(
        "/can-bo/tiep-nhan/thu-tuc/", {"q": "ly lich"}, HTTP_HX_REQUEST="true"
    ).content.decode()

    assert f"?thu_tuc={version.pk}" in page
    assert "Đăng ký khai sinh" in page
    assert "Cấp Phiếu lý lịch tư pháp" not in partial
    assert "Không có thủ tục nào" in partial


def test_choosing_a_procedure_shows_its_papers_and_delivery_options(
    desk_client, version
):
    page = desk_client.get(URL, {"thu_tuc": version.pk}).content.decode()

    for paper in papers(version):
        assert paper.name in page
        assert f'name="doc_{paper.pk}_files"' in page
    # 1.001193 is partly online here, so the result may be sent electronically
    assert 'value="electronic"' in page
    assert desk_client.get(URL, {"thu_tuc": 999999}).status_code == 404


def test_receiving_a_dossier_with_two_files_gives_the_receipt(desk_client, version):
    first, second = papers(version)
    data = form_data(version)
    data[f"doc_{first.pk}_files"] = SimpleUploadedFile(
        "to-khai.pdf", PDF, content_type="application/pdf"
    )
    data[f"doc_{second.pk}_files"] = SimpleUploadedFile(
        "giay chung sinh.png", PNG, content_type="image/png"
    )

    response = desk_client.post(URL, data)

    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/can-bo/tiep-nhan/xong/{dossier.code}/"
    assert re.fullmatch(r"000\.05\.25\.H39-\d{6}-0001", dossier.code)
    assert dossier.applicant.personal_id == "080090000123"
    assert dossier.documents.count() == 2
    files = {f.original_name: f for f in DossierFile.objects.all()}
    assert set(files) == {"to-khai.pdf", "giay chung sinh.png"}
    assert files["to-khai.pdf"].document.required_document == first
    assert files["giay chung sinh.png"].content_type == "image/png"

    receipt = desk_client.get(response["Location"]).content.decode()
    assert dossier.code in receipt
    assert dossier.due_at.astimezone().strftime("%d/%m/%Y") in receipt
    assert f"/can-bo/ho-so/{dossier.code}/mau/receipt.pdf" in receipt

    pdf = desk_client.get(f"/can-bo/ho-so/{dossier.code}/mau/receipt.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"].startswith("attachment;")


def test_an_organisation_with_an_authorised_person_is_received(desk_client, version):
    data = form_data(
        version,
        kind="organisation",
        full_name="Công ty TNHH An Phát",
        personal_id="",
        date_of_birth="",
        tax_code="0100109106",
        submitter_name="Lê Văn Bình",
        submitter_personal_id="080085000321",
        delivery_method="post",
        delivery_address="Số 1 Nguyễn Huệ, Tân An",
    )

    assert desk_client.post(URL, data).status_code == 302

    dossier = Dossier.objects.get()
    assert dossier.applicant.tax_code == "0100109106"
    assert dossier.submitter_name == "Lê Văn Bình"
    assert dossier.delivery_method == "post"


def test_an_incomplete_dossier_gets_form_02_and_nothing_is_received(
    desk_client, version
):
    first, second = papers(version)
    data = form_data(
        version,
        outcome="incomplete",
        missing=[str(second.pk)],
        other_missing="Văn bản ủy quyền có chứng thực",
        **{f"doc_{second.pk}": None},
    )

    response = desk_client.post(URL, data)

    guidance = ReceptionGuidance.objects.get()
    assert response["Location"] == f"/can-bo/huong-dan/{guidance.number}/"
    assert guidance.kind == "supplement"
    assert guidance.missing == [second.name, "Văn bản ủy quyền có chứng thực"]
    assert not Dossier.objects.exists()
    page = desk_client.get(response["Location"]).content.decode()
    assert "mẫu 02" in page
    pdf = desk_client.get(f"/can-bo/huong-dan/{guidance.number}/mau.pdf")
    assert pdf.status_code == 200
    text = " ".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    assert "Mẫu số 02" in text
    assert second.name in text
    assert "Văn bản ủy quyền có chứng thực" in text
    assert first.name not in text
    assert guidance.number in text.replace("- ", "-")  # wrapped in the header


def test_a_refusal_gets_form_03_and_nothing_is_received(desk_client, version):
    data = form_data(
        version,
        outcome="refuse",
        reasons="Không thuộc thẩm quyền giải quyết\nNgười nộp không có giấy tờ tùy thân",
    )

    response = desk_client.post(URL, data)

    guidance = ReceptionGuidance.objects.get()
    assert guidance.kind == "refusal"
    assert not Dossier.objects.exists()
    pdf = desk_client.get(f"/can-bo/huong-dan/{guidance.number}/mau.pdf?xem=1")
    assert pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"].startswith("inline;")
    assert "mẫu 03" in desk_client.get(response["Location"]).content.decode()


def test_a_refusal_needs_reasons(desk_client, version):
    response = desk_client.post(URL, form_data(version, outcome="refuse"))

    assert response.status_code == 400
    assert "Hãy nêu lý do từ chối" in response.content.decode()
    assert not ReceptionGuidance.objects.exists()


def assert_nothing_saved():
    assert not Dossier.objects.exists()
    assert not Applicant.objects.exists()
    assert not DossierFile.objects.exists()
    assert not ReceptionGuidance.objects.exists()


def test_an_invalid_personal_id_keeps_what_was_typed(desk_client, version):
    first = papers(version)[0]
    data = form_data(version, personal_id="12345", address="Ấp 7, Tân Hòa")
    data[f"doc_{first.pk}_files"] = SimpleUploadedFile("to-khai.pdf", PDF)

    response = desk_client.post(URL, data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "Số định danh cá nhân phải gồm đúng 12 chữ số" in page
    assert 'id="id_personal_id_error"' in page
    assert 'value="Ấp 7, Tân Hòa"' in page
    assert 'value="12345"' in page
    assert "chọn lại" in page  # the files must be attached again
    assert_nothing_saved()


def test_a_bad_date_of_birth_is_reported_on_its_field(desk_client, version):
    response = desk_client.post(URL, form_data(version, date_of_birth="31/02/1990"))

    assert response.status_code == 400
    assert "dd/mm/yyyy" in response.content.decode()
    assert_nothing_saved()


def test_no_paper_ticked_is_refused(desk_client, version):
    data = form_data(version)
    for paper in papers(version):
        del data[f"doc_{paper.pk}"]

    response = desk_client.post(URL, data)

    assert response.status_code == 400
    assert "Đánh dấu các giấy tờ" in response.content.decode()
    assert_nothing_saved()


def test_a_required_paper_not_ticked_is_named(desk_client, version):
    second = papers(version)[1]
    data = form_data(version, **{f"doc_{second.pk}": None})

    response = desk_client.post(URL, data)

    assert response.status_code == 400
    assert second.name in response.content.decode()
    assert_nothing_saved()


def test_an_executable_is_refused_whatever_its_name(desk_client, version):
    first = papers(version)[0]
    data = form_data(version)
    data[f"doc_{first.pk}_files"] = [
        SimpleUploadedFile("to-khai.pdf", PDF),
        SimpleUploadedFile("setup.exe", b"MZ\x90\x00" + b"\0" * 60),
    ]

    response = desk_client.post(URL, data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "setup.exe" in page
    assert "không phải tài liệu PDF, JPEG hoặc PNG" in page
    assert_nothing_saved()


def test_post_without_address_is_refused(desk_client, version):
    response = desk_client.post(URL, form_data(version, delivery_method="post"))

    assert response.status_code == 400
    assert 'id="id_delivery_address_error"' in response.content.decode()
    assert_nothing_saved()


def test_electronic_delivery_is_not_offered_for_a_desk_only_procedure(
    desk_client, version
):
    version.online_level = "none"
    version.save(update_fields=["online_level"])

    response = desk_client.post(URL, form_data(version, delivery_method="electronic"))

    assert response.status_code == 400
    assert "không được cung cấp" in response.content.decode()
    assert_nothing_saved()


def test_an_unknown_outcome_is_refused_without_saving(desk_client, version):
    response = desk_client.post(URL, form_data(version, outcome="approve"))

    assert response.status_code == 400
    assert_nothing_saved()


def test_an_earlier_applicant_is_found_by_personal_id(desk_client, version):
    earlier = ApplicantFactory(personal_id="080090000777", full_name="Phạm Thị Lan")

    partial = desk_client.get(
        "/can-bo/tiep-nhan/nguoi-nop/",
        {"thu_tuc": version.pk, "kind": "person", "personal_id": "080090000777"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    fallback = desk_client.post(
        URL,
        form_data(version, outcome="lookup", full_name="", personal_id="080090000777"),
    ).content.decode()

    for page in (partial, fallback):
        assert 'value="Phạm Thị Lan"' in page
        assert f'value="{earlier.address}"' in page
        assert 'value="17/05/1990"' in page
    assert "<html" not in partial
    assert not Dossier.objects.exists()


def test_an_unknown_personal_id_keeps_what_was_typed(desk_client, version):
    partial = desk_client.get(
        "/can-bo/tiep-nhan/nguoi-nop/",
        {
            "thu_tuc": version.pk,
            "kind": "person",
            "personal_id": "080090000999",
            "full_name": "Võ Văn Tám",
        },
    ).content.decode()

    assert "080090000999" in partial
    assert 'value="Võ Văn Tám"' in partial
    assert "Chưa có người nộp nào" in partial
