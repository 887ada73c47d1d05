"""Filing online: the fees step (pay online or at the desk) and the review.

The review shows everything with links back to each step; submitting runs
``filing.services.submit``, which checks the whole draft again. Refusals
are listed at the top, each with a link to the step that fixes it, and
nothing the citizen entered is lost.
"""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from motcua.core.ratelimit import client_ip
from motcua.filing.domain import STEP_ORDER, Step
from motcua.filing.forms import PaymentForm, ReviewForm, form_summary
from motcua.filing.labels import STEP_LABELS
from motcua.filing.services import FilingError, check_draft, fees_to_pay, submit
from motcua.filing.services import drafts as services

from .filing import next_url, posted, render_step, step_url


def payment(request, draft):
    from motcua.payments.services import PaymentError, start_online_payment

    quote = fees_to_pay(draft)
    initial = {
        "fee_exemption": draft.fee_exemption,
        "how": PaymentForm.DESK if draft.pay_at_desk else PaymentForm.ONLINE,
    }
    form = PaymentForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        how = form.cleaned_data["how"]
        services.save_payment_choice(
            draft,
            exemption=form.cleaned_data["fee_exemption"],
            pay_at_desk=how == PaymentForm.DESK,
        )
        quote = fees_to_pay(draft)
        if quote.to_pay and how == PaymentForm.ONLINE:
            try:
                url = start_online_payment(
                    None,
                    quote.to_pay,
                    draft=draft,
                    return_url=request.build_absolute_uri(
                        reverse("portal:vnpay_return")
                    ),
                    ip=client_ip(request),
                )
            except PaymentError as error:
                form.add_error(None, str(error))
            else:
                return redirect(url)
        elif quote.to_pay and not how:
            form.add_error("how", _("Choose how you will pay."))
        if not form.errors:
            return redirect(next_url(draft, Step.PAYMENT))
    return render_step(
        request,
        draft,
        Step.PAYMENT,
        {
            "form": form,
            "quote": quote,
            "last_payment": draft.payments.order_by("-pk").first(),
        },
        status=400 if form.errors else 200,
    )


def review(request, draft):
    form = ReviewForm(posted(request))
    problems: dict[str, list[str]] = {}
    if request.method == "POST" and form.is_valid():
        try:
            dossier = submit(draft, user=request.user)
        except FilingError as refused:
            problems = refused.errors
        else:
            return redirect("portal:filing_receipt", code=dossier.code)
    elif request.method == "GET":
        problems = check_draft(draft)
    eform = services.eform_for(draft)
    return render_step(
        request,
        draft,
        Step.REVIEW,
        {
            "form": form,
            "problems": _problem_links(draft, problems),
            "agency": draft.agency,
            "questions": [
                (q, draft.eligibility.get(q.key))
                for q in services.eligibility_questions(draft)
            ],
            "summary": form_summary(eform, draft.form_data),
            "corrected": draft.corrected,
            "papers": _papers(draft),
            "quote": fees_to_pay(draft),
            "edit": {s.value: step_url(draft, s) for s in STEP_ORDER},
        },
        status=400 if (request.method == "POST" and (problems or form.errors)) else 200,
    )


def _problem_links(draft, problems) -> list[dict]:
    rows = []
    for key, messages in problems.items():
        try:
            target = Step(key)
        except ValueError:
            target = None
        for message in messages:
            rows.append(
                {
                    "message": message,
                    "url": step_url(draft, target) if target else "",
                    "label": STEP_LABELS[target] if target else "",
                }
            )
    return rows


def _papers(draft) -> list[dict]:
    files = list(draft.files.all())
    return [
        {
            "document": document,
            "files": [f for f in files if f.required_document_id == document.pk],
        }
        for document in draft.procedure_version.documents.all()
    ]
