"""The decisions behind catalog changes, and the rules they can break.

The forms ask for the decision (quyết định công bố) on the confirmation
pages of ``versioning``; ``explain`` shows a broken catalog rule in the
reader's language.
"""

import re

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..domain import CatalogRuleBroken, VersionStatus
from ..models import Procedure, ProcedureVersion
from ..services import Decision

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

# The services state their rules in English for logs and tests; the admin
# shows them in the reader's language.
_RULES = [
    (
        re.compile(r"version (?P<number>\d+) is already published"),
        _("Version %(number)s is already published; draft an amendment to change it."),
    ),
    (
        re.compile(r"the procedure already has a draft; edit that one"),
        _("The procedure already has a draft version; edit that one."),
    ),
    (
        re.compile(r"the procedure has no version to amend"),
        _("The procedure has no version to amend."),
    ),
    (
        re.compile(r"a procedure cannot replace itself; amend it instead"),
        _("A procedure cannot replace itself; draft an amendment instead."),
    ),
    (
        re.compile(
            r"version (?P<number>\d+) already takes effect on (?P<date>\S+); "
            r"a new version must start later"
        ),
        _(
            "Version %(number)s already takes effect on %(date)s; the new "
            "version must take effect later."
        ),
    ),
    (
        re.compile(r"a procedure with no published version cannot be abolished"),
        _("A procedure with no published version cannot be abolished."),
    ),
    (
        re.compile(r"the procedure is no longer in force on that date"),
        _("The procedure is no longer in force on that date."),
    ),
    (
        re.compile(
            r"a version takes effect on or after that date; "
            r"abolish it from a later date"
        ),
        _(
            "A version takes effect on or after that date; choose a later "
            "effective date."
        ),
    ),
]


def explain(error: CatalogRuleBroken) -> str:
    """Return the broken rule in the reader's language."""
    text = str(error)
    for pattern, message in _RULES:
        match = pattern.fullmatch(text)
        if match:
            return message % match.groupdict()
    return gettext("The catalog refused the change: %(reason)s") % {"reason": text}


def day(value) -> str:
    """Format a date as dd/mm/yyyy, the way Vietnamese documents write it."""
    return value.strftime("%d/%m/%Y") if value else ""


def _date_field(label, *, required=True):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=AdminDateWidget(format="%d/%m/%Y"),
        help_text=_("dd/mm/yyyy"),
    )


class DecisionForm(forms.Form):
    """The decision (quyết định công bố) that makes a catalog change law."""

    number = forms.CharField(label=capfirst(_("decision number")), max_length=100)
    signed_on = _date_field(capfirst(_("signed on")))
    issuer = forms.CharField(label=capfirst(_("issued by")), max_length=250)
    effective_from = _date_field(capfirst(_("in force from")))

    def clean(self):
        cleaned = super().clean()
        signed_on, effective_from = (
            cleaned.get("signed_on"),
            cleaned.get("effective_from"),
        )
        if signed_on and effective_from and effective_from < signed_on:
            self.add_error(
                "effective_from",
                _("A decision cannot take effect before it is signed."),
            )
        return cleaned

    def decision(self) -> Decision:
        data = self.cleaned_data
        return Decision(
            effective_from=data["effective_from"],
            number=data["number"].strip(),
            signed_on=data["signed_on"],
            issuer=data["issuer"].strip(),
        )


class ReplacementForm(DecisionForm):
    replacement = forms.ModelChoiceField(
        label=capfirst(_("replacing version")),
        queryset=ProcedureVersion.objects.none(),
        help_text=_(
            "A draft version of another procedure, published by this decision."
        ),
    )
    field_order = ["replacement", "number", "signed_on", "issuer", "effective_from"]

    def __init__(self, *args, procedure: Procedure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replacement"].queryset = (
            ProcedureVersion.objects.filter(status=VersionStatus.DRAFT.value)
            .exclude(procedure=procedure)
            .select_related("procedure")
            .order_by("procedure__code")
        )


class ConfirmationForm(forms.Form):
    """Nothing to fill in: the page only asks to confirm."""
