"""The register of dossiers (Sổ theo dõi hồ sơ) as an Excel workbook.

Form 06 of Circular 01/2018/TT-VPCP, form 07 of Circular 03/2025/TT-VPCP:
one line per dossier received in a period, with the dates of receipt,
appointment, transfer, result and return, and a column the person who
collects the result signs on paper. Text is always written as text, never
as a formula, so a name such as "=HYPERLINK(…)" stays a name.
"""

import io
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

import xlsxwriter

from .catalogue import form_spec, rule_set_forms
from .context import AgencyHeader
from .formatting import local

Moment = datetime | date | None


@dataclass(frozen=True)
class RegisterRow:
    """One dossier in the register; datetimes may be aware (shown locally)."""

    dossier_code: str
    procedure_name: str
    applicant_name: str
    received_at: Moment
    due_at: Moment = None
    applicant_address: str = ""
    applicant_phone: str = ""
    handling_agency: str = ""
    dossier_sets: int = 1
    transferred_at: Moment = None
    resolved_at: Moment = None
    returned_at: Moment = None
    note: str = ""
    # Who collected the result (bên nhận) and who handed it over (bên giao),
    # written above the space where the receiver signs.
    receiver: str = ""
    handed_over_by: str = ""


# Column widths in characters; the headers come from ``_columns()``.
WIDTHS = (5, 25, 42, 9, 24, 30, 24, 12, 12, 13, 12, 12, 18, 16)
LAST = len(WIDTHS) - 1
HEAD_TOP = 7  # first of the two header rows
FIRST_DATA = HEAD_TOP + 3  # after the headers and the row of column numbers


def _columns() -> list[tuple[str | None, str]]:
    """(group, header) per column; a group spans its consecutive columns."""
    day = pgettext("official form", "Date")
    result = pgettext("official form", "Result returned")
    return [
        (None, pgettext("official form", "No.")),
        (None, pgettext("official form", "Dossier code")),
        (None, pgettext("official form", "Administrative procedure")),
        (None, pgettext("official form", "Number of dossiers (sets)")),
        (None, pgettext("official form", "Individual or organisation")),
        (None, pgettext("official form", "Address, phone")),
        (None, pgettext("official form", "Agency in charge of processing")),
        (day, pgettext("official form", "Received")),
        (day, pgettext("official form", "Appointment for the result")),
        (day, pgettext("official form", "Transferred to the processing agency")),
        (result, pgettext("official form", "Date the result was ready")),
        (result, pgettext("official form", "Date returned")),
        (result, pgettext("official form", "Signature of the recipient")),
        (None, pgettext("official form", "Note")),
    ]


def _day(moment: Moment) -> date | None:
    if isinstance(moment, datetime):
        return local(moment).date()
    return moment


def register_xlsx(
    rows: list[RegisterRow],
    *,
    agency: AgencyHeader,
    date_from: date,
    date_to: date,
    rule_set_code: str,
    language: str = "vi",
) -> bytes:
    """Return the register of the dossiers in ``rows`` as an .xlsx file."""
    with translation.override(language):
        if date_from > date_to:
            raise ValueError(_("The start date must not be after the end date."))
        spec = form_spec(rule_set_code, "register")
        circular = rule_set_forms(rule_set_code).circular
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        _write(book, rows, agency, date_from, date_to, spec.number, circular)
        book.close()
        return buffer.getvalue()


def _write(book, rows, agency, date_from, date_to, number, circular) -> None:
    font = {"font_name": "Times New Roman", "font_size": 12, "valign": "vcenter"}
    fmt = {
        "plain": book.add_format({**font, "align": "center"}),
        "bold": book.add_format({**font, "align": "center", "bold": True}),
        "motto": book.add_format(
            {**font, "align": "center", "bold": True, "underline": 1}
        ),
        "italic": book.add_format(
            {**font, "align": "center", "italic": True, "font_size": 11}
        ),
        "title": book.add_format(
            {**font, "align": "center", "bold": True, "font_size": 14}
        ),
        "head": book.add_format(
            {
                **font,
                "bold": True,
                "align": "center",
                "text_wrap": True,
                "border": 1,
            }
        ),
        "number": book.add_format(
            {**font, "align": "center", "italic": True, "border": 1}
        ),
        "text": book.add_format(
            {**font, "text_wrap": True, "border": 1, "valign": "top"}
        ),
        "count": book.add_format(
            {**font, "align": "center", "border": 1, "valign": "top"}
        ),
        "date": book.add_format(
            {
                **font,
                "align": "center",
                "border": 1,
                "valign": "top",
                "num_format": "dd/mm/yyyy",
            }
        ),
        "total": book.add_format({**font, "bold": True}),
    }
    sheet = book.add_worksheet(_("Register of dossiers")[:31])
    for column, width in enumerate(WIDTHS):
        sheet.set_column(column, column, width)

    sheet.merge_range(
        0,
        9,
        0,
        LAST,
        _("Form No. %(number)s issued with Circular No. %(circular)s")
        % {"number": number, "circular": circular},
        fmt["italic"],
    )
    sheet.merge_range(1, 0, 1, 3, agency.parent_name.upper(), fmt["plain"])
    sheet.merge_range(2, 0, 2, 3, agency.name.upper(), fmt["bold"])
    sheet.merge_range(1, 7, 1, LAST, _("SOCIALIST REPUBLIC OF VIETNAM"), fmt["bold"])
    sheet.merge_range(
        2, 7, 2, LAST, _("Independence - Freedom - Happiness"), fmt["motto"]
    )
    sheet.merge_range(4, 0, 4, LAST, _("Register of dossiers").upper(), fmt["title"])
    sheet.merge_range(
        5,
        0,
        5,
        LAST,
        _("From %(start)s to %(end)s")
        % {
            "start": date_from.strftime("%d/%m/%Y"),
            "end": date_to.strftime("%d/%m/%Y"),
        },
        fmt["italic"],
    )

    columns = _columns()
    column = 0
    while column < len(columns):
        group = columns[column][0]
        if group is None:
            sheet.merge_range(
                HEAD_TOP, column, HEAD_TOP + 1, column, columns[column][1], fmt["head"]
            )
            column += 1
            continue
        end = column
        while end + 1 < len(columns) and columns[end + 1][0] == group:
            end += 1
        sheet.merge_range(HEAD_TOP, column, HEAD_TOP, end, group, fmt["head"])
        for inner in range(column, end + 1):
            sheet.write_string(HEAD_TOP + 1, inner, columns[inner][1], fmt["head"])
        column = end + 1
    sheet.set_row(HEAD_TOP + 1, 62)
    for column in range(len(columns)):
        sheet.write_string(HEAD_TOP + 2, column, f"({column + 1})", fmt["number"])

    for index, row in enumerate(rows):
        line = FIRST_DATA + index
        contact = "; ".join(
            part for part in (row.applicant_address, row.applicant_phone) if part
        )
        sheet.write_number(line, 0, index + 1, fmt["count"])
        sheet.write_string(line, 1, row.dossier_code, fmt["text"])
        sheet.write_string(line, 2, row.procedure_name, fmt["text"])
        sheet.write_number(line, 3, row.dossier_sets, fmt["count"])
        sheet.write_string(line, 4, row.applicant_name, fmt["text"])
        sheet.write_string(line, 5, contact, fmt["text"])
        sheet.write_string(line, 6, row.handling_agency, fmt["text"])
        for column, moment in (
            (7, row.received_at),
            (8, row.due_at),
            (9, row.transferred_at),
            (10, row.resolved_at),
            (11, row.returned_at),
        ):
            day = _day(moment)
            if day is None:
                sheet.write_blank(line, column, None, fmt["date"])
            else:
                sheet.write_datetime(line, column, day, fmt["date"])
        handover = "\n".join(
            text
            for text in (
                _("Received by: %(name)s") % {"name": row.receiver}
                if row.receiver
                else "",
                _("Handed over by: %(name)s") % {"name": row.handed_over_by}
                if row.handed_over_by
                else "",
            )
            if text
        )
        if handover:
            sheet.write_string(line, 12, handover, fmt["text"])
        else:
            sheet.write_blank(line, 12, None, fmt["text"])
        sheet.write_string(line, 13, row.note, fmt["text"])
    sheet.write_string(
        FIRST_DATA + len(rows) + 1,
        1,
        _("Total: %(count)s dossiers") % {"count": len(rows)},
        fmt["total"],
    )

    sheet.freeze_panes(FIRST_DATA, 0)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.repeat_rows(HEAD_TOP, HEAD_TOP + 2)
    sheet.fit_to_pages(1, 0)
