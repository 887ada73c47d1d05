"""Lay out an official one-stop form and print it to PDF."""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from ..pdf import render_pdf
from .catalogue import UnknownForm, form_spec, rule_set_forms
from .context import FormContext
from .formatting import clock_and_date, dmy, place_and_date
from .qr import qr_data_uri

# Forms printed from HTML; the register is a spreadsheet (register.py).
TEMPLATES = {
    "receipt": "documents/forms/receipt.html",
    "supplement_request": "documents/forms/supplement_request.html",
    "refusal": "documents/forms/refusal.html",
    "apology": "documents/forms/apology.html",
    "stop_notice": "documents/forms/stop_notice.html",
    "control_slip": "documents/forms/control_slip.html",
}
# Forms that carry a "Số: …" reference under the agency name.
REFERENCED = {"supplement_request", "refusal", "apology", "stop_notice"}
BLANK = "…………………"


def render_form(context: FormContext, *, language: str = "vi") -> bytes:
    """Return the PDF of one issued form.

    The forms are legal documents in Vietnamese; ``language`` exists so that
    an English rendering can be produced for reading, never for issuing.
    Raises ``UnknownForm`` when the rule set does not prescribe the form or
    it is not printed from HTML.
    """
    return render_pdf(render_form_html(context, language=language), css=None)


def render_form_html(context: FormContext, *, language: str = "vi") -> str:
    with translation.override(language):
        spec = form_spec(context.rule_set_code, context.form_key)
        template = TEMPLATES.get(context.form_key)
        if template is None:
            raise UnknownForm(
                _("The form “%(form)s” is not printed as a PDF.")
                % {"form": context.form_key}
            )
        forms = rule_set_forms(context.rule_set_code)
        number = context.number or spec.number
        title = context.title or str(spec.title)
        return render_to_string(
            template,
            {
                "form": context,
                "language": language,
                "rule_set": context.rule_set_code,
                "number": number,
                "title": title.upper(),
                "citation": _(
                    "Form No. %(number)s issued with Circular No. %(circular)s"
                )
                % {"number": number, "circular": forms.circular},
                "desk_name": forms.desk_name,
                "show_reference": context.form_key in REFERENCED,
                "place_date": place_and_date(
                    context.agency.unit_name, context.issued_at
                ),
                "qr": qr_data_uri(context.tracking_url) if context.tracking_url else "",
                "received": clock_and_date(context.received_at),
                "received_date": dmy(context.received_at) or BLANK,
                "due": clock_and_date(context.due_at),
                "new_due": clock_and_date(context.new_due_at),
                "returned": clock_and_date(context.returned_at),
                "hops": [
                    {"row": row, "at": clock_and_date(row.handed_at)}
                    for row in context.control_rows
                ],
                "copy_labels": [
                    _("Copy 1: kept at the %(desk)s") % {"desk": forms.desk_name},
                    _("Copy 2: handed to the applicant"),
                ],
                "signer_title": (context.signer_title or _("HEAD OF THE AGENCY")),
                "officer": context.officer_name or BLANK,
                "phone": context.agency.phone or BLANK,
                "blank": BLANK,
            },
        )
