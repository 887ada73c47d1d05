"""Forms of the processing actions: they parse what the officer typed, nothing more.

Each action of the workflow (claim, forward, send back, ...) has a small
form on the dossier page. Every form carries the task it was drawn for
(``task``) and the task's state when the page was drawn, so an action on a
page another officer has overtaken is refused with the concurrency message
rather than applied to a different step. The rules themselves (who may act,
what the step allows) belong to the workflow services.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.labels import DELIVERY_LABELS, STATUS_LABELS

from .forms import DATE_FORMATS, _date_field

MAX_TEXT = 4000
MAX_AMOUNT = 1_000_000_000


def _text(label, *, required=False, rows=3, max_length=MAX_TEXT):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class TaskForm(forms.Form):
    """The base of every action on a task: the task it was drawn for."""

    task = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, prefix_action: str = "", routes=None, **kwargs):
        kwargs.setdefault(
            "auto_id", f"id_{prefix_action}_%s" if prefix_action else "id_%s"
        )
        super().__init__(*args, **kwargs)
        self.routes = list(routes or [])
        if len(self.routes) > 1 and "to" not in self.fields:
            self.fields["to"] = route_field(self.routes)


def route_field(routes):
    """Return a required choice of the next step among a step's routes."""
    return forms.ChoiceField(
        label=_("Next step"),
        choices=[(r["to"], r["label"]) for r in routes],
        error_messages={
            "required": _("Choose the next step."),
            "invalid_choice": _("This step is not a way forward here."),
        },
    )


class ClaimForm(TaskForm):
    pass


class AssignForm(TaskForm):
    assignee = forms.ChoiceField(
        label=_("Colleague"),
        error_messages={
            "required": _("Choose the colleague who takes the dossier."),
            "invalid_choice": _("This colleague cannot take this step."),
        },
    )

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("Choose a colleague"))] + [
            (str(u.pk), str(u)) for u in staff
        ]


class ForwardForm(TaskForm):
    to = forms.ChoiceField(
        label=_("Next step"),
        required=False,
        error_messages={"invalid_choice": _("This step is not a way forward here.")},
    )
    assignee = forms.ChoiceField(
        label=_("Officer of the next step (optional)"),
        required=False,
        error_messages={"invalid_choice": _("This officer cannot take the next step.")},
    )
    note = _text(_("Note for the next step"), rows=2)

    def __init__(self, *args, routes=(), staff=(), **kwargs):
        super().__init__(*args, routes=routes, **kwargs)
        self.fields["to"].choices = [(r["to"], r["label"]) for r in self.routes]
        if len(self.routes) > 1:
            self.fields["to"].required = True
            self.fields["to"].error_messages["required"] = _("Choose the next step.")
        self.fields["assignee"].choices = [("", _("Anyone with the role"))] + [
            (str(u.pk), str(u)) for u in staff
        ]


class SendBackForm(TaskForm):
    reason = _text(_("Why it is sent back"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _(
            "Say why the dossier is sent back."
        )


class SupplementForm(TaskForm):
    reason = _text(_("Reason"), rows=2)
    items = _text(
        _(
            "Papers to add or correct (one per line; the applicant is told exactly this)"
        ),
        rows=4,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].required = True
        self.fields["items"].error_messages["required"] = _(
            "List what the applicant must add or correct."
        )

    def clean_items(self):
        items = _lines(self.cleaned_data["items"])
        if not items:
            raise forms.ValidationError(
                _("List what the applicant must add or correct.")
            )
        return items


class FeesRequestForm(TaskForm):
    amount = forms.IntegerField(
        label=_("Amount to pay (VND)"),
        min_value=1,
        max_value=MAX_AMOUNT,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter the amount the applicant must pay."),
            "invalid": _("Enter the amount in whole đồng, e.g. 50000."),
            "min_value": _("The amount must be more than 0."),
        },
    )
    reason = _text(_("What the fees are for"), rows=2)


class StopForm(TaskForm):
    reasons = _text(_("Reasons for stopping (one per line)"), rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reasons"].required = True
        self.fields["reasons"].error_messages["required"] = _(
            "Give the reasons for stopping the processing."
        )


class ApproveForm(TaskForm):
    note = _text(_("Note (optional)"), rows=2)


class SignForm(TaskForm):
    pass


class IssueForm(TaskForm):
    pass


DELIVERY_CHOICES = [(m, DELIVERY_LABELS[m]) for m in ("desk", "post", "electronic")]


class ReturnResultForm(TaskForm):
    method = forms.ChoiceField(
        label=_("How the result is handed over"),
        choices=DELIVERY_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the result is handed over.")},
    )
    receiver_name = forms.CharField(
        label=_("Received by (full name)"), max_length=250, required=False
    )
    receiver_personal_id = forms.CharField(
        label=_("Their personal ID number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    id_checked = forms.BooleanField(
        label=_("I checked their identity paper"), required=False
    )
    postal_operator = forms.CharField(
        label=_("Postal operator"), max_length=120, required=False
    )
    waybill = forms.CharField(label=_("Waybill number"), max_length=60, required=False)
    address = forms.CharField(
        label=_("Delivery address"), max_length=300, required=False
    )

    def clean(self):
        data = super().clean()
        method = data.get("method")
        if method == "desk":
            if not (data.get("receiver_name") or "").strip():
                self.add_error("receiver_name", _("Write who received the result."))
            if not data.get("id_checked"):
                self.add_error(
                    "id_checked",
                    _("Check the receiver's identity paper before handing over."),
                )
        elif method == "post":
            if not (data.get("postal_operator") or "").strip():
                self.add_error("postal_operator", _("Write the postal operator."))
            if not (data.get("waybill") or "").strip():
                self.add_error("waybill", _("Write the waybill number."))
        return data


class TransferForm(TaskForm):
    to_agency = forms.ChoiceField(
        label=_("Agency to transfer to"),
        error_messages={
            "required": _("Choose the agency that takes its part."),
            "invalid_choice": _("This agency cannot take this dossier."),
        },
    )
    note = _text(_("Note for that agency"), rows=2)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].choices = [("", _("Choose an agency"))] + [
            (a.code, a.name) for a in agencies
        ]


class CompleteTransferForm(TaskForm):
    note = _text(_("Note for the sending agency (optional)"), rows=2)


class ReturnTransferForm(TaskForm):
    reason = _text(_("Why the dossier is returned"), rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = True
        self.fields["reason"].error_messages["required"] = _(
            "Say why the dossier is returned to the sending agency."
        )


class RecordSupplementForm(forms.Form):
    """The desk records the papers the applicant brought back."""

    note = _text(_("What the applicant brought"), rows=3)
    files = forms.FileField(
        label=_("Scanned papers (PDF, JPEG or PNG; optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_supplement_%s")
        super().__init__(*args, **kwargs)
        self.fields["files"].widget.allow_multiple_selected = True
        self.fields["files"].widget.attrs["multiple"] = True


class RecordFeesForm(forms.Form):
    amount = forms.IntegerField(
        label=_("Amount paid (VND)"),
        min_value=1,
        max_value=MAX_AMOUNT,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter the amount paid."),
            "invalid": _("Enter the amount in whole đồng, e.g. 50000."),
            "min_value": _("The amount must be more than 0."),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_fees_%s")
        super().__init__(*args, **kwargs)


# The form of each action, by the action's value in the URL.
ACTION_FORMS = {
    "claim": ClaimForm,
    "assign": AssignForm,
    "forward": ForwardForm,
    "send_back": SendBackForm,
    "request_supplement": SupplementForm,
    "request_fees": FeesRequestForm,
    "stop": StopForm,
    "approve": ApproveForm,
    "sign": SignForm,
    "issue": IssueForm,
    "return_result": ReturnResultForm,
    "transfer": TransferForm,
    "complete_transfer": CompleteTransferForm,
    "return_transfer": ReturnTransferForm,
}


URGENCY_CHOICES = [
    ("", _("Any urgency")),
    ("late", _("Late")),
    ("due_today", _("Due today")),
    ("due_soon", _("Due within 2 working days")),
    ("later", _("Later")),
]


class InboxFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Code, applicant's name or ID number"),
        required=False,
        max_length=200,
    )
    thu_tuc = forms.ChoiceField(label=_("Procedure"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses"))]
        + [(s.value, label) for s, label in STATUS_LABELS.items()],
    )
    muc_do = forms.ChoiceField(
        label=_("Urgency"), required=False, choices=URGENCY_CHOICES
    )
    tu = _date_field(_("Received from (dd/mm/yyyy)"))
    den = _date_field(_("Received until (dd/mm/yyyy)"))

    def __init__(self, *args, procedures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thu_tuc"].choices = [("", _("All procedures"))] + [
            (str(pk), name) for pk, name in procedures
        ]

    def clean(self):
        data = super().clean()
        if data.get("tu") and data.get("den") and data["tu"] > data["den"]:
            self.add_error("den", _("The end date must not be before the start date."))
        return data


__all__ = ["ACTION_FORMS", "DATE_FORMATS", "InboxFilterForm"]
