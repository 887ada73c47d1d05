import io

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from pypdf import PdfReader, PdfWriter

from motcua.accounts.domain import Role
from motcua.dossiers.tests.factories import DossierFactory, staff_member
from motcua.results.domain import ResultState, Source
from motcua.results.models import Result, SigningCertificate
from motcua.results.services import (
    ResultRefused,
    generate_result,
    issue_result,
    latest_result,
    sign_result,
    upload_result,
    verify,
)
from motcua.results.services.documents import result_content

from .helpers import stamp_text

pytestmark = pytest.mark.django_db


def _pdf_bytes(text="Kết quả") -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_generated_result_is_a_draft_pdf_numbered_from_one(dossier, specialist):
    result = generate_result(dossier, user=specialist)

    assert (result.number, result.state, result.source) == (
        1,
        ResultState.DRAFT,
        Source.GENERATED,
    )
    content = result_content(result)
    assert content.startswith(b"%PDF-")
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "QUYẾT ĐỊNH" in text
    assert dossier.code in text
    assert f"{dossier.code}-KQ1" in text
    assert result.title == "Giấy khai sinh"


def test_a_second_result_gets_the_next_number(dossier, specialist):
    generate_result(dossier, user=specialist)
    second = generate_result(dossier, user=specialist, title="Bản sao Giấy khai sinh")

    assert second.number == 2
    assert latest_result(dossier) == second


def test_an_uploaded_pdf_becomes_a_draft_result(dossier, specialist):
    upload = SimpleUploadedFile("quyet-dinh.pdf", _pdf_bytes())

    result = upload_result(dossier, user=specialist, file=upload, title="Quyết định")

    assert result.source == Source.UPLOADED
    assert result.original_name == "quyet-dinh.pdf"


def test_an_upload_that_is_not_a_pdf_is_refused_whatever_its_name(dossier, specialist):
    upload = SimpleUploadedFile("ket-qua.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 40)

    with pytest.raises(ResultRefused, match="PDF"):
        upload_result(dossier, user=specialist, file=upload, title="Kết quả")
    assert not Result.objects.exists()


def test_someone_without_a_role_in_the_dossier_agencies_cannot_prepare_a_result(
    dossier,
):
    outsider = staff_member(DossierFactory().handling_agency, Role.SPECIALIST)

    with pytest.raises(ResultRefused):
        generate_result(dossier, user=outsider)


def test_a_monitor_cannot_prepare_a_result(dossier, agency):
    monitor = staff_member(agency, Role.MONITOR)

    with pytest.raises(ResultRefused):
        generate_result(dossier, user=monitor)


def test_no_result_is_prepared_for_a_stopped_dossier():
    stopped = DossierFactory(stopped=True)
    specialist = staff_member(stopped.handling_agency, Role.SPECIALIST)

    with pytest.raises(ResultRefused, match="Dừng xử lý"):
        generate_result(stopped, user=specialist)


def test_a_signed_result_verifies(dossier, specialist, leader, pki):
    result = generate_result(dossier, user=specialist)

    sign_result(result, user=leader, agency=dossier.handling_agency)

    assert result.state == ResultState.SIGNED
    assert result.signed_by == leader
    assert (pki / "ca.pem").exists()
    certificate = SigningCertificate.objects.get(agency=dossier.handling_agency)
    assert result.certificate == certificate
    report = verify(result)
    assert report.valid, report.problems
    assert report.intact
    assert report.trusted
    assert not report.modified_after_signing
    assert report.signer_name == dossier.handling_agency.name[:64]
    assert report.signed_at is not None


def test_the_stamp_keeps_its_vietnamese_letters(dossier, specialist, leader):
    result = generate_result(dossier, user=specialist)
    sign_result(result, user=leader, agency=dossier.handling_agency)

    text = stamp_text(result_content(result))

    assert f"Ký bởi: {dossier.handling_agency.name}" in text
    assert "Thời gian:" in text
    assert "(GMT+7)" in text
    assert "Xác thực: https://motcua.example.vn/xac-thuc/\n" in text
    assert f"\n{dossier.code}-KQ1/" in text


def test_the_stamp_prints_local_time(dossier, specialist, leader):
    from datetime import UTC, datetime

    result = generate_result(dossier, user=specialist)
    at = datetime(2026, 11, 22, 2, 5, tzinfo=UTC)

    sign_result(result, user=leader, agency=dossier.handling_agency, at=at)

    assert "09:05 22/11/2026 (GMT+7)" in stamp_text(result_content(result))


def test_a_tampered_result_fails_verification(dossier, specialist, leader):
    result = generate_result(dossier, user=specialist)
    sign_result(result, user=leader, agency=dossier.handling_agency)
    content = bytearray(result_content(result))
    # Change one byte of the signed page content.
    index = content.index(b"stream") + 20
    content[index] = (content[index] + 1) % 256
    with open(result.file.path, "wb") as handle:
        handle.write(bytes(content))

    report = verify(result)

    assert not report.valid
    assert "broken" in report.problems or "modified" in report.problems


def test_a_result_changed_after_signing_is_reported_modified(
    dossier, specialist, leader
):
    result = generate_result(dossier, user=specialist)
    sign_result(result, user=leader, agency=dossier.handling_agency)
    writer = PdfWriter(io.BytesIO(result_content(result)), incremental=True)
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    with open(result.file.path, "wb") as handle:
        handle.write(buffer.getvalue())

    report = verify(result)

    assert not report.valid
    assert report.modified_after_signing
    assert "modified" in report.problems


def test_a_signature_from_an_unknown_ca_is_untrusted(
    dossier, specialist, leader, settings, tmp_path
):
    result = generate_result(dossier, user=specialist)
    sign_result(result, user=leader, agency=dossier.handling_agency)
    settings.MOTCUA_PKI_DIR = tmp_path / "other"

    report = verify(result)

    assert "untrusted" in report.problems


def test_an_unsigned_result_does_not_verify(dossier, specialist):
    result = generate_result(dossier, user=specialist)

    assert verify(result).problems == ["unsigned"]


def test_only_a_leader_of_the_agency_signs(dossier, specialist):
    result = generate_result(dossier, user=specialist)

    with pytest.raises(ResultRefused):
        sign_result(result, user=specialist, agency=dossier.handling_agency)
    assert Result.objects.get().state == ResultState.DRAFT


def test_a_result_is_signed_once(dossier, specialist, leader):
    result = generate_result(dossier, user=specialist)
    sign_result(result, user=leader, agency=dossier.handling_agency)

    with pytest.raises(ResultRefused):
        sign_result(result, user=leader, agency=dossier.handling_agency)


def test_without_a_certificate_in_production_signing_is_refused(
    dossier, specialist, leader, settings
):
    settings.MOTCUA_DEV_PKI = False
    result = generate_result(dossier, user=specialist)

    with pytest.raises(ResultRefused, match="certificate|chứng thư"):
        sign_result(result, user=leader, agency=dossier.handling_agency)


def test_issuing_gives_the_result_its_code(dossier, specialist, leader, clerk):
    result = generate_result(dossier, user=specialist)
    sign_result(result, user=leader, agency=dossier.handling_agency)

    issue_result(result, user=clerk)

    assert result.state == ResultState.ISSUED
    assert result.code == f"{dossier.code}-KQ1"
    assert result.issued_by == clerk
    assert result.issued_at is not None


def test_an_unsigned_result_cannot_be_issued(dossier, specialist, clerk):
    result = generate_result(dossier, user=specialist)

    with pytest.raises(ResultRefused):
        issue_result(result, user=clerk)
    assert Result.objects.get().code == ""


def test_a_specialist_cannot_issue(dossier, specialist, leader):
    result = generate_result(dossier, user=specialist)
    sign_result(result, user=leader, agency=dossier.handling_agency)

    with pytest.raises(ResultRefused):
        issue_result(result, user=specialist)
