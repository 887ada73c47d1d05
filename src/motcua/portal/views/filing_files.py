"""Filing online: the documents step, the receipt and its PDF.

The documents step attaches a file per listed paper (checked like the
desk's scans: type read from the content, size limit), or reuses a paper
or result the state already holds for the citizen (national reuse
indicator); nothing is uploaded again for a reused paper.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from motcua.dossiers.services.forms import tracking_url
from motcua.filing.domain import Step
from motcua.filing.forms import UploadForm
from motcua.filing.queries import dossier_for_citizen
from motcua.filing.services import FilingError
from motcua.filing.services import drafts as services

from .filing import citizen_required, next_url, render_step, step_url


def documents(request, draft):
    errors: list[dict] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        document = request.POST.get("document", "")
        try:
            if action == "upload":
                form = UploadForm(request.POST, request.FILES)
                if not form.is_valid():
                    raise FilingError(
                        {"file": [m for ms in form.errors.values() for m in ms]}
                    )
                services.attach_upload(
                    draft,
                    document_id=form.cleaned_data["document"],
                    upload=form.cleaned_data["file"],
                )
            elif action == "reuse":
                services.attach_reuse(
                    draft, document_id=document, offer=request.POST.get("offer")
                )
            elif action == "remove":
                services.remove_file(draft, request.POST.get("file"))
            else:
                services.complete_documents(draft)
                return redirect(next_url(draft, Step.DOCUMENTS))
        except FilingError as refused:
            errors = [
                {"message": message, "document": document}
                for messages in refused.errors.values()
                for message in messages
            ]
        else:
            anchor = f"#paper-{document}" if document.isdigit() else ""
            return redirect(step_url(draft, Step.DOCUMENTS) + anchor)
    files = list(draft.files.all())
    offers = services.reuse_offers(draft)
    papers = [
        {
            "document": document,
            "files": [f for f in files if f.required_document_id == document.pk],
            "needed": document.required and not document.condition.strip(),
            "form": UploadForm(initial={"document": document.pk}, auto_id=False),
        }
        for document in draft.procedure_version.documents.all()
    ]
    return render_step(
        request,
        draft,
        Step.DOCUMENTS,
        {"papers": papers, "offers": offers, "errors": errors},
        status=400 if errors else 200,
    )


def _dossier(request, code):
    dossier = dossier_for_citizen(code, request.user)
    if dossier is None:
        raise Http404("no such dossier of yours")
    return dossier


@require_GET
@citizen_required
def receipt(request, code):
    """Show the code, what was sent and the 8-working-hour answer window."""
    dossier = _dossier(request, code)
    return render(
        request,
        "portal/filing/receipt.html",
        {
            "dossier": dossier,
            "papers": list(dossier.documents.prefetch_related("files")),
            "tracking": reverse("portal:tracking") + f"?ma={dossier.code}",
        },
    )


@require_GET
@citizen_required
def receipt_pdf(request, code):
    """Send the receipt of an online submission as a PDF, with a QR code."""
    from motcua.documents.forms.qr import qr_data_uri
    from motcua.documents.pdf import render_pdf

    dossier = _dossier(request, code)
    url = tracking_url(dossier.code)
    with translation.override("vi"):
        html = render_to_string(
            "portal/filing/receipt_pdf.html",
            {
                "dossier": dossier,
                "papers": list(dossier.documents.prefetch_related("files")),
                "qr": qr_data_uri(url),
                "tracking_url": url,
            },
        )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-nhan-{dossier.code}.pdf"'
    return response


def draft_return(request, payment, outcome):
    """Send a citizen back to the draft that a gateway payment was for."""
    if payment is None or payment.draft_id is None or payment.dossier_id:
        return None
    if outcome == "invalid":
        return None
    draft = services.draft_of(request.user, payment.draft.public_id)
    if draft is None:
        return None
    step = Step.REVIEW if outcome in ("paid", "confirming") else Step.PAYMENT
    return redirect(step_url(draft, step) + f"?thanh_toan={outcome}")
