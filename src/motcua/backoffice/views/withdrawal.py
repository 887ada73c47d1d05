"""The agency's answer to a citizen's request to withdraw a dossier (status 7).

The citizen asks from the portal (``filing.services.request_withdrawal``)
and gives a reason. The dossier page shows that request in a panel; the
officer holding the dossier's open task, or a leader of the handling
agency (``workflow.services.can_decide_withdrawal``), accepts it — the
dossier stops — or refuses it with reasons, and processing goes on. The
panel posts to this page, which also shows the request and the form on
its own. A refusal by the service comes back as a message on the page,
never as an error page.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods

from motcua.dossiers.domain import Action, IllegalTransition, Status
from motcua.dossiers.services.lifecycle import describe
from motcua.workflow.queries import dossier_for_staff

from .access import officer_required

ACCEPT = "accept"
REFUSE = "refuse"
NOTE_MAX = 2000


class WithdrawalDecisionForm(forms.Form):
    """Accept or refuse; the reasons are required to refuse."""

    decision = forms.ChoiceField(
        label=gettext_lazy("Answer to the request"),
        choices=[
            (ACCEPT, pgettext_lazy("withdrawal", "Accept")),
            (REFUSE, pgettext_lazy("withdrawal", "Refuse")),
        ],
        error_messages={"required": gettext_lazy("Choose to accept or to refuse.")},
    )
    note = forms.CharField(
        label=gettext_lazy("Reasons (required to refuse)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": gettext_lazy("Keep the reasons under 2,000 characters.")
        },
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == REFUSE and not (data.get("note") or "").strip():
            self.add_error("note", _("Give the reasons for refusing the withdrawal."))
        return data


def withdrawal_request(dossier) -> dict | None:
    """Return the applicant's withdrawal request waiting for an answer, if any.

    Its reason, moment and author come from the latest
    ``request_withdrawal`` event of the dossier's trail.
    """
    if dossier.status != Status.WITHDRAWAL_REQUESTED:
        return None
    event = (
        dossier.events.filter(action=Action.REQUEST_WITHDRAWAL)
        .order_by("-sequence")
        .first()
    )
    return {
        "reason": event.reason if event else "",
        "at": event.at if event else None,
        "by": event.actor_name if event else "",
    }


def may_decide(dossier, user) -> bool:
    from motcua.workflow.services import can_decide_withdrawal

    return can_decide_withdrawal(dossier, user)


def panel_context(dossier, user) -> dict:
    """Return what the dossier page's withdrawal panel shows (empty: no request)."""
    request = withdrawal_request(dossier)
    if request is None:
        return {}
    return {
        "withdrawal": request,
        "withdrawal_may_decide": may_decide(dossier, user),
        "withdrawal_form": WithdrawalDecisionForm(auto_id="id_wd_%s"),
    }


def _page(request, dossier, form, *, problems=(), status=200):
    context = {
        "workplace": request.workplace,
        "dossier": dossier,
        "form": form,
        "problems": list(problems),
        **panel_context(dossier, request.user),
    }
    context["withdrawal_form"] = form
    return render(request, "backoffice/withdrawal.html", context, status=status)


def _messages(error) -> list[str]:
    if isinstance(error, IllegalTransition):
        return [describe(error)]
    return [str(m) for m in getattr(error, "messages", [error])]


@require_http_methods(["GET", "POST"])
@officer_required()
def withdrawal(request, code):
    """Show (GET) or answer (POST) the applicant's request to withdraw."""
    from motcua.workflow.services import decide_withdrawal

    dossier = dossier_for_staff(code, request.user)
    if dossier is None:
        raise Http404
    if request.method == "GET":
        return _page(request, dossier, WithdrawalDecisionForm(auto_id="id_wd_%s"))
    form = WithdrawalDecisionForm(request.POST, auto_id="id_wd_%s")
    if not form.is_valid():
        return _page(request, dossier, form, status=400)
    accept = form.cleaned_data["decision"] == ACCEPT
    try:
        decide_withdrawal(
            dossier,
            user=request.user,
            accept=accept,
            note=form.cleaned_data["note"],
        )
    except (ValidationError, IllegalTransition) as error:
        dossier.refresh_from_db()
        return _page(
            request,
            dossier,
            form,
            problems=_messages(error),
            status=409 if isinstance(error, IllegalTransition) else 400,
        )
    messages.success(
        request,
        _("The withdrawal was accepted; the processing of the dossier stopped.")
        if accept
        else _("The withdrawal was refused; the processing goes on."),
    )
    return redirect("backoffice:dossier", code=dossier.code)
