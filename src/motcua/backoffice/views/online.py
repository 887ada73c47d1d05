"""The desk's queue of dossiers submitted online and its three decisions.

A desk officer sees the dossiers waiting for the answer of the agencies
where they serve at the desk, the most urgent first, with what is left of
the 8 working hours. On the review page they read the e-form and the
papers, verify a claimed fee exemption, and receive the dossier, ask for a
supplement or refuse it. Every decision is one service call in its own
transaction; a refusal comes back as a message on the page (400/409),
never as an error page, and a decision on a dossier another officer has
answered meanwhile is refused with the concurrency message.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from motcua.dossiers.domain import IllegalTransition
from motcua.dossiers.labels import DELIVERY_LABELS
from motcua.dossiers.services.guidance import refuse_dossier, request_supplement
from motcua.dossiers.services.lifecycle import ConcurrentChange, describe
from motcua.dossiers.services.validation import ReceptionRefused
from motcua.filing import queue
from motcua.filing.services.exemption import verify_exemption
from motcua.workflow.queries import dossier_for_staff

from ..forms_online import (
    AcceptForm,
    ExemptionForm,
    QueueFilterForm,
    RefuseForm,
    SupplementForm,
)
from .access import forbidden, officer_required
from .online_parts import online_parts

PAGE_SIZE = 25
STALE = gettext_lazy(
    "This dossier was just handled by another officer. Reload the page to see "
    "its current state."
)
DONE = {
    "accept": gettext_lazy(
        "The dossier was received; the legal clock runs from now and its "
        "processing is open."
    ),
    "supplement": gettext_lazy(
        "The applicant is asked to complete the dossier; they see the request "
        "on their page."
    ),
    "refuse": gettext_lazy("The dossier was refused; the applicant is told why."),
    "exemption": gettext_lazy("The verification of the exemption was recorded."),
}
DECISION_FORMS = {
    "accept": AcceptForm,
    "supplement": SupplementForm,
    "refuse": RefuseForm,
    "exemption": ExemptionForm,
}


@require_GET
@officer_required()
def online_queue(request):
    agencies = list(queue.desk_agencies(request.user))
    if not agencies:
        return forbidden(request, request.workplace)
    form = QueueFilterForm(request.GET or None, agencies=agencies)
    values = form.cleaned_data if form.is_valid() else {}
    dossiers = queue.online_queue(
        request.user, agency=values.get("agency", ""), search=values.get("q", "")
    )
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("trang"))
    clocks = queue.Clocks(timezone.now())
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "backoffice/online_queue.html",
        {
            "workplace": request.workplace,
            "form": form,
            "page": page,
            "rows": [{"dossier": d, "clock": clocks.of(d)} for d in page],
            "several_agencies": len(agencies) > 1,
            "query": query.urlencode(),
        },
    )


def competent_agencies(dossier):
    """Return the agencies that may handle the dossier (routing by competence)."""
    from motcua.workflow.services import routing

    return routing.candidates(dossier.procedure_version, dossier.receiving_agency)


def _forms(dossier, data=None, action=None):
    """Return the four decision forms; the one of ``action`` bound to ``data``.

    Each has its own prefix ("accept-", "refuse-", ...): the page shows
    them all, and their fields' ids must not clash.
    """
    seen = {"seen": dossier.status}
    extra = {
        "accept": {"competent": competent_agencies(dossier)},
        "supplement": {"documents": dossier.procedure_version.documents.all()},
    }
    return {
        name: form_class(
            data if name == action else None,
            initial=seen,
            prefix=name,
            **extra.get(name, {}),
        )
        for name, form_class in DECISION_FORMS.items()
    }


def _review(request, dossier, *, forms=None, action=None, problems=(), status=200):
    clock = queue.Clocks(timezone.now()).of(dossier)
    return render(
        request,
        "backoffice/online_review.html",
        {
            "workplace": request.workplace,
            "dossier": dossier,
            "applicant": dossier.applicant,
            "clock": clock,
            "online": online_parts(dossier),
            "delivery": DELIVERY_LABELS.get(dossier.delivery_method, ""),
            "forms": forms or _forms(dossier),
            "action": action,
            "problems": list(problems),
        },
        status=status,
    )


@require_GET
@officer_required()
def online_review(request, code):
    dossier = queue.queued_dossier(code, request.user)
    if dossier is None:
        raise Http404
    return _review(request, dossier)


def _serves_desk(user, dossier) -> bool:
    agencies = queue.desk_agencies(user)
    return agencies.filter(pk=dossier.receiving_agency_id).exists()


def _decide(action, dossier, user, form):
    data = form.cleaned_data
    if action == "exemption":
        verify_exemption(
            dossier, officer=user, verified=data["verified"], note=data["note"]
        )
        return
    with queue.answering(dossier):
        if action == "accept":
            from motcua.workflow.services.intake import accept_online

            accept_online(dossier, officer=user, handling_agency=form.chosen_agency())
        elif action == "supplement":
            request_supplement(
                dossier, officer=user, missing=data["items"], note=data["note"]
            )
        else:
            refuse_dossier(dossier, officer=user, reasons=data["reasons"])


def _refusal(form, error) -> list[str]:
    """Put the service's messages on the form's fields; return the others."""
    if isinstance(error, IllegalTransition):
        return [describe(error)]
    if isinstance(error, ValidationError):
        return [str(m) for m in error.messages]
    problems = []
    for key, texts in error.errors.items():
        name = "missing" if key == "missing" else key
        if name in form.fields and name != "seen":
            for text in texts:
                form.add_error(name, text)
        else:
            problems.extend(texts)
    return problems


@require_POST
@officer_required()
def online_decide(request, code, action):
    """Take one decision (accept, supplement, refuse, exemption) on a dossier."""
    if action not in DECISION_FORMS:
        raise Http404
    dossier = dossier_for_staff(code, request.user)
    if dossier is None:  # unknown, or another agency's: nothing to tell
        raise Http404
    if not _serves_desk(request.user, dossier):
        return forbidden(request, request.workplace)
    seen = request.POST.get(f"{action}-seen", "")
    if dossier.reception_due_at is None or seen != dossier.status:
        messages.error(request, STALE)
        return redirect("backoffice:dossier", code=dossier.code)
    forms = _forms(dossier, request.POST, action)
    form = forms[action]
    if not form.is_valid():
        return _review(request, dossier, forms=forms, action=action, status=400)
    try:
        _decide(action, dossier, request.user, form)
    except ConcurrentChange:
        messages.error(request, STALE)
        return redirect("backoffice:dossier", code=dossier.code)
    except (IllegalTransition, ValidationError, ReceptionRefused) as error:
        problems = _refusal(form, error)
        conflict = isinstance(error, IllegalTransition)
        return _review(
            request,
            dossier,
            forms=forms,
            action=action,
            problems=problems,
            status=409 if conflict else 400,
        )
    messages.success(request, DONE[action])
    if action == "exemption":
        return redirect("backoffice:online_review", code=dossier.code)
    if action == "accept":
        return redirect("backoffice:dossier", code=dossier.code)
    return redirect("backoffice:online_queue")
