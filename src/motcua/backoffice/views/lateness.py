"""Late and at-risk work: the leaders' board, the apology (form 04), the slip.

The board is for leaders (their agency) and monitors (their agency and all
below). The apology is written by the handling agency's leaders or the
officer holding the dossier; the service enforces the one new appointment.
"""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from motcua.documents.forms import UnknownForm
from motcua.workflow.board import board, board_scope
from motcua.workflow.queries import dossier_for_staff
from motcua.workflow.services import WorkflowError
from motcua.workflow.services.lateness import (
    appointment_on,
    can_issue_apology,
    issue_apology,
)
from motcua.workflow.services.slip import control_slip_number, control_slip_pdf

from .access import forbidden, officer_required


class ApologyForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the delay"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Printed on the letter to the applicant."),
        error_messages={"required": gettext_lazy("Give the reason for the delay.")},
    )
    new_date = forms.DateField(
        label=gettext_lazy("New appointment date"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": gettext_lazy("Choose the new appointment date."),
            "invalid": gettext_lazy("Enter a real date, for example 27/11/2026."),
        },
    )


def _dossier(request, code):
    dossier = dossier_for_staff(code, request.user)
    if dossier is None:
        raise Http404
    return dossier


@require_GET
@officer_required()
def lateness_board(request):
    place = request.workplace
    if not (place.has("leader") or place.has("monitor")):
        return forbidden(request, place)
    scope = board_scope(request.user, place.agency)
    chosen = None
    code = request.GET.get("co-quan", "")
    if code:
        chosen = next(
            (a for a in _scope_agencies(scope) if a.code == code),
            None,
        )
    data = board(scope, timezone.now(), agency=chosen)
    return render(
        request,
        "backoffice/lateness_board.html",
        {
            "workplace": place,
            "board": data,
            "chosen": chosen,
            "agencies": _scope_agencies(scope) if len(scope) > 1 else [],
        },
    )


def _scope_agencies(scope):
    from motcua.accounts.models import Agency

    return list(Agency.objects.filter(pk__in=scope).order_by("name"))


@require_http_methods(["GET", "POST"])
@officer_required()
def apology(request, code):
    """Issue the apology and new appointment (form 04) of one dossier."""
    dossier = _dossier(request, code)
    if not can_issue_apology(dossier, request.user):
        return forbidden(request)
    form = ApologyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new_due = appointment_on(
                form.cleaned_data["new_date"], dossier.handling_agency
            )
            issued = issue_apology(
                dossier,
                user=request.user,
                reason=form.cleaned_data["reason"],
                new_due_at=new_due,
            )
        except WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Apology %(number)s issued; new appointment %(date)s.")
                % {
                    "number": issued.number,
                    "date": timezone.localtime(issued.new_due_at).strftime(
                        "%H:%M %d/%m/%Y"
                    ),
                },
            )
            return redirect(reverse("backoffice:dossier", args=[dossier.code]))
    return render(
        request,
        "backoffice/lateness_apology.html",
        {"workplace": request.workplace, "dossier": dossier, "form": form},
        status=400 if form.errors else 200,
    )


@require_GET
@officer_required()
def control_slip(request, code):
    """Print the process-control slip (form 05, or 06 since 2025) as PDF."""
    dossier = _dossier(request, code)
    try:
        content = control_slip_pdf(dossier)
    except UnknownForm:
        raise Http404 from None
    response = HttpResponse(content, content_type="application/pdf")
    number = control_slip_number(dossier)
    disposition = "inline" if "xem" in request.GET else "attachment"
    response["Content-Disposition"] = (
        f'{disposition}; filename="mau-{number}-{dossier.code}.pdf"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
