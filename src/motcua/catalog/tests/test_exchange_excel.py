import io
from datetime import date

from django.utils import translation

import pytest
from openpyxl import Workbook, load_workbook

from motcua.accounts.tests.factories import levels
from motcua.catalog.exchange import excel
from motcua.catalog.exchange.exporting import export_catalog
from motcua.catalog.exchange.importing import import_file
from motcua.catalog.exchange.validation import ImportFailed
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.services import Decision

from .exchange_data import edit_workbook
from .factories import FieldFactory, birth_registration_spec, published_procedure
from .test_exchange import catalog_counts

pytestmark = pytest.mark.django_db

LATER = Decision(effective_from=date(2026, 1, 1), number="9/QĐ-UBND")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def workbook() -> bytes:
    """Return the export of two procedures (rows 3 and 4 of ThuTuc)."""
    levels()
    published_procedure(field_name="Hộ tịch")
    published_procedure(birth_registration_spec(code="1.000894", name="Kết hôn"))
    return export_catalog("xlsx", on=date(2025, 8, 1)).content


def test_the_export_has_one_sheet_per_table_with_headings_and_hidden_keys(workbook):
    book = load_workbook(io.BytesIO(workbook))

    assert book.sheetnames == [
        "LinhVuc",
        "ThuTuc",
        "ThanhPhanHoSo",
        "CachThuc",
        "PhiLePhi",
    ]
    sheet = book["ThuTuc"]
    assert sheet["A1"].value == "Mã thủ tục"
    assert sheet["A1"].font.b
    assert sheet.row_dimensions[2].hidden
    assert sheet["A2"].value == "code"
    assert sheet.freeze_panes == "A3"
    assert [sheet.cell(row, 1).value for row in (3, 4)] == ["1.000894", "1.001193"]
    channels = book["CachThuc"]
    assert channels["B3"].value == "Trực tiếp"
    assert channels["D3"].value == "Trong ngày"


def test_a_workbook_with_bad_rows_names_sheet_and_row_and_saves_nothing(workbook):
    # given
    content = edit_workbook(
        workbook,
        {
            ("ThuTuc", "C4"): "Cấp Bộ",  # level of 1.001193
            ("CachThuc", "D3"): "Tháng",  # time unit of 1.000894 at the desk
            ("PhiLePhi", "D3"): -8000,
        },
    )
    before = catalog_counts()

    # when
    with pytest.raises(ImportFailed) as failure:
        import_file(content, decision=LATER)

    # then
    reported = {(e.sheet, e.row, e.code, e.field) for e in failure.value.errors}
    assert reported == {
        ("ThuTuc", 4, "1.001193", "Cấp thực hiện (level)"),
        ("CachThuc", 3, "1.000894", "Đơn vị tính (time_unit)"),
        ("PhiLePhi", 3, "1.000894", "Số tiền (đồng) (amount)"),
    }
    assert catalog_counts() == before
    assert "Sheet CachThuc, row 3" in str(failure.value)


def test_a_changed_workbook_amends_only_the_changed_procedure(workbook):
    content = edit_workbook(workbook, {("ThuTuc", "B4"): "Đăng ký khai sinh (mới)"})

    result = import_file(content, decision=LATER)

    assert (result.amended, result.unchanged) == (1, 1)
    version = ProcedureVersion.objects.get(procedure__code="1.001193", number=2)
    assert version.name == "Đăng ký khai sinh (mới)"


def test_rows_of_an_unknown_procedure_are_reported(workbook):
    content = edit_workbook(workbook, {("ThanhPhanHoSo", "A3"): "9.999999"})

    with pytest.raises(ImportFailed) as failure:
        import_file(content, decision=LATER)

    (error,) = failure.value.errors
    assert (error.sheet, error.row, error.code) == ("ThanhPhanHoSo", 3, "9.999999")


def test_a_fee_of_a_channel_without_a_row_is_reported(workbook):
    content = edit_workbook(workbook, {("PhiLePhi", "B3"): "Bưu chính công ích"})

    with pytest.raises(ImportFailed) as failure:
        import_file(content, decision=LATER)

    (error,) = failure.value.errors
    assert (error.sheet, error.row) == ("PhiLePhi", 3)
    assert "CachThuc" in error.message


def test_missing_sheets_are_named(workbook):
    book = load_workbook(io.BytesIO(workbook))
    book["CachThuc"].title = "Cach thuc"
    output = io.BytesIO()
    book.save(output)

    with pytest.raises(ImportFailed) as failure:
        import_file(output.getvalue(), decision=LATER)

    (error,) = failure.value.errors
    assert "CachThuc" in error.message
    assert "Cach thuc" in error.message


def test_missing_columns_are_named_with_their_sheet(workbook):
    content = edit_workbook(
        workbook, {("ThuTuc", "C1"): "Cấp", ("ThuTuc", "C2"): "cap"}
    )

    with pytest.raises(ImportFailed) as failure:
        import_file(content, decision=LATER)

    (error,) = failure.value.errors
    assert (error.sheet, error.row) == ("ThuTuc", 0)
    assert "Cấp thực hiện (level)" in error.message


def test_a_workbook_typed_by_hand_with_headings_only_is_imported():
    # given: no hidden key row, a code typed as a number, names for values
    levels()
    FieldFactory(code="CHUNGTHUC", name="Chứng thực")
    book = Workbook()
    book.active.title = "LinhVuc"
    sheets = {
        name: book.create_sheet(name) for name in excel.COLUMNS if name != "LinhVuc"
    }
    sheets["LinhVuc"] = book["LinhVuc"]
    sheets["LinhVuc"].append(["Mã lĩnh vực", "Tên lĩnh vực"])
    sheets["ThuTuc"].append(
        ["Mã thủ tục", "Tên thủ tục", "Cấp thực hiện", "Mã lĩnh vực", "4 tại chỗ"]
    )
    sheets["ThuTuc"].append([2.00081, "Chứng thực bản sao", "Cấp Xã", "CHUNGTHUC", "x"])
    sheets["CachThuc"].append(
        ["Mã thủ tục", "Hình thức nộp", "Thời hạn giải quyết", "Đơn vị tính"]
    )
    sheets["CachThuc"].append(["2.000810", 1, "0,5", "Ngày làm việc"])
    sheets["PhiLePhi"].append(
        ["Mã thủ tục", "Hình thức nộp", "Tên phí, lệ phí", "Số tiền (đồng)"]
    )
    sheets["PhiLePhi"].append(["2.000810", "Trực tiếp", "Phí chứng thực", "2.000"])
    sheets["ThanhPhanHoSo"].append(["Mã thủ tục", "Tên giấy tờ"])
    output = io.BytesIO()
    book.save(output)

    # when
    result = import_file(output.getvalue(), decision=LATER)

    # then
    assert result.created == 1
    version = ProcedureVersion.objects.get(procedure__code="2.000810")
    assert version.on_the_spot is True
    assert version.level.code == "commune"
    desk = version.channels.get()
    assert (str(desk.time_amount), desk.time_unit) == ("0.5", "working_days")
    assert desk.fees.get().amount == 2000


def test_a_zip_that_is_no_workbook_is_refused():
    output = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("hello.txt", "xin chào")

    with pytest.raises(ImportFailed, match="not a readable Excel workbook"):
        import_file(output.getvalue(), decision=LATER)
    assert not Procedure.objects.exists()
