"""Filing online, step by step (nộp hồ sơ trực tuyến).

A signed-in citizen starts from a procedure page; the draft (hồ sơ lưu tạm)
is saved at every step and resumes from any device. Only the draft's own
user sees it: anyone else's address answers 404. The steps parse what was
typed and call ``filing.services.drafts``; documents, the receipt and the
payment return are in ``filing_files``.
"""

from functools import wraps

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.catalog.queries import procedure_in_force
from motcua.filing.domain import STEP_ORDER, Step, may_open
from motcua.filing.forms import (
    DeliveryForm,
    DraftEFormForm,
    EligibilityForm,
)
from motcua.filing.labels import STEP_LABELS
from motcua.filing.services import FilingError
from motcua.filing.services import drafts as services

STEP_SLUGS = {
    Step.ELIGIBILITY: "dieu-kien",
    Step.FORM: "to-khai",
    Step.DOCUMENTS: "giay-to",
    Step.DELIVERY: "nhan-ket-qua",
    Step.PAYMENT: "le-phi",
    Step.REVIEW: "xem-lai",
}
SLUG_STEPS = {slug: step for step, slug in STEP_SLUGS.items()}


def step_url(draft, step) -> str:
    return reverse("portal:draft_step", args=[draft.public_id, STEP_SLUGS[Step(step)]])


def citizen_required(view):
    """Send the anonymous to sign in; refuse officers (403)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            login = reverse("portal:login")
            return redirect(f"{login}?next={request.get_full_path()}")
        if services.citizen_profile(request.user) is None:
            return render(request, "portal/filing/not_citizen.html", status=403)
        try:
            return view(request, *args, **kwargs)
        except Submitted as submitted:
            return redirect("portal:filing_receipt", code=submitted.code)

    return never_cache(wrapper)


class Submitted(Exception):
    """The draft was submitted: its pages lead to the dossier's receipt."""

    def __init__(self, code: str):
        self.code = code


def load_draft(request, public_id):
    draft = services.draft_of(request.user, public_id)
    if draft is None:
        code = services.submitted_code(request.user, public_id)
        if code:
            raise Submitted(code)
        raise Http404("no such draft")
    return draft


def steps_of(draft, current: Step) -> list[dict]:
    return [
        {
            "step": step,
            "number": index,
            "label": STEP_LABELS[step],
            "url": step_url(draft, step),
            "current": step == current,
            "open": may_open(draft.step, step),
            "done": STEP_ORDER.index(step) < STEP_ORDER.index(Step(draft.step)),
        }
        for index, step in enumerate(STEP_ORDER, start=1)
    ]


def render_step(request, draft, step: Step, context: dict, status: int = 200):
    context = {
        "draft": draft,
        "version": draft.procedure_version,
        "step": step,
        "step_label": STEP_LABELS[step],
        "steps": steps_of(draft, step),
        "step_number": STEP_ORDER.index(step) + 1,
        "step_count": len(STEP_ORDER),
        **context,
    }
    return render(
        request, f"portal/filing/step_{step.value}.html", context, status=status
    )


def posted(request):
    """Return the POST data to bind a form to, None on GET (even if empty)."""
    return request.POST if request.method == "POST" else None


def next_url(draft, step: Step) -> str:
    index = STEP_ORDER.index(step)
    return step_url(draft, STEP_ORDER[min(index + 1, len(STEP_ORDER) - 1)])


# -- start, list, resume, delete ---------------------------------------------


@require_GET
@citizen_required
def start(request, code):
    """Start filing ``code`` online, or resume the draft already begun."""
    version = procedure_in_force(code, on=timezone.localdate())
    if version is None:
        raise Http404("no procedure in force")
    owner = services.acting_owner(request.user, request.session)
    try:
        draft = services.start_draft(request.user, owner=owner, version=version)
    except FilingError as refused:
        return render(
            request,
            "portal/filing/unavailable.html",
            {"version": version, "messages_list": _messages(refused)},
            status=400,
        )
    return redirect(step_url(draft, draft.step))


def _messages(refused) -> list[str]:
    return [m for ms in refused.errors.values() for m in ms]


@require_GET
@citizen_required
def draft_list(request):
    drafts = list(services.drafts_of(request.user))
    for draft in drafts:
        draft.resume_url = step_url(draft, draft.step)
        draft.step_label = STEP_LABELS[Step(draft.step)]
    return render(request, "portal/filing/drafts.html", {"drafts": drafts})


@require_GET
@citizen_required
def resume(request, public_id):
    draft = load_draft(request, public_id)
    return redirect(step_url(draft, draft.step))


@require_POST
@citizen_required
def delete(request, public_id):
    services.delete_draft(load_draft(request, public_id))
    return redirect("portal:drafts")


@require_http_methods(["GET", "POST"])
@citizen_required
def step(request, public_id, slug):
    """Show or take one step of the draft (the documents step has its module)."""
    from . import filing_files, filing_review

    wanted = SLUG_STEPS.get(slug)
    if wanted is None:
        raise Http404("no such step")
    draft = load_draft(request, public_id)
    if not may_open(draft.step, wanted):
        return redirect(step_url(draft, draft.step))
    handler = {
        Step.ELIGIBILITY: eligibility,
        Step.FORM: eform,
        Step.DOCUMENTS: filing_files.documents,
        Step.DELIVERY: delivery,
        Step.PAYMENT: filing_review.payment,
        Step.REVIEW: filing_review.review,
    }[wanted]
    return handler(request, draft)


# -- the steps ----------------------------------------------------------------


def eligibility(request, draft):
    agencies = services.receiving_agencies(draft.procedure_version)
    questions = services.eligibility_questions(draft)
    form = EligibilityForm(
        posted(request), agencies=agencies, questions=questions, draft=draft
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data.get("agency")
        agency = next((a for a in agencies if a.pk == chosen), None)
        try:
            services.answer_eligibility(draft, agency=agency, answers=form.answers())
        except FilingError as refused:
            for key, messages in refused.errors.items():
                name = key if key == "agency" else f"q_{key}"
                for message in messages:
                    form.add_error(name if name in form.fields else None, message)
        else:
            return redirect(next_url(draft, Step.ELIGIBILITY))
    return render_step(
        request,
        draft,
        Step.ELIGIBILITY,
        {"form": form, "question_count": len(questions)},
        status=400 if form.errors else 200,
    )


def eform(request, draft):
    eform = services.eform_for(draft)
    if eform is None:
        if request.method == "POST":
            services.save_form(draft, {})
            return redirect(next_url(draft, Step.FORM))
        return render_step(request, draft, Step.FORM, {"form": None})
    if request.method == "GET":
        services.ensure_prefill(draft, user=request.user)
        form = DraftEFormForm(eform, draft)
        return render_step(request, draft, Step.FORM, {"form": form})
    form = DraftEFormForm(eform, draft, data=request.POST)
    valid = form.is_valid()
    errors = services.save_form(
        draft,
        form.json_data,
        corrected=form.corrections(),
        complete=valid and not form.unlocking,
    )
    if valid and not form.unlocking and not errors:
        return redirect(next_url(draft, Step.FORM))
    for key, messages in errors.items():
        for message in messages:
            form.add_error(key if key in form.fields else None, message)
    return render_step(
        request,
        draft,
        Step.FORM,
        {"form": form, "unlocking": bool(form.unlocking) and valid},
        status=400 if form.errors else 200,
    )


@require_POST
@citizen_required
def autosave(request, public_id):
    """Store the e-form as typed (htmx, every few seconds); no checks."""
    draft = load_draft(request, public_id)
    eform = services.eform_for(draft)
    if eform is not None and may_open(draft.step, Step.FORM):
        form = DraftEFormForm(eform, draft, data=request.POST)
        form.is_valid()
        services.save_form(
            draft, form.json_data, corrected=form.corrections(), complete=False
        )
    saved = timezone.localtime(draft.updated_at)
    return HttpResponse(
        _("Saved at %(time)s") % {"time": time_format(saved, "H:i")},
        content_type="text/plain; charset=utf-8",
    )


def delivery(request, draft):
    methods = services.delivery_methods(draft.procedure_version)
    initial = {
        "delivery_method": draft.delivery_method
        if draft.delivery_method in methods
        else methods[0],
        "delivery_address": draft.delivery_address or draft.owner.address,
    }
    form = DeliveryForm(posted(request), methods=methods, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_delivery(
                draft,
                method=form.cleaned_data["delivery_method"],
                address=form.cleaned_data["delivery_address"],
            )
        except FilingError as refused:
            for key, messages in refused.errors.items():
                for message in messages:
                    form.add_error(key if key in form.fields else None, message)
        else:
            return redirect(next_url(draft, Step.DELIVERY))
    return render_step(
        request,
        draft,
        Step.DELIVERY,
        {"form": form, "postal_fee": services.postal_fee()},
        status=400 if form.errors else 200,
    )
