"""The catalog as an Excel workbook (.xlsx), one sheet per table.

Sheets: ``LinhVuc`` (fields), ``ThuTuc`` (one row per procedure),
``ThanhPhanHoSo`` (documents), ``CachThuc`` (channels with their time) and
``PhiLePhi`` (fees of a channel). Row 1 holds the Vietnamese headings a
person reads; row 2, hidden, holds the machine keys, so columns may be moved
or relabelled. A workbook typed by hand may leave row 2 out: the headings of
row 1 are then matched by name. Errors name the sheet and the row number
that Excel shows.

Lists inside one cell are one item per line (results, legal basis as
"number | title | YYYY-MM-DD"); agency functions are comma-separated.
"""

import io

from django.utils.translation import gettext as _

from openpyxl import load_workbook

from motcua.core.text import fold

from . import values
from .records import ParsedCatalog, normalize_record
from .validation import ErrorCollector, Location

FIELDS_SHEET = "LinhVuc"
PROCEDURES_SHEET = "ThuTuc"
DOCUMENTS_SHEET = "ThanhPhanHoSo"
CHANNELS_SHEET = "CachThuc"
FEES_SHEET = "PhiLePhi"

# (key, Vietnamese heading, width); the first column of each sheet is its key.
COLUMNS = {
    FIELDS_SHEET: [
        ("code", "Mã lĩnh vực", 16),
        ("name", "Tên lĩnh vực", 40),
    ],
    PROCEDURES_SHEET: [
        ("code", "Mã thủ tục", 12),
        ("name", "Tên thủ tục", 50),
        ("level", "Cấp thực hiện", 14),
        ("field", "Mã lĩnh vực", 16),
        ("online_level", "Mức độ dịch vụ công trực tuyến", 16),
        ("postal", "Bưu chính công ích", 10),
        ("boundary_free", "Phi địa giới", 10),
        ("on_the_spot", "4 tại chỗ", 10),
        ("implementing_agency", "Cơ quan thực hiện", 30),
        ("deciding_authority", "Cơ quan có thẩm quyền", 30),
        ("subjects", "Đối tượng thực hiện", 30),
        ("steps", "Trình tự thực hiện", 60),
        ("conditions", "Yêu cầu, điều kiện", 40),
        ("results", "Kết quả thực hiện", 30),
        ("legal_basis", "Căn cứ pháp lý", 50),
        ("agency_kinds", "Chức năng cơ quan thực hiện", 20),
        ("source", "Nguồn", 30),
    ],
    DOCUMENTS_SHEET: [
        ("procedure", "Mã thủ tục", 12),
        ("position", "Thứ tự", 8),
        ("name", "Tên giấy tờ", 60),
        ("originals", "Số bản chính", 10),
        ("copies", "Số bản sao", 10),
        ("required", "Bắt buộc", 10),
        ("condition", "Trường hợp", 30),
        ("form", "Mẫu đơn, tờ khai", 30),
    ],
    CHANNELS_SHEET: [
        ("procedure", "Mã thủ tục", 12),
        ("channel", "Hình thức nộp", 18),
        ("time_amount", "Thời hạn giải quyết", 12),
        ("time_unit", "Đơn vị tính", 22),
        ("cutoff_hour", "Giờ chốt nhận trong ngày", 12),
        ("time_text", "Mô tả thời hạn", 60),
    ],
    FEES_SHEET: [
        ("procedure", "Mã thủ tục", 12),
        ("channel", "Hình thức nộp", 18),
        ("name", "Tên phí, lệ phí", 40),
        ("amount", "Số tiền (đồng)", 14),
        ("description", "Mô tả", 40),
        ("exemptions", "Miễn, giảm", 40),
    ],
}
REQUIRED = {
    FIELDS_SHEET: {"code", "name"},
    PROCEDURES_SHEET: {"code", "name", "level", "field"},
    DOCUMENTS_SHEET: {"procedure", "name"},
    CHANNELS_SHEET: {"procedure", "channel", "time_unit"},
    FEES_SHEET: {"procedure", "channel", "name"},
}
# Error messages name a column by its heading and key.
_PREFIX = {
    FIELDS_SHEET: "field.",
    DOCUMENTS_SHEET: "documents.",
    CHANNELS_SHEET: "channels.",
    FEES_SHEET: "fees.",
}
LABELS = {
    f"{_PREFIX.get(sheet, '')}{key}": f"{heading} ({key})"
    for sheet, columns in COLUMNS.items()
    for key, heading, _width in columns
}
LABELS["effective_from"] = LABELS["code"]
MAX_ROWS = 200_000

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class WorkbookUnreadable(ValueError):
    """The file is no workbook this reader understands; the message says why."""


def _cell_text(value, key: str) -> object:
    # A code typed into Excel becomes a number (1.00119 for 1.001190).
    if key in ("code", "procedure") and isinstance(value, float):
        return f"{value:.6f}"
    return value


def _layout(sheet_name: str, worksheet) -> tuple[dict[str, int], int, list[str]]:
    """Return the column of each key, the first data row and missing keys."""
    known = {key for key, _heading, _width in COLUMNS[sheet_name]}
    by_heading = {
        fold(heading): key for key, heading, _width in COLUMNS[sheet_name]
    } | {key: key for key in known}
    worksheet.reset_dimensions()
    rows = worksheet.iter_rows(min_row=1, max_row=2, values_only=True)
    first = next(rows, ())
    second = next(rows, ())
    hidden_keys = [values.text(v) for v in second]
    if known & set(hidden_keys):
        header, start = hidden_keys, 3
    else:
        header = [by_heading.get(fold(values.text(v)), "") for v in first]
        start = 2
    positions = {key: index for index, key in enumerate(header) if key in known}
    missing = [
        key
        for key, _h, _w in COLUMNS[sheet_name]
        if key in REQUIRED[sheet_name] and key not in positions
    ]
    return positions, start, missing


def _rows(sheet_name: str, worksheet, layout, errors: ErrorCollector):
    """Yield (excel row number, {key: value}) of a sheet's data rows."""
    positions, start, _missing = layout
    rows = worksheet.iter_rows(min_row=start, values_only=True)
    for number, row in enumerate(rows, start=start):
        if number > MAX_ROWS:
            errors.add(
                Location(sheet=sheet_name, row=number),
                "",
                _("The sheet has more than %(max)s rows.") % {"max": MAX_ROWS},
            )
            return
        cells = {
            key: _cell_text(row[index] if index < len(row) else None, key)
            for key, index in positions.items()
        }
        if all(values.text(v) == "" for v in cells.values()):
            continue
        yield number, cells


def read_workbook(content: bytes) -> ParsedCatalog:
    """Read a workbook written by ``excel_write.write_workbook`` or typed in its layout."""
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, XML errors...
        raise WorkbookUnreadable(
            _("The file is not a readable Excel workbook (.xlsx): %(reason)s")
            % {"reason": exc.__class__.__name__}
        ) from exc
    try:
        return _read(workbook)
    finally:
        workbook.close()


def _read(workbook) -> ParsedCatalog:
    parsed = ParsedCatalog(kind="xlsx", labels=LABELS)
    errors = ErrorCollector(LABELS)
    missing = [name for name in COLUMNS if name not in workbook.sheetnames]
    if missing:
        errors.add(
            Location(),
            "",
            _(
                "The workbook lacks the sheets %(missing)s; it must have the "
                "sheets %(expected)s (it has %(found)s)."
            )
            % {
                "missing": ", ".join(missing),
                "expected": ", ".join(COLUMNS),
                "found": ", ".join(workbook.sheetnames),
            },
        )
        parsed.errors = errors.errors
        return parsed
    sheets = {name: workbook[name] for name in COLUMNS}
    layouts = {name: _layout(name, sheet) for name, sheet in sheets.items()}
    for name, (_positions, _start, missing) in layouts.items():
        for key in missing:
            errors.add(
                Location(sheet=name),
                "",
                _("The column “%(column)s” is missing.")
                % {"column": LABELS[f"{_PREFIX.get(name, '')}{key}"]},
            )
    if errors.errors:
        parsed.errors = errors.errors
        return parsed

    def rows(name):
        return _rows(name, sheets[name], layouts[name], errors)

    for number, cells in rows(FIELDS_SHEET):
        parsed.fields.append({"_loc": Location(FIELDS_SHEET, number), **cells})
    raw_records: dict[str, dict] = {}
    ordered: list[dict] = []
    for number, cells in rows(PROCEDURES_SHEET):
        code = values.text(cells["code"])
        record = {
            **cells,
            "_loc": Location(PROCEDURES_SHEET, number, code),
            "documents": [],
            "channels": [],
        }
        ordered.append(record)
        raw_records.setdefault(code, record)
    _attach_documents(rows(DOCUMENTS_SHEET), raw_records, errors)
    _attach_channels(rows(CHANNELS_SHEET), rows(FEES_SHEET), raw_records, errors)
    parsed.records = [normalize_record(record, errors) for record in ordered]
    parsed.errors = errors.errors
    return parsed


def _owner(cells, sheet, number, raw_records, errors):
    code = values.text(cells.get("procedure"))
    where = Location(sheet, number, code)
    record = raw_records.get(code)
    if record is None:
        errors.add(
            where,
            f"{_PREFIX[sheet]}procedure",
            _("No procedure with the code “%(code)s” in the sheet %(sheet)s.")
            % {"code": code, "sheet": PROCEDURES_SHEET},
        )
    return where, record


def _attach_documents(document_rows, raw_records, errors) -> None:
    found = []
    for number, cells in document_rows:
        where, record = _owner(cells, DOCUMENTS_SHEET, number, raw_records, errors)
        position = errors.read(
            where, "documents.position", cells.get("position"), values.parse_count, 0
        )
        if record is not None:
            found.append((record, position or number, number, {**cells, "_loc": where}))
    for record, _position, _number, document in sorted(
        found, key=lambda item: (item[1], item[2])
    ):
        record["documents"].append(document)


def _attach_channels(channel_rows, fee_rows, raw_records, errors) -> None:
    channels: dict[tuple[str, str], dict] = {}
    for number, cells in channel_rows:
        where, record = _owner(cells, CHANNELS_SHEET, number, raw_records, errors)
        channel = {**cells, "_loc": where, "fees": []}
        if record is not None:
            record["channels"].append(channel)
            kind = _channel_key(cells.get("channel"))
            if kind:
                channels.setdefault((where.code, kind), channel)
    for number, cells in fee_rows:
        where, record = _owner(cells, FEES_SHEET, number, raw_records, errors)
        if record is None:
            continue
        kind = errors.read(
            where, "fees.channel", cells.get("channel"), values.parse_channel
        )
        if kind is None:
            continue
        channel = channels.get((where.code, kind))
        if channel is None:
            errors.add(
                where,
                "fees.channel",
                _(
                    "Procedure %(code)s has no row for this channel in the "
                    "sheet %(sheet)s."
                )
                % {"code": where.code, "sheet": CHANNELS_SHEET},
            )
            continue
        channel["fees"].append({**cells, "_loc": where})


def _channel_key(value) -> str:
    try:
        return values.parse_channel(value)
    except values.InvalidValue:
        return ""
