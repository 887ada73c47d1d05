"""The hand-over slip printed at the desk and signed by both sides."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from motcua.documents.forms.formatting import clock_and_date, place_and_date
from motcua.documents.forms.qr import qr_data_uri
from motcua.documents.pdf import render_pdf

from ..models import ResultDelivery
from .documents import result_url


def _name(user) -> str:
    return (user.full_name or user.get_full_name() or user.username) if user else ""


def handover_slip_pdf(delivery: ResultDelivery) -> bytes:
    """Return the slip recording who handed which result to whom, and when."""
    dossier = delivery.dossier
    agency = dossier.receiving_agency
    result = delivery.result
    with translation.override("vi"):
        html = render_to_string(
            "results/handover_slip.html",
            {
                "language": "vi",
                "agency": agency,
                "parent_name": agency.parent.name if agency.parent_id else "",
                "place_date": place_and_date(
                    agency.unit.name, delivery.handed_at or timezone.now()
                ),
                "dossier": dossier,
                "procedure": dossier.procedure_version.name,
                "applicant_name": (dossier.applicant_snapshot or {}).get("full_name")
                or dossier.applicant.full_name,
                "result": result,
                "delivery": delivery,
                "handed": clock_and_date(delivery.handed_at),
                "officer": _name(delivery.handed_by),
                "qr": qr_data_uri(result_url(result)) if result else "",
            },
        )
    return render_pdf(html, css=None)
