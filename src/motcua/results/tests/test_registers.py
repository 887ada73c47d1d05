import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from motcua.accounts.domain import Role
from motcua.catalog.models import Field
from motcua.dossiers.tests.factories import DossierFactory, staff_member
from motcua.results.services import DeliveryData, record_delivery
from motcua.results.services.registers import (
    certification_lines,
    certification_register_xlsx,
    dossier_register_workbook,
)

from .helpers import issued_result

pytestmark = pytest.mark.django_db


def _certification(dossier):
    version = dossier.procedure_version
    field, _ = Field.objects.get_or_create(
        code="CHUNGTHUC", defaults={"name": "Chứng thực"}
    )
    version.field = field
    version.save(update_fields=["field"])
    return dossier


@pytest.fixture
def staff(agency):
    return {
        role: staff_member(agency, role, full_name=name)
        for role, name in (
            (Role.SPECIALIST, "Trần Thị Bích"),
            (Role.LEADER, "Lê Văn Lãnh"),
            (Role.CLERK, "Phạm Văn Thư"),
            (Role.DESK_OFFICER, "Võ Thị Cửa"),
        )
    }


def _issue(dossier, staff):
    return issued_result(
        dossier,
        specialist=staff[Role.SPECIALIST],
        leader=staff[Role.LEADER],
        clerk=staff[Role.CLERK],
    )


def test_certifications_are_numbered_from_one_in_their_register(dossier, agency, staff):
    _certification(dossier)
    second = _certification(
        DossierFactory(
            in_progress=True,
            receiving_agency=agency,
            procedure_version=dossier.procedure_version,
        )
    )
    first_result = _issue(dossier, staff)
    _issue(second, staff)
    today = first_result.issued_at.date()

    lines = certification_lines(
        agency, today - timedelta(days=1), today + timedelta(days=1)
    )

    assert [line.number for line in lines] == [1, 2]
    line = lines[0]
    assert line.certification_number.endswith("/SCT/BS")
    assert line.requester == "Nguyễn Văn An"
    assert line.signer.startswith("Lê Văn Lãnh, Lãnh đạo")
    assert line.fee == dossier.fee_paid
    assert first_result.code in line.note


def test_other_procedures_are_not_in_the_certification_register(dossier, agency, staff):
    result = _issue(dossier, staff)
    day = result.issued_at.date()

    assert certification_lines(agency, day, day) == []


def test_the_certification_register_has_the_circular_columns(dossier, agency, staff):
    _certification(dossier)
    result = _issue(dossier, staff)
    day = result.issued_at.date()

    book = load_workbook(io.BytesIO(certification_register_xlsx(agency, day, day)))

    sheet = book["SCT-BS"]
    headers = [sheet.cell(7, column).value for column in range(1, 9)]
    assert headers == [
        "Số thứ tự/số chứng thực",
        "Ngày, tháng, năm chứng thực",
        "Họ tên của người yêu cầu chứng thực",
        "Tên của bản chính giấy tờ, văn bản",
        "Họ tên, chức danh người ký chứng thực",
        "Số bản sao đã được chứng thực",
        "Lệ phí/phí chứng thực (đồng)",
        "Ghi chú",
    ]
    assert sheet.cell(4, 1).value == "SỔ CHỨNG THỰC BẢN SAO TỪ BẢN CHÍNH"
    assert sheet.cell(9, 1).value == f"1/{day.year}/SCT/BS"
    assert sheet.cell(9, 3).value == "Nguyễn Văn An"


def test_a_reversed_period_is_refused(agency):
    with pytest.raises(ValueError, match="sau ngày kết thúc|after the end"):
        certification_register_xlsx(agency, date(2026, 2, 1), date(2026, 1, 1))


def test_the_register_of_dossiers_shows_who_handed_over_and_who_received(
    dossier, agency, staff
):
    _issue(dossier, staff)
    record_delivery(
        dossier,
        user=staff[Role.DESK_OFFICER],
        delivery=DeliveryData(
            method="desk",
            receiver_name="Nguyễn Văn An",
            receiver_personal_id=dossier.applicant.personal_id,
            id_checked=True,
        ),
    )
    received = dossier.received_at.date()

    book = load_workbook(
        io.BytesIO(dossier_register_workbook(agency, received, received))
    )

    sheet = book.active
    row = [sheet.cell(11, column).value for column in range(1, 15)]
    assert row[1] == dossier.code
    assert row[11] is not None  # the day the result was collected
    assert row[12] == "Bên nhận: Nguyễn Văn An\nBên giao: Võ Thị Cửa"
