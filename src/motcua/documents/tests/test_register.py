"""The register of dossiers exports to Excel as the official register."""

import io
from datetime import UTC, date, datetime

import openpyxl
import pytest

from motcua.documents.forms.register import RegisterRow, register_xlsx

from .samples import AGENCY, LOCAL

ROWS = [
    RegisterRow(
        dossier_code="000.00.02.H39-261122-0001",
        procedure_name="Thủ tục đăng ký khai sinh",
        applicant_name="Nguyễn Văn An",
        applicant_address="Ấp 3, xã Tân Phước",
        applicant_phone="0912 345 678",
        handling_agency="UBND thị trấn Tân Thạnh",
        # 18:00 UTC on 21 November is 01:00 on 22 November in Vietnam.
        received_at=datetime(2026, 11, 21, 18, 0, tzinfo=UTC),
        due_at=datetime(2026, 11, 25, 9, 32, tzinfo=LOCAL),
        returned_at=date(2026, 11, 24),
        note="Trả sớm",
    ),
    RegisterRow(
        dossier_code="000.00.02.H39-261122-0002",
        procedure_name="Thủ tục đăng ký kết hôn",
        applicant_name='=HYPERLINK("http://example.com")',
        received_at=datetime(2026, 11, 22, 10, 0, tzinfo=LOCAL),
        dossier_sets=2,
    ),
]


def workbook(rule_set="nd118-2025"):
    data = register_xlsx(
        ROWS,
        agency=AGENCY,
        date_from=date(2026, 11, 1),
        date_to=date(2026, 11, 30),
        rule_set_code=rule_set,
    )
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_the_register_has_the_official_title_period_and_citation():
    sheet = workbook()

    assert sheet["A5"].value == "SỔ THEO DÕI HỒ SƠ"
    assert sheet["A6"].value == "Từ ngày 01/11/2026 đến ngày 30/11/2026"
    assert (
        sheet["J1"].value == "Mẫu số 07 ban hành kèm theo Thông tư số 03/2025/TT-VPCP"
    )
    assert sheet["A3"].value == "UBND THỊ TRẤN TÂN THẠNH"
    assert sheet["H2"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def test_the_register_under_decree_61_is_form_06():
    sheet = workbook("nd61-2018")

    assert (
        sheet["J1"].value == "Mẫu số 06 ban hành kèm theo Thông tư số 01/2018/TT-VPCP"
    )


def test_the_register_headers_are_grouped_as_in_the_official_register():
    sheet = workbook()

    top = [sheet.cell(8, column).value for column in range(1, 15)]
    below = [sheet.cell(9, column).value for column in range(1, 15)]
    assert top[:7] == [
        "STT",
        "Mã hồ sơ",
        "Tên thủ tục hành chính",
        "Số lượng hồ sơ (bộ)",
        "Tên cá nhân, tổ chức",
        "Địa chỉ, số điện thoại",
        "Cơ quan chủ trì giải quyết",
    ]
    assert top[7] == "Ngày, tháng, năm"
    assert below[7:10] == [
        "Nhận hồ sơ",
        "Hẹn trả kết quả",
        "Chuyển hồ sơ đến cơ quan giải quyết",
    ]
    assert top[10] == "Trả kết quả"
    assert below[10:13] == [
        "Ngày có kết quả",
        "Ngày trả kết quả",
        "Ký nhận (ghi rõ họ tên)",
    ]
    assert top[13] == "Ghi chú"
    assert "H8:J8" in {str(cells) for cells in sheet.merged_cells.ranges}
    assert [sheet.cell(10, column).value for column in (1, 14)] == ["(1)", "(14)"]
    assert sheet.freeze_panes == "A11"


def test_a_row_of_the_register_shows_the_dossier_with_local_dates():
    sheet = workbook()

    row = [sheet.cell(11, column) for column in range(1, 15)]
    assert [cell.value for cell in row[:7]] == [
        1,
        "000.00.02.H39-261122-0001",
        "Thủ tục đăng ký khai sinh",
        1,
        "Nguyễn Văn An",
        "Ấp 3, xã Tân Phước; 0912 345 678",
        "UBND thị trấn Tân Thạnh",
    ]
    assert row[7].value.date() == date(2026, 11, 22)
    assert row[8].value.date() == date(2026, 11, 25)
    assert row[9].value is None
    assert row[11].value.date() == date(2026, 11, 24)
    assert row[7].number_format == "dd/mm/yyyy"
    assert row[13].value == "Trả sớm"
    assert sheet.cell(14, 2).value == "Tổng số: 2 hồ sơ"


def test_text_that_looks_like_a_formula_stays_text():
    cell = workbook().cell(12, 5)

    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://example.com")'


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="Ngày bắt đầu không được sau ngày kết thúc"):
        register_xlsx(
            ROWS,
            agency=AGENCY,
            date_from=date(2026, 12, 1),
            date_to=date(2026, 11, 1),
            rule_set_code="nd118-2025",
        )
