"""Delivery status of the e-mails and SMS sent about the agency's dossiers.

Officers see the messages of dossiers received or handled by their
current agency, filter them, and put a failed or given-up message back in
the queue. A message of another agency's dossier does not exist for them
(404).
"""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from motcua.accounts.domain import Role
from motcua.dossiers.services.notices import agency_messages
from motcua.notifications.domain import RETRYABLE_BY_STAFF
from motcua.notifications.kinds import kind_choices
from motcua.notifications.models import CHANNEL_CHOICES, STATE_CHOICES
from motcua.notifications.services import retry_message

from .access import forbidden, officer_required

PAGE_SIZE = 30
# Monitors only read; every other role may ask for a message to be sent again.
RETRYING_ROLES = {r.value for r in Role} - {Role.MONITOR.value}


class MessageFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Dossier code or recipient"),
        required=False,
        max_length=100,
    )
    state = forms.ChoiceField(
        label=gettext_lazy("Delivery state"),
        required=False,
        choices=[("", gettext_lazy("All states")), *STATE_CHOICES],
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("Channel"),
        required=False,
        choices=[("", gettext_lazy("E-mail and SMS")), *CHANNEL_CHOICES],
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Message"),
        required=False,
        choices=lambda: [("", gettext_lazy("All messages")), *kind_choices()],
    )


def may_retry(workplace) -> bool:
    return bool(workplace.roles & RETRYING_ROLES)


def _filtered(agency, values):
    rows = agency_messages([agency.pk])
    query = (values.get("q") or "").strip()
    if query:
        rows = rows.filter(subject_ref__istartswith=query) | rows.filter(
            recipient__icontains=query
        )
    for name in ("state", "channel", "kind"):
        if values.get(name):
            rows = rows.filter(**{name: values[name]})
    return rows


@require_GET
@officer_required()
def message_list(request):
    form = MessageFilterForm(request.GET)
    values = form.cleaned_data if form.is_valid() else {}
    paginator = Paginator(_filtered(request.workplace.agency, values), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "backoffice/notifications.html",
        {
            "workplace": request.workplace,
            "current": "notifications",
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "may_retry": may_retry(request.workplace),
            "retryable": [s.value for s in RETRYABLE_BY_STAFF],
        },
    )


@require_POST
@officer_required()
def message_retry(request, message_id: int):
    if not may_retry(request.workplace):
        return forbidden(request)
    message = (
        agency_messages([request.workplace.agency.pk]).filter(pk=message_id).first()
    )
    if message is None:
        raise Http404(_("No such message for your agency."))
    if retry_message(message):
        messages.success(
            request,
            _("The message to %(recipient)s is queued to be sent again.")
            % {"recipient": message.recipient},
        )
    else:
        messages.error(
            request,
            _("Only a failed or given-up message can be sent again."),
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "backoffice:notifications"
    return redirect(target)
