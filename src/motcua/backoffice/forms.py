"""Forms of the back office: they parse what the officer typed, nothing more.

The rules (a valid personal ID, every required paper received, a file's
real type) belong to the dossier services, which answer with messages per
field; the reception form only turns text into values and maps the
services' messages back onto its own fields.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.labels import DELIVERY_LABELS, STATUS_LABELS

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
MAX_COPIES = 99

# The services' keys ("applicant.personal_id") and the form's fields.
SERVICE_FIELDS = {
    "applicant.full_name": "full_name",
    "applicant.kind": "kind",
    "applicant.personal_id": "personal_id",
    "applicant.date_of_birth": "date_of_birth",
    "applicant.tax_code": "tax_code",
    "applicant.address": "address",
    "applicant.phone": "phone",
    "applicant.email": "email",
    "submitter.full_name": "submitter_name",
    "submitter.personal_id": "submitter_personal_id",
    "submitter.phone": "submitter_phone",
    "delivery.method": "delivery_method",
    "delivery.address": "delivery_address",
    "missing": "missing",
    "reasons": "reasons",
    "sets": "sets",
}
# Messages that concern a whole section rather than one field.
SECTION_KEYS = ("documents", "files")


def _date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(
            format="%d/%m/%Y",
            attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy"},
        ),
        error_messages={"invalid": _("Write the date as dd/mm/yyyy, e.g. 17/05/1990.")},
    )


class ProcedureSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find the procedure"), required=False, max_length=200, strip=True
    )


class ReceptionForm(forms.Form):
    """The desk's reception form for one procedure version."""

    OUTCOMES = ("receive", "incomplete", "refuse", "lookup")

    kind = forms.ChoiceField(
        label=_("The applicant is"),
        choices=[("person", _("A person")), ("organisation", _("An organisation"))],
        initial="person",
        widget=forms.RadioSelect,
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=250,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    personal_id = forms.CharField(
        label=_("Personal ID number (12 digits)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    date_of_birth = _date_field(_("Date of birth (dd/mm/yyyy)"))
    tax_code = forms.CharField(
        label=_("Tax code"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.CharField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "off"}),
    )
    submitter_name = forms.CharField(
        label=_("Full name of the authorised person"), max_length=250, required=False
    )
    submitter_personal_id = forms.CharField(
        label=_("Their personal ID number"), max_length=20, required=False
    )
    submitter_phone = forms.CharField(
        label=_("Their phone"), max_length=20, required=False
    )
    sets = forms.IntegerField(
        label=_("Number of sets"), min_value=1, max_value=MAX_COPIES, initial=1
    )
    delivery_method = forms.ChoiceField(
        label=_("How the result is returned"),
        widget=forms.RadioSelect,
        initial="desk",
        error_messages={
            "invalid_choice": _("This way of returning the result is not offered."),
            "required": _("Choose how the result is returned."),
        },
    )
    delivery_address = forms.CharField(
        label=_("Address to send the result to"), max_length=300, required=False
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    missing = forms.MultipleChoiceField(
        label=_("Papers missing or to be corrected"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_missing = forms.CharField(
        label=_("Other papers to add (one per line)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reasons = forms.CharField(
        label=_("Reasons for refusing (one per line)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, version, electronic: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.papers = list(version.documents.all())
        methods = ["desk", "post", *(["electronic"] if electronic else [])]
        self.fields["delivery_method"].choices = [
            (m, DELIVERY_LABELS[m]) for m in methods
        ]
        self.fields["missing"].choices = [(str(p.pk), p.name) for p in self.papers]
        self.section_errors: dict[str, list[str]] = {}
        for paper in self.papers:
            self.fields[f"doc_{paper.pk}"] = forms.BooleanField(
                label=paper.name, required=False
            )
            for name, label, default in (
                ("originals", _("Originals"), paper.originals),
                ("copies", _("Copies"), paper.copies),
            ):
                self.fields[f"doc_{paper.pk}_{name}"] = forms.IntegerField(
                    label=label,
                    min_value=0,
                    max_value=MAX_COPIES,
                    initial=default,
                    required=False,
                )

    def rows(self):
        """Yield each paper of the procedure with its bound fields."""
        for paper in self.papers:
            yield {
                "paper": paper,
                "received": self[f"doc_{paper.pk}"],
                "originals": self[f"doc_{paper.pk}_originals"],
                "copies": self[f"doc_{paper.pk}_copies"],
                "files_name": f"doc_{paper.pk}_files",
            }

    def ticked(self):
        """Return [(paper, originals, copies)] for the papers ticked received."""
        data = self.cleaned_data
        return [
            (
                paper,
                data.get(f"doc_{paper.pk}_originals") or 0,
                data.get(f"doc_{paper.pk}_copies") or 0,
            )
            for paper in self.papers
            if data.get(f"doc_{paper.pk}")
        ]

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        """Place the services' messages on the fields (or sections) they concern."""
        for key, messages in errors.items():
            field = SERVICE_FIELDS.get(key)
            for message in messages:
                if field in self.fields:
                    self.add_error(field, message)
                elif key in SECTION_KEYS:
                    self.section_errors.setdefault(key, []).append(message)
                else:
                    self.add_error(None, message)


class DossierFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Dossier code or applicant's name"), required=False, max_length=200
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses"))]
        + [(s.value, label) for s, label in STATUS_LABELS.items()],
    )
    tu = _date_field(_("Received from (dd/mm/yyyy)"))
    den = _date_field(_("Received until (dd/mm/yyyy)"))

    def clean(self):
        data = super().clean()
        if data.get("tu") and data.get("den") and data["tu"] > data["den"]:
            self.add_error("den", _("The end date must not be before the start date."))
        return data


class RegisterForm(forms.Form):
    tu = _date_field(_("From (dd/mm/yyyy)"))
    den = _date_field(_("Until (dd/mm/yyyy)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("tu", "den"):
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = _("Enter a date.")

    def clean(self):
        data = super().clean()
        start, end = data.get("tu"), data.get("den")
        if start and end:
            if start > end:
                self.add_error(
                    "den", _("The end date must not be before the start date.")
                )
            elif (end - start).days > 366:
                self.add_error("den", _("A register covers at most one year."))
        return data
