"""Write the catalog as the Excel workbook that ``excel.read_workbook`` reads.

The sheets, columns and their keys are defined once in ``excel``.
"""

import io
from collections import defaultdict

import xlsxwriter

from . import values
from .excel import (
    CHANNELS_SHEET,
    COLUMNS,
    DOCUMENTS_SHEET,
    FEES_SHEET,
    FIELDS_SHEET,
    PROCEDURES_SHEET,
)


def write_workbook(
    records: list[dict], *, fields: dict[str, str], level_names: dict[str, str]
) -> bytes:
    """Return an .xlsx of clean ``records`` that ``read_workbook`` reads back."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        output,
        {
            "in_memory": True,
            # Text stays text: a name starting with "=" is no formula.
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    formats = {
        "header": workbook.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "text_wrap": True, "valign": "top"}
        ),
        "text": workbook.add_format({"valign": "top", "text_wrap": True}),
    }
    rows: dict[str, list[list]] = defaultdict(list)
    rows[FIELDS_SHEET] = [[code, name] for code, name in sorted(fields.items())]
    for record in records:
        _record_rows(record, rows, level_names)
    for sheet_name, columns in COLUMNS.items():
        _write_sheet(workbook, sheet_name, columns, rows[sheet_name], formats)
    workbook.close()
    return output.getvalue()


def _yes_no(flag: bool) -> str:
    return "Có" if flag else "Không"


def _record_rows(record: dict, rows, level_names) -> None:
    code = record["code"]
    rows[PROCEDURES_SHEET].append(
        [
            code,
            record["name"],
            level_names.get(record["level"], record["level"]),
            record["field"],
            values.ONLINE_LEVEL_LABELS_VI[record["online_level"]],
            _yes_no(record["postal"]),
            _yes_no(record["boundary_free"]),
            _yes_no(record["on_the_spot"]),
            record["implementing_agency"],
            record["deciding_authority"],
            record["subjects"],
            record["steps"],
            record["conditions"],
            "\n".join(record["results"]),
            "\n".join(
                f"{law['number']} | {law['title']} | {law['date']}"
                for law in record["legal_basis"]
            ),
            ", ".join(record["agency_kinds"]),
            record["source"],
        ]
    )
    for position, document in enumerate(record["documents"], start=1):
        rows[DOCUMENTS_SHEET].append(
            [
                code,
                position,
                document["name"],
                document["originals"],
                document["copies"],
                _yes_no(document["required"]),
                document["condition"],
                document["form"],
            ]
        )
    for channel in record["channels"]:
        label = values.CHANNEL_LABELS_VI[channel["channel"]]
        rows[CHANNELS_SHEET].append(
            [
                code,
                label,
                channel["time_amount"],
                values.TIME_UNIT_LABELS_VI[channel["time_unit"]],
                channel["cutoff_hour"],
                channel["time_text"],
            ]
        )
        for fee in channel["fees"]:
            rows[FEES_SHEET].append(
                [
                    code,
                    label,
                    fee["name"],
                    fee["amount"],
                    fee["description"],
                    fee["exemptions"],
                ]
            )


def _write_sheet(workbook, sheet_name, columns, data, formats) -> None:
    sheet = workbook.add_worksheet(sheet_name)
    for index, (key, heading, width) in enumerate(columns):
        sheet.set_column(index, index, width)
        sheet.write_string(0, index, heading, formats["header"])
        sheet.write_string(1, index, key)
    sheet.set_row(1, None, None, {"hidden": True})
    sheet.freeze_panes(2, 0)
    for row_index, row in enumerate(data, start=2):
        for col_index, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                sheet.write_boolean(row_index, col_index, value)
            elif isinstance(value, int | float):
                sheet.write_number(row_index, col_index, value)
            else:
                sheet.write_string(row_index, col_index, str(value), formats["text"])
