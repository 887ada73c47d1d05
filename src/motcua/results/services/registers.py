"""Registers produced from results and deliveries.

The certification register (sổ chứng thực, Decree 23/2015/NĐ-CP art. 13):
one line per certification done by the agency, numbered from 1 each year
per register, in the columns of the register forms guided by Circular
01/2020/TT-BTP (the copies register: No./certification number, date,
requester, original paper, signer and title, number of copies, fee, note;
the signatures register names the requester's identity paper and counts
the papers signed).

The register of dossiers (form 06/07, built in ``documents.forms.register``)
gets its return columns from the deliveries: the day the result was
collected, who collected it and who handed it over.
"""

import io
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

import xlsxwriter

from motcua.accounts.models import Agency
from motcua.deadlines.services import local_aware
from motcua.documents.forms.formatting import local
from motcua.documents.forms.register import register_xlsx
from motcua.dossiers.queries import rule_set_on
from motcua.dossiers.services.forms import agency_header, register_rows_for

from ..domain import (
    CERTIFICATION_FIELD,
    REGISTER_SYMBOLS,
    Method,
    Register,
    ResultState,
    register_for,
)
from ..labels import REGISTER_LABELS
from ..models import Result, ResultDelivery


@dataclass(frozen=True)
class CertificationLine:
    register: Register
    number: int
    year: int
    certified_at: datetime
    requester: str
    requester_id: str
    papers: str
    signer: str
    copies: int
    fee: int
    note: str

    @property
    def certification_number(self) -> str:
        """Write the number as the certificate does: "12/2026/SCT/BS"."""
        return f"{self.number}/{self.year}/{REGISTER_SYMBOLS[self.register]}"


def _name(user) -> str:
    return (user.full_name or user.get_full_name() or user.username) if user else ""


def _start(day: date) -> datetime:
    return local_aware(datetime.combine(day, time.min))


def certification_lines(
    agency: Agency, date_from: date, date_to: date
) -> list[CertificationLine]:
    """Return the certifications of ``agency`` issued in the period, numbered.

    Numbers run from 1 on 1 January in each register, so the year's earlier
    certifications are counted too.
    """
    results = (
        Result.objects.filter(
            state=ResultState.ISSUED,
            dossier__handling_agency=agency,
            dossier__procedure_version__field__code=CERTIFICATION_FIELD,
            issued_at__gte=_start(date(date_from.year, 1, 1)),
            issued_at__lt=_start(date_to + timedelta(days=1)),
        )
        .select_related(
            "dossier__procedure_version__procedure",
            "dossier__applicant",
            "signed_by",
        )
        .prefetch_related("dossier__documents")
        .order_by("issued_at", "pk")
    )
    counters: dict[tuple[int, Register], int] = {}
    lines = []
    leader = pgettext("role", "Leader")
    for result in results:
        dossier = result.dossier
        version = dossier.procedure_version
        issued = local(result.issued_at)
        register = register_for(version.procedure.code, version.name)
        key = (issued.year, register)
        counters[key] = counters.get(key, 0) + 1
        if issued.date() < date_from:
            continue
        snapshot = dossier.applicant_snapshot or {}
        papers = [d for d in dossier.documents.all() if d.received]
        copies = sum(d.copies for d in papers) or dossier.sets
        signer = _name(result.signed_by)
        lines.append(
            CertificationLine(
                register=register,
                number=counters[key],
                year=issued.year,
                certified_at=issued,
                requester=snapshot.get("full_name") or dossier.applicant.full_name,
                requester_id=snapshot.get("personal_id")
                or dossier.applicant.personal_id,
                papers="; ".join(d.name for d in papers) or result.title,
                signer=f"{signer}, {leader} {agency.name}" if signer else "",
                copies=copies,
                fee=dossier.fee_paid,
                note=f"{dossier.code}; {result.code}",
            )
        )
    return lines


def _columns(register: Register) -> list[str]:
    """Return the eight columns of a certification register as the form names them."""
    if register == Register.COPIES:
        return [
            pgettext("certification register", "No. / certification number"),
            pgettext("certification register", "Date of certification"),
            pgettext("certification register", "Full name of the requester"),
            pgettext(
                "certification register", "Name of the original paper or document"
            ),
            pgettext(
                "certification register",
                "Full name and title of the person signing the certification",
            ),
            pgettext("certification register", "Number of copies certified"),
            pgettext("certification register", "Fee (VND)"),
            pgettext("certification register", "Note"),
        ]
    return [
        pgettext("certification register", "No. / certification number"),
        pgettext("certification register", "Date of certification"),
        pgettext(
            "certification register",
            "Full name and identity paper number of the requester",
        ),
        pgettext("certification register", "Name of the paper or document certified"),
        pgettext(
            "certification register",
            "Full name and title of the person signing the certification",
        ),
        pgettext("certification register", "Number of papers certified"),
        pgettext("certification register", "Fee (VND)"),
        pgettext("certification register", "Note"),
    ]


WIDTHS = (16, 14, 28, 40, 30, 12, 12, 30)


def certification_register_xlsx(
    agency: Agency, date_from: date, date_to: date, *, language: str = "vi"
) -> bytes:
    """Return the certification registers of ``agency`` for the period (.xlsx).

    One sheet per register that has lines (the copies register when none
    has); text is written as text, never as a formula.
    """
    with translation.override(language):
        if date_from > date_to:
            raise ValueError(_("The start date must not be after the end date."))
        lines = certification_lines(agency, date_from, date_to)
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        formats = _formats(book)
        registers = [r for r in Register if any(line.register == r for line in lines)]
        for register in registers or [Register.COPIES]:
            _sheet(
                book,
                formats,
                register,
                [line for line in lines if line.register == register],
                agency,
                date_from,
                date_to,
            )
        book.close()
        return buffer.getvalue()


def _formats(book) -> dict:
    font = {"font_name": "Times New Roman", "font_size": 12, "valign": "vcenter"}
    return {
        "bold": book.add_format({**font, "align": "center", "bold": True}),
        "plain": book.add_format({**font, "align": "center"}),
        "motto": book.add_format(
            {**font, "align": "center", "bold": True, "underline": 1}
        ),
        "title": book.add_format(
            {**font, "align": "center", "bold": True, "font_size": 14}
        ),
        "italic": book.add_format(
            {**font, "align": "center", "italic": True, "font_size": 11}
        ),
        "head": book.add_format(
            {**font, "bold": True, "align": "center", "text_wrap": True, "border": 1}
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
        "money": book.add_format(
            {**font, "border": 1, "valign": "top", "num_format": "#,##0"}
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


def _sheet(book, fmt, register, lines, agency, date_from, date_to) -> None:
    title = str(REGISTER_LABELS[register])
    sheet = book.add_worksheet(REGISTER_SYMBOLS[register].replace("/", "-")[:31])
    last = len(WIDTHS) - 1
    for column, width in enumerate(WIDTHS):
        sheet.set_column(column, column, width)
    sheet.merge_range(
        0,
        0,
        0,
        3,
        (agency.parent.name if agency.parent_id else "").upper(),
        fmt["plain"],
    )
    sheet.merge_range(1, 0, 1, 3, agency.name.upper(), fmt["bold"])
    sheet.merge_range(0, 4, 0, last, _("SOCIALIST REPUBLIC OF VIETNAM"), fmt["bold"])
    sheet.merge_range(
        1, 4, 1, last, _("Independence - Freedom - Happiness"), fmt["motto"]
    )
    sheet.merge_range(3, 0, 3, last, title.upper(), fmt["title"])
    sheet.merge_range(
        4,
        0,
        4,
        last,
        _("Symbol %(symbol)s – from %(start)s to %(end)s")
        % {
            "symbol": REGISTER_SYMBOLS[register],
            "start": date_from.strftime("%d/%m/%Y"),
            "end": date_to.strftime("%d/%m/%Y"),
        },
        fmt["italic"],
    )
    head = 6
    for column, text in enumerate(_columns(register)):
        sheet.write_string(head, column, text, fmt["head"])
        sheet.write_string(head + 1, column, f"({column + 1})", fmt["number"])
    sheet.set_row(head, 62)
    for index, line in enumerate(lines):
        row = head + 2 + index
        requester = line.requester
        if register != Register.COPIES and line.requester_id:
            requester = f"{line.requester}\n{line.requester_id}"
        sheet.write_string(row, 0, line.certification_number, fmt["count"])
        sheet.write_datetime(
            row, 1, line.certified_at.replace(tzinfo=None), fmt["date"]
        )
        sheet.write_string(row, 2, requester, fmt["text"])
        sheet.write_string(row, 3, line.papers, fmt["text"])
        sheet.write_string(row, 4, line.signer, fmt["text"])
        sheet.write_number(row, 5, line.copies, fmt["count"])
        sheet.write_number(row, 6, line.fee, fmt["money"])
        sheet.write_string(row, 7, line.note, fmt["text"])
    sheet.write_string(
        head + 3 + len(lines),
        1,
        _("Total: %(count)s certifications") % {"count": len(lines)},
        fmt["total"],
    )
    sheet.freeze_panes(head + 2, 0)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.repeat_rows(head, head + 1)
    sheet.fit_to_pages(1, 0)


# The register of dossiers, with its return columns filled.


def _delivery_texts(delivery: ResultDelivery) -> tuple[str, str]:
    """Return (receiver, handed over by) as the register writes them."""
    officer = _name(delivery.handed_by)
    if delivery.method == Method.POST:
        receiver = _("%(operator)s, waybill %(waybill)s") % {
            "operator": delivery.postal_operator,
            "waybill": delivery.waybill,
        }
    elif delivery.method == Method.ELECTRONIC:
        receiver = _("Electronic (download link)")
    else:
        receiver = delivery.receiver_name
    return receiver, officer


def dossier_register_workbook(agency: Agency, date_from: date, date_to: date) -> bytes:
    """Return the register of dossiers (form 06/07) with the returns filled in."""
    rows = register_rows_for(agency, date_from, date_to)
    codes = [row.dossier_code for row in rows]
    first: dict[str, ResultDelivery] = {}
    deliveries = (
        ResultDelivery.objects.filter(dossier__code__in=codes)
        .select_related("dossier", "handed_by")
        .order_by("handed_at", "pk")
    )
    for delivery in deliveries:
        first.setdefault(delivery.dossier.code, delivery)
    filled = []
    with translation.override("vi"):
        for row in rows:
            delivery = first.get(row.dossier_code)
            if delivery is None:
                filled.append(row)
                continue
            receiver, officer = _delivery_texts(delivery)
            filled.append(
                replace(
                    row,
                    returned_at=row.returned_at or delivery.handed_at,
                    receiver=receiver,
                    handed_over_by=officer,
                )
            )
    return register_xlsx(
        filled,
        agency=agency_header(agency),
        date_from=date_from,
        date_to=date_to,
        rule_set_code=rule_set_on(date_to).code,
    )
