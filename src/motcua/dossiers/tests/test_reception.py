import re
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from motcua.deadlines.services import seed_holidays
from motcua.dossiers.domain import Status
from motcua.dossiers.models import Applicant, Dossier, DossierEvent, ReceptionGuidance
from motcua.dossiers.services.reception import (
    DeliveryData,
    DocumentReceipt,
    FileUpload,
    ReceptionRefused,
    SubmitterData,
    issue_supplement_guidance,
    refuse_reception,
)

from .factories import UserFactory
from .helpers import (
    PDF,
    PNG,
    applicant,
    desk,
    five_day_procedure,
    local,
    receive,
)

pytestmark = pytest.mark.django_db


def test_receiving_numbers_the_dossier_and_sets_the_legal_appointment():
    # given
    seed_holidays([2025, 2026])
    agency, officer = desk()
    version = five_day_procedure(agency)

    # when: Friday before the National Day holidays (1-2/9/2025)
    dossier = receive(agency, officer, version, at=local(2025, 8, 29, 9, 0))

    # then: 5 working days skip the weekend and both holidays
    assert dossier.code == "000.00.25.H39-250829-0001"
    assert dossier.status == Status.RECEIVED
    assert dossier.due_at == local(2025, 9, 9, 9, 0)
    assert dossier.rule_set.code == "nd118-2025"
    assert (dossier.fee_due, dossier.time_unit, dossier.channel) == (
        20000,
        "working_days",
        1,
    )
    assert dossier.received_by == officer
    event = DossierEvent.objects.get(dossier=dossier)
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        "receive",
        "",
        "received",
        officer,
    )
    assert dossier.audit_head == event.hash
    assert dossier.documents.count() == 2


def test_a_dossier_received_before_july_2025_is_bound_to_decree_61():
    agency, officer = desk()
    version = five_day_procedure(agency)
    dossier = receive(agency, officer, version, at=local(2025, 6, 30, 16, 0))
    assert dossier.rule_set.code == "nd61-2018"


def test_codes_follow_each_other_per_agency_and_day():
    agency, officer = desk()
    other, other_officer = desk("000.01.25.H39")
    version = five_day_procedure(agency)
    version.agencies.add(other)
    codes = [
        receive(agency, officer, version, at=local(2025, 10, 27, 8, 0)).code,
        receive(agency, officer, version, at=local(2025, 10, 27, 9, 0)).code,
        receive(other, other_officer, version, at=local(2025, 10, 27, 9, 0)).code,
        receive(agency, officer, version, at=local(2025, 10, 28, 8, 0)).code,
    ]
    assert codes == [
        "000.00.25.H39-251027-0001",
        "000.00.25.H39-251027-0002",
        "000.01.25.H39-251027-0001",
        "000.00.25.H39-251028-0001",
    ]


def test_an_earlier_applicant_is_found_again_and_updated():
    agency, officer = desk()
    version = five_day_procedure(agency)
    first = receive(agency, officer, version, at=local(2025, 10, 27, 8, 0))
    second = receive(
        agency,
        officer,
        version,
        at=local(2025, 10, 28, 8, 0),
        applicant=applicant(address="Số 5 đường 30/4, Tân Thạnh"),
    )
    assert first.applicant_id == second.applicant_id
    assert Applicant.objects.get().address == "Số 5 đường 30/4, Tân Thạnh"
    first.refresh_from_db()
    assert first.applicant_snapshot["address"] == "Ấp 3, thị trấn Tân Thạnh"


def test_an_organisation_and_an_authorised_submitter_are_received():
    agency, officer = desk()
    version = five_day_procedure(agency)
    dossier = receive(
        agency,
        officer,
        version,
        at=local(2025, 10, 27, 8, 0),
        applicant=applicant(
            kind="organisation",
            full_name="Công ty TNHH An Phát",
            personal_id="",
            date_of_birth=None,
            tax_code="0100109106",
        ),
        submitter=SubmitterData("Lê Thị Na", "080190000456", "0987654321"),
        delivery=DeliveryData("post", "Số 1 Nguyễn Huệ, Tân An"),
    )
    assert dossier.applicant.tax_code == "0100109106"
    assert dossier.submitter_name == "Lê Thị Na"
    assert dossier.delivery_method == "post"


def test_files_are_stored_with_their_real_type_and_paper():
    agency, officer = desk()
    version = five_day_procedure(agency)
    dossier = receive(
        agency,
        officer,
        version,
        at=local(2025, 10, 27, 8, 0),
        files=[
            FileUpload(SimpleUploadedFile("tờ khai.pdf", PDF), document_index=0),
            SimpleUploadedFile("../../giấy chứng sinh.pdf", PNG),
        ],
    )
    first, second = dossier.files.order_by("pk")
    assert (first.original_name, first.content_type) == (
        "tờ khai.pdf",
        "application/pdf",
    )
    assert first.document.name == version.documents.first().name
    assert (second.original_name, second.content_type) == (
        "giấy chứng sinh.png",
        "image/png",
    )
    assert re.fullmatch(
        r"dossiers/\d{4}/\d{2}/giay-chung-sinh\w*\.png", second.file.name
    )
    assert ".." not in second.file.name
    assert second.file.read() == PNG


def test_bad_input_is_refused_with_a_message_per_field_and_nothing_saved():
    agency, officer = desk()
    version = five_day_procedure(agency)
    with pytest.raises(ReceptionRefused) as refused:
        receive(
            agency,
            officer,
            version,
            at=local(2025, 10, 27, 8, 0),
            applicant=applicant(personal_id="12345", phone="123", email="x@"),
            documents=[
                DocumentReceipt(required_document_id=version.documents.first().pk)
            ],
            files=[SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\0" * 60)],
            delivery=DeliveryData("post", ""),
        )
    errors = refused.value.errors
    assert set(errors) == {
        "applicant.personal_id",
        "applicant.phone",
        "applicant.email",
        "documents",
        "files",
        "delivery.address",
    }
    assert "12" in errors["applicant.personal_id"][0]
    assert "virus.pdf" in errors["files"][0]
    assert not Dossier.objects.exists()
    assert not Applicant.objects.exists()


def test_messages_are_in_vietnamese_by_default():
    agency, officer = desk()
    version = five_day_procedure(agency)
    with pytest.raises(ReceptionRefused) as refused:
        receive(
            agency,
            officer,
            version,
            at=local(2025, 10, 27, 8, 0),
            documents=[DocumentReceipt(name="Giấy khác", copies=1)],
        )
    assert refused.value.errors["documents"] == [
        "Chưa nhận giấy tờ bắt buộc “Tờ khai đăng ký khai sinh theo mẫu”.",
        "Chưa nhận giấy tờ bắt buộc “Bản chính Giấy chứng sinh”.",
    ]


def test_only_a_desk_officer_of_the_agency_can_receive():
    agency, _officer = desk()
    version = five_day_procedure(agency)
    with pytest.raises(ReceptionRefused) as refused:
        receive(agency, UserFactory(), version, at=local(2025, 10, 27, 8, 0))
    assert "agency" in refused.value.errors


def test_a_procedure_not_handled_by_the_agency_is_refused():
    agency, officer = desk()
    version = five_day_procedure()  # linked to no agency with this function
    version.agencies.clear()
    agency.function = "district_pc"
    agency.save()
    with pytest.raises(ReceptionRefused) as refused:
        receive(agency, officer, version, at=local(2025, 10, 27, 8, 0))
    assert "procedure_version" in refused.value.errors


def test_a_procedure_not_yet_in_force_is_refused():
    agency, officer = desk()
    version = five_day_procedure(agency)
    with pytest.raises(ReceptionRefused) as refused:
        receive(agency, officer, version, at=local(2023, 10, 27, 8, 0))
    assert "27/10/2023" in refused.value.errors["procedure_version"][0]


def test_an_incomplete_dossier_gets_guidance_listing_the_missing_papers():
    agency, officer = desk()
    version = five_day_procedure(agency)
    papers = list(version.documents.all())

    guidance = issue_supplement_guidance(
        officer=officer,
        agency=agency,
        procedure_version=version,
        applicant=applicant(personal_id=""),
        missing=[papers[1].pk, "Giấy ủy quyền có chứng thực"],
        note="Bổ sung trong 5 ngày",
    )

    assert guidance.kind == "supplement"
    assert guidance.number.startswith("000.00.25.H39-")
    assert "-HD0001" in guidance.number
    assert guidance.missing == [papers[1].name, "Giấy ủy quyền có chứng thực"]
    assert guidance.rule_set.code == "nd118-2025"
    assert not Dossier.objects.exists()


def test_refusing_at_the_desk_keeps_the_reasons_and_receives_nothing():
    agency, officer = desk()
    version = five_day_procedure(agency)
    guidance = refuse_reception(
        officer=officer,
        agency=agency,
        procedure_version=version,
        applicant=applicant(),
        reasons="Không thuộc thẩm quyền giải quyết",
    )
    assert ReceptionGuidance.objects.get() == guidance
    assert guidance.kind == "refusal"
    assert guidance.applicant["full_name"] == "Nguyễn Văn An"
    assert not Dossier.objects.exists()
    with pytest.raises(ReceptionRefused) as refused:
        refuse_reception(
            officer=officer,
            agency=agency,
            procedure_version=version,
            applicant=applicant(),
            reasons="  ",
        )
    assert "reasons" in refused.value.errors


def test_a_same_day_procedure_after_the_cut_off_is_due_the_next_working_day():
    from motcua.dossiers.tests.factories import receivable_procedure

    agency, officer = desk()
    version = receivable_procedure(agency)  # birth registration, cut-off 15:00
    dossier = receive(agency, officer, version, at=local(2025, 10, 27, 15, 30))
    assert dossier.due_at == local(2025, 10, 28, 17, 0)
    assert dossier.fee_due == 8000
    assert dossier.received_at.date() == date(2025, 10, 27)
