"""The lateness panel of the dossier page: due times, the apology, the slip."""

from django import template
from django.utils import timezone

register = template.Library()


@register.inclusion_tag("backoffice/lateness_panel.html", takes_context=True)
def lateness_panel(context, dossier):
    """Render the lateness panel of ``dossier`` for the signed-in officer."""
    from motcua.deadlines.services import calendar_for, local_aware, local_naive
    from motcua.dossiers.services.forms import available_forms
    from motcua.workflow.domain.lateness import RiskLevel, apology_deadline, risk_level
    from motcua.workflow.services.lateness import (
        OPEN_STATUSES,
        apology_of,
        can_issue_apology,
    )
    from motcua.workflow.services.slip import control_slip_number

    from ..views.lateness import ApologyForm

    request = context["request"]
    now = timezone.now()
    issued = apology_of(dossier)
    is_open = dossier.status in OPEN_STATUSES
    level = deadline = None
    if dossier.due_at is not None and is_open:
        calendar = calendar_for(dossier.handling_agency)
        due = local_naive(dossier.extended_due_at or dossier.due_at)
        level = risk_level(due, local_naive(now), calendar)
        deadline = local_aware(apology_deadline(local_naive(dossier.due_at), calendar))
    forms = {f["key"]: f for f in available_forms(dossier)}
    return {
        "dossier": dossier,
        "apology": issued,
        "level": level.value if level else "",
        "late_level": RiskLevel.LATE.value,
        "deadline": deadline,
        "may_apologise": is_open
        and issued is None
        and dossier.due_at is not None
        and can_issue_apology(dossier, request.user),
        "form": ApologyForm(),
        "apology_form": forms.get("apology"),
        "stop_form": forms.get("stop_notice"),
        "slip_number": control_slip_number(dossier),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }


@register.filter
def handler(item) -> str:
    """Name who holds a dossier (or a step) now: the officer, or the role."""
    from motcua.workflow.board import handler_of, task_handler
    from motcua.workflow.models import DossierTask

    if isinstance(item, DossierTask):
        return task_handler(item)
    return handler_of(item)
