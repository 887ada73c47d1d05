"""Processing a dossier: the actions of its internal process, one form each.

The dossier page shows the processing panel (``_workflow.html``) with the
actions this officer may take on the open task. Each action posts here;
the workflow services decide, and their refusal comes back as a message on
the action's own page, never as an error page. A form drawn for a task
another officer has since moved on is refused with the concurrency message.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from motcua.accounts.domain import Role
from motcua.accounts.models import Agency, RoleAssignment
from motcua.dossiers.domain import IllegalTransition, Status
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.services.lifecycle import describe
from motcua.workflow.queries import dossier_for_staff

from ..forms_processing import ACTION_FORMS, RecordFeesForm, RecordSupplementForm
from .access import forbidden, officer_required

STALE = gettext_lazy(
    "This dossier was just handled by another officer. Reload the page to see "
    "its current step."
)
DONE = {
    "claim": gettext_lazy("You took up the dossier."),
    "assign": gettext_lazy("The dossier was assigned."),
    "forward": gettext_lazy("The dossier was forwarded to the next step."),
    "send_back": gettext_lazy("The dossier was sent back."),
    "request_supplement": gettext_lazy(
        "The applicant is asked for the papers; the clock is paused."
    ),
    "request_fees": gettext_lazy("The applicant is asked to pay; the clock is paused."),
    "stop": gettext_lazy("The processing was stopped."),
    "approve": gettext_lazy("The dossier was approved."),
    "sign": gettext_lazy("The result was signed."),
    "issue": gettext_lazy("The result was issued."),
    "return_result": gettext_lazy("The result was returned."),
    "transfer": gettext_lazy("The dossier was transferred."),
    "complete_transfer": gettext_lazy(
        "The agency's part is done; the dossier went back to the sending agency."
    ),
    "return_transfer": gettext_lazy("The dossier was returned to the sending agency."),
    "supplement": gettext_lazy("The supplement was recorded; the clock runs again."),
    "fees": gettext_lazy("The payment was recorded; the clock runs again."),
}
# Actions that are not steps of a process but handling of the task itself.
TASK_ACTIONS = ("claim", "assign")


def _workflow():
    from motcua.workflow import queries, services

    return queries, services


def holds(user, agency_id, role) -> bool:  # noqa: D103
    return RoleAssignment.objects.filter(
        user=user, agency_id=agency_id, role=role
    ).exists()


def available_actions(task, user) -> list[str]:
    """Return the actions of the panel for ``user`` on ``task``, in display order."""
    if task is None or not task.is_open:
        return []
    _queries, services = _workflow()
    actions = []
    if services.can_claim(task, user):
        actions.append("claim")
    if services.can_assign(task, user):
        actions.append("assign")
    actions += [str(a) for a in services.allowed_actions(task, user)]
    return actions


def staff_for(agency_id, role):
    user_model = get_user_model()
    return list(
        user_model.objects.filter(
            is_active=True,
            roles__agency_id=agency_id,
            roles__role=role,
        )
        .distinct()
        .order_by("full_name", "username")
    )


def transfer_candidates(task):
    """Return the agencies that may take part of ``task``'s dossier (liên thông)."""
    _queries, services = _workflow()
    return services.transfer_targets(task)


def _routes(task):
    """Return the step's routes with the next steps' names as labels."""
    routes = [r for r in (task.step.routes or []) if isinstance(r, dict)]
    if len(routes) < 2:
        return routes
    names = dict(task.step.process.steps.values_list("key", "name"))
    return [
        {"to": r.get("to", ""), "label": r.get("label") or names.get(r.get("to"), "")}
        for r in routes
    ]


def form_for(action, task, data=None, files=None):
    """Return the form of ``action`` for ``task`` (bound when data is given)."""
    form_class = ACTION_FORMS[action]
    kwargs = {"initial": {"task": task.pk}, "prefix_action": action}
    if action == "assign":
        kwargs["staff"] = staff_for(task.agency_id, task.role)
    elif action == "forward":
        kwargs["routes"] = _routes(task)
        kwargs["staff"] = _next_staff(task)
    elif action in ("approve", "sign", "issue"):
        kwargs["routes"] = _routes(task)
    elif action == "transfer":
        kwargs["agencies"] = transfer_candidates(task)
    return (
        form_class(data, files, **kwargs) if data is not None else form_class(**kwargs)
    )


def _next_staff(task):
    """Return the officers who could take the next step (its default route)."""
    from motcua.workflow.services.runtime import next_step, step_agency

    try:
        step = next_step(task)
        agency = step_agency(step, task.leg, task.dossier)
    except ValidationError:
        return []
    return staff_for(agency.pk, step.role)


def _dossier(request, code):
    dossier = dossier_for_staff(code, request.user)
    if dossier is None:
        raise Http404
    return dossier


def _user(pk):
    if not pk:
        return None
    return get_user_model().objects.filter(pk=int(pk)).first()


def _delivery(data):
    from motcua.results.services import DeliveryData

    return DeliveryData(
        method=data["method"],
        receiver_name=data["receiver_name"].strip(),
        receiver_personal_id=data["receiver_personal_id"].strip(),
        id_checked=data["id_checked"],
        postal_operator=data["postal_operator"].strip(),
        waybill=data["waybill"].strip(),
        address=data["address"].strip(),
    )


def perform(action, task, user, data, services):
    """Call the workflow service of ``action`` with the form's values."""
    if action == "claim":
        return services.claim(task, user=user)
    if action == "assign":
        return services.assign(task, user=user, assignee=_user(data["assignee"]))
    if action == "forward":
        return services.forward(
            task,
            user=user,
            to=data.get("to") or None,
            note=data.get("note", ""),
            assignee=_user(data.get("assignee")),
        )
    if action == "send_back":
        return services.send_back(task, user=user, reason=data["reason"])
    if action == "request_supplement":
        return services.request_supplement(
            task, user=user, reason=data.get("reason", ""), items=data["items"]
        )
    if action == "request_fees":
        return services.request_fees(
            task, user=user, amount=data["amount"], reason=data.get("reason", "")
        )
    if action == "stop":
        return services.stop(task, user=user, reasons=data["reasons"])
    if action == "approve":
        return services.approve(
            task, user=user, note=data.get("note", ""), to=data.get("to") or None
        )
    if action == "sign":
        return services.sign(task, user=user, to=data.get("to") or None)
    if action == "issue":
        return services.issue(task, user=user, to=data.get("to") or None)
    if action == "return_result":
        return services.return_result(task, user=user, delivery=_delivery(data))
    if action == "transfer":
        to_agency = Agency.objects.filter(code=data["to_agency"]).first()
        return services.transfer(
            task, user=user, to_agency=to_agency, note=data.get("note", "")
        )
    if action == "complete_transfer":
        return services.complete_transfer(task, user=user, note=data.get("note", ""))
    if action == "return_transfer":
        return services.return_transfer(task, user=user, reason=data["reason"])
    raise Http404


def refusal_messages(error) -> list[str]:
    """Return the translated messages of a refusal by the services."""
    if isinstance(error, IllegalTransition):
        return [describe(error)]
    if isinstance(error, ValidationError):
        return [str(m) for m in error.messages]
    return [str(error)]


def _action_page(request, dossier, task, action, form, *, problems=(), status=200):
    return render(
        request,
        "backoffice/processing_action.html",
        {
            "workplace": request.workplace,
            "dossier": dossier,
            "task": task,
            "action": action,
            "action_label": action_label(action),
            "form": form,
            "problems": list(problems),
        },
        status=status,
    )


def action_label(action):
    from motcua.workflow.labels import STEP_ACTION_LABELS

    if action == "claim":
        return _("Take up the dossier")
    if action == "assign":
        return _("Assign to a colleague")
    return STEP_ACTION_LABELS.get(action, action)


@require_http_methods(["GET", "POST"])
@officer_required()
def act(request, code, action):
    """Show (GET) or take (POST) one action on the dossier's open task."""
    if action not in ACTION_FORMS:
        raise Http404
    dossier = _dossier(request, code)
    queries, services = _workflow()
    task = queries.open_task(dossier)
    if request.method == "POST":
        raw = request.POST.get("task", "")
        if task is None or raw != str(task.pk):
            messages.error(request, STALE)
            return redirect("backoffice:dossier", code=dossier.code)
    if task is None:
        messages.error(request, _("This dossier has no step waiting for an action."))
        return redirect("backoffice:dossier", code=dossier.code)
    if action not in available_actions(task, request.user):
        return forbidden(request, request.workplace)
    if request.method == "GET":
        return _action_page(request, dossier, task, action, form_for(action, task))
    form = form_for(action, task, request.POST, request.FILES)
    if not form.is_valid():
        return _action_page(request, dossier, task, action, form, status=400)
    try:
        perform(action, task, request.user, form.cleaned_data, services)
    except (ValidationError, IllegalTransition) as error:
        return _action_page(
            request,
            dossier,
            task,
            action,
            form,
            problems=refusal_messages(error),
            status=409 if isinstance(error, IllegalTransition) else 400,
        )
    messages.success(request, DONE[action])
    if action == "claim" and request.POST.get("next") == "inbox":
        return redirect("backoffice:inbox")
    return redirect("backoffice:dossier", code=dossier.code)


def waiting_for_applicant(dossier) -> dict | None:
    """Return what the dossier waits for from the applicant, as last asked.

    The papers listed (``missing``) and the reason of the supplement
    request, or the amount of the fees request, from the event that paused
    the clock; None when the dossier waits for nothing.
    """
    kinds = {
        Status.AWAITING_SUPPLEMENT: "request_supplement",
        Status.AWAITING_FEES: "request_fees",
    }
    action = kinds.get(dossier.status)
    if action is None:
        return None
    event = (
        DossierEvent.objects.filter(dossier=dossier, action=action)
        .order_by("-sequence")
        .first()
    )
    payload = event.payload if event else {}
    return {
        "kind": "supplement" if action == "request_supplement" else "fees",
        "items": [str(i) for i in payload.get("missing") or []],
        "amount": payload.get("amount"),
        "reason": event.reason if event else "",
        "at": event.at if event else None,
        "by": event.actor_name if event else "",
    }


def desk_forms_allowed(dossier, user) -> dict:
    """Which desk records the dossier waits for, if ``user`` is at its desk."""
    if not holds(user, dossier.receiving_agency_id, Role.DESK_OFFICER):
        return {"supplement": False, "fees": False}
    return {
        "supplement": dossier.status == Status.AWAITING_SUPPLEMENT,
        "fees": dossier.status == Status.AWAITING_FEES,
    }


def _desk_page(request, dossier, kind, form, *, problems=(), status=200):
    return render(
        request,
        "backoffice/processing_desk.html",
        {
            "workplace": request.workplace,
            "dossier": dossier,
            "kind": kind,
            "waiting": waiting_for_applicant(dossier),
            "form": form,
            "problems": list(problems),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@officer_required(Role.DESK_OFFICER)
def desk_record(request, code, kind):
    """Record, at the desk, the supplement brought or the fees paid."""
    if kind not in ("supplement", "fees"):
        raise Http404
    dossier = _dossier(request, code)
    if not desk_forms_allowed(dossier, request.user).get(kind):
        messages.error(
            request,
            _("The dossier does not wait for this at the desk now.")
            if holds(request.user, dossier.receiving_agency_id, Role.DESK_OFFICER)
            else STALE,
        )
        return redirect("backoffice:dossier", code=dossier.code)
    form_class = RecordSupplementForm if kind == "supplement" else RecordFeesForm
    if request.method == "GET":
        return _desk_page(request, dossier, kind, form_class())
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        return _desk_page(request, dossier, kind, form, status=400)
    _queries, services = _workflow()
    try:
        if kind == "supplement":
            services.record_supplement(
                dossier,
                user=request.user,
                note=form.cleaned_data["note"],
                files=request.FILES.getlist("files"),
            )
        else:
            services.record_fees(
                dossier, user=request.user, amount=form.cleaned_data["amount"]
            )
    except (ValidationError, IllegalTransition) as error:
        return _desk_page(
            request,
            dossier,
            kind,
            form,
            problems=refusal_messages(error),
            status=400,
        )
    messages.success(request, DONE[kind])
    return redirect("backoffice:dossier", code=dossier.code)


def working_time(minutes: int) -> str:
    """Write working minutes as days (of 8 hours), hours and minutes."""
    days, rest = divmod(int(minutes or 0), 480)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(
            ngettext("%(n)s working day", "%(n)s working days", days) % {"n": days}
        )
    if hours:
        parts.append(ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours})
    if mins or not parts:
        parts.append(ngettext("%(n)s minute", "%(n)s minutes", mins) % {"n": mins})
    return " ".join(parts)


def leg_rows(report) -> list[dict]:
    from motcua.workflow.labels import LEG_OUTCOME_LABELS

    rows = []
    for item in report.legs:
        leg = item.leg
        rows.append(
            {
                "agency_name": leg.agency.name,
                "started_at": leg.started_at,
                "due_at": leg.due_at,
                "finished_at": leg.finished_at,
                "used": working_time(item.used_minutes),
                "budget": working_time(item.budget_minutes),
                "over": item.over,
                "outcome": LEG_OUTCOME_LABELS.get(leg.outcome, leg.outcome),
                "reason": leg.reason,
            }
        )
    return rows


def handover_note(task) -> str:
    """Return what the officer who handed the step over wrote.

    A forward keeps its note on the task it closes; a send-back or a
    transfer also puts the reason on the task it opens.
    """
    if task is None:
        return ""
    previous = task.previous if task.previous_id else None
    notes = [n.strip() for n in (previous.note if previous else "", task.note) if n]
    return "\n".join(dict.fromkeys(n for n in notes if n))


def panel(request, dossier) -> dict:
    """Return the context of the processing panel on the dossier page."""
    queries, _services = _workflow()
    task = queries.open_task(dossier)
    if task is not None:
        task.dossier = dossier
    actions = available_actions(task, request.user)
    return {
        "task": task,
        "handover_note": handover_note(task),
        "actions": [
            {"key": a, "label": action_label(a), "form": form_for(a, task)}
            for a in actions
        ],
        "legs": leg_rows(queries.progress(dossier)),
        "desk": desk_forms_allowed(dossier, request.user),
        "waiting": waiting_for_applicant(dossier),
        "now": timezone.now(),
    }
