"""Forms of the desk's online queue: the filter and the four decisions.

Each decision form carries the status the officer saw (``seen``): if the
dossier moved on meanwhile, the view refuses with the concurrency message
instead of applying the decision to a state the officer did not see.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_TEXT = 4000


class QueueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Code or applicant's name"), required=False, max_length=200
    )
    agency = forms.ChoiceField(label=_("Receiving agency"), required=False)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", _("All my agencies"))] + [
            (a.code, a.name) for a in agencies
        ]
        self.fields["agency"].error_messages["invalid_choice"] = _(
            "You are not a desk officer of this agency."
        )


class DecisionForm(forms.Form):
    seen = forms.CharField(widget=forms.HiddenInput, required=False)


class AcceptForm(DecisionForm):
    def __init__(self, *args, competent=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.competent = list(competent)
        if len(self.competent) > 1:
            self.fields["handling_agency"] = forms.ChoiceField(
                label=_("Agency competent to decide"),
                choices=[("", "—")] + [(a.code, a.name) for a in self.competent],
                error_messages={
                    "required": _("Choose the agency that decides."),
                    "invalid_choice": _("This agency does not decide this procedure."),
                },
            )

    def chosen_agency(self):
        code = self.cleaned_data.get("handling_agency")
        return next((a for a in self.competent if a.code == code), None)


class SupplementForm(DecisionForm):
    missing = forms.MultipleChoiceField(
        label=_("Papers to add or correct"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("A paper is not one of this procedure's.")},
    )
    other = forms.CharField(
        label=_("Other papers (one per line)"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(
        label=_("What the applicant must do (the applicant reads it)"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["missing"].choices = [(str(d.pk), d.name) for d in documents]

    def clean(self):
        data = super().clean()
        items = [int(pk) for pk in data.get("missing", [])]
        items += [
            line.strip() for line in data.get("other", "").splitlines() if line.strip()
        ]
        if not items and not self.errors:
            self.add_error("missing", _("Tick the papers the applicant must add."))
        data["items"] = items
        return data


class RefuseForm(DecisionForm):
    reasons = forms.CharField(
        label=_("Reasons for the refusal (the applicant reads them)"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give the reasons for the refusal.")},
    )


class ExemptionForm(DecisionForm):
    verified = forms.TypedChoiceField(
        label=_("The exemption claimed"),
        choices=[
            ("yes", _("Verified: the applicant is exempt")),
            ("no", _("Not verified: the fees are due")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the exemption is verified.")},
    )
    note = forms.CharField(
        label=_("Note (kept in the dossier's trail)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
