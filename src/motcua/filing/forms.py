"""The forms of the online filing steps (the portal's pages).

They only parse what the citizen typed; ``services.drafts`` decides and
stores, with the same checks the API gets.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.dossiers.labels import DELIVERY_LABELS
from motcua.eforms.domain import display_date, field_specs
from motcua.eforms.services import CORRECT_SUFFIX, EFormForm

from .models import Draft

YES, NO = "yes", "no"
YES_NO = [(YES, pgettext_lazy("answer", "Yes")), (NO, pgettext_lazy("answer", "No"))]


class EligibilityForm(forms.Form):
    """The receiving agency and one yes/no question per eligibility condition."""

    def __init__(self, *args, agencies, questions, draft: Draft, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        choices = [("", _("— choose the agency —"))] if len(agencies) > 1 else []
        self.fields["agency"] = forms.TypedChoiceField(
            label=_("Agency receiving the dossier"),
            choices=choices + [(str(a.pk), _agency_label(a)) for a in agencies],
            coerce=int,
            required=False,
            initial=draft.agency_id,
            help_text=_("The agency that receives and handles the dossier."),
        )
        for question in questions:
            answer = draft.eligibility.get(question.key)
            self.fields[f"q_{question.key}"] = forms.ChoiceField(
                label=question.text,
                choices=YES_NO,
                widget=forms.RadioSelect,
                required=False,
                initial=None if answer is None else (YES if answer else NO),
            )

    def answers(self) -> dict[str, bool | None]:
        values = {}
        for question in self.questions:
            raw = self.cleaned_data.get(f"q_{question.key}")
            values[question.key] = None if not raw else raw == YES
        return values


def _agency_label(agency) -> str:
    parent = agency.unit.parent.name_with_type if agency.unit.parent_id else ""
    return f"{agency.name} ({parent})" if parent else agency.name


class DraftEFormForm(EFormForm):
    """The e-form of a draft: its saved values, its corrections kept open."""

    def __init__(self, eform, draft: Draft, data=None):
        prefilled = dict(draft.prefilled)
        super().__init__(eform, data=data, prefilled=prefilled, locked=set(prefilled))
        self.kept_corrections = set(draft.corrected) & self.locked
        if data is None:
            widgets = {
                s["key"]: s.get("widget", "text") for s in field_specs(eform.layout)
            }
            for key, value in draft.form_data.items():
                if key not in widgets or value is None:
                    continue
                if key in self.locked and key not in self.kept_corrections:
                    continue
                self.initial[key] = (
                    display_date(value) if widgets[key] == "date" else value
                )
            for key in self.kept_corrections:
                self.initial[key + CORRECT_SUFFIX] = True

    def is_correcting(self, key: str) -> bool:
        if not self.is_bound:
            return key in self.kept_corrections
        return super().is_correcting(key)

    def corrections(self) -> set[str]:
        """Prefilled fields whose box is ticked (changed or not yet)."""
        return {key for key in self.locked if self.is_correcting(key)}


class UploadForm(forms.Form):
    document = forms.IntegerField(widget=forms.HiddenInput)
    file = forms.FileField(
        label=_("Choose a file"),
        help_text=_("PDF, JPEG or PNG; a photo taken with the phone will do."),
        error_messages={"required": _("Choose a file to attach.")},
    )


class DeliveryForm(forms.Form):
    delivery_method = forms.ChoiceField(
        label=_("How do you want to receive the result?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how to receive the result.")},
    )
    delivery_address = forms.CharField(
        label=_("Address to send the result to"),
        max_length=300,
        required=False,
        help_text=_("House number, street, hamlet, commune, district, province."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )

    def __init__(self, *args, methods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivery_method"].choices = [
            (method, DELIVERY_LABELS[method]) for method in methods
        ]


class PaymentForm(forms.Form):
    ONLINE, DESK = "online", "desk"
    fee_exemption = forms.CharField(
        label=_("Exemption or reduction you claim (if any)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For example: a person with a meritorious service to the revolution, "
            "a poor household. The desk checks the claim."
        ),
    )
    how = forms.ChoiceField(
        label=_("How will you pay?"),
        choices=[
            (ONLINE, _("Pay now online (VNPay: bank card, banking app, QR)")),
            (DESK, _("Pay at the desk when collecting the result")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )


class ReviewForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I declare that the information above is true and I am responsible "
            "before the law for it."
        ),
        error_messages={"required": _("Tick the declaration to submit.")},
    )


def form_summary(eform, data: dict) -> list[tuple[str, list[tuple[str, str]]]]:
    """Return the e-form's values as shown on the review: (section, rows)."""
    if eform is None:
        return []
    properties = eform.schema.get("properties", {})
    sections = []
    for section in eform.layout.get("sections", []):
        rows = []
        for spec in section["fields"]:
            key = spec["key"]
            value = data.get(key)
            widget = spec.get("widget", "text")
            if value in (None, ""):
                shown = ""
            elif widget == "date":
                shown = display_date(value)
            elif widget == "checkbox" or isinstance(value, bool):
                shown = str(YES_NO[0][1] if value else YES_NO[1][1])
            else:
                shown = str(spec.get("labels", {}).get(str(value), value))
            rows.append((properties.get(key, {}).get("title", key), shown))
        sections.append((section.get("title", ""), rows))
    return sections
