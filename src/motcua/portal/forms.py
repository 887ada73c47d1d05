"""Input of the public catalog: every value is checked, none is trusted."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .labels import ONLINE_LEVEL_LABELS


class CatalogSearchForm(forms.Form):
    """The search box and filters of the catalog home (GET parameters).

    A bad value never fails the page: the view shows the error as a notice
    and searches without that value.
    """

    q = forms.CharField(
        label=_("Search procedures"),
        required=False,
        max_length=200,
        error_messages={
            "max_length": _(
                "The search text is too long (at most %(limit_value)d characters);"
                " it was ignored."
            ),
            "null_characters_not_allowed": _(
                "The search text contains characters that are not allowed;"
                " it was ignored."
            ),
        },
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        error_messages={
            "invalid_choice": _("There is no level “%(value)s”; all levels are shown.")
        },
    )
    field = forms.ChoiceField(
        label=_("Field"),
        required=False,
        error_messages={
            "invalid_choice": _(
                "There is no field “%(value)s” in the catalog; all fields are shown."
            )
        },
    )
    agency = forms.CharField(
        label=_("Agency"),
        required=False,
        max_length=250,
        help_text=_("Type part of the name or the identifier code."),
        error_messages={
            "max_length": _("The agency text is too long; it was ignored."),
            "null_characters_not_allowed": _(
                "The agency text contains characters that are not allowed;"
                " it was ignored."
            ),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    online_level = forms.ChoiceField(
        label=_("Online service"),
        required=False,
        choices=[("", _("All"))] + list(ONLINE_LEVEL_LABELS.items()),
        error_messages={
            "invalid_choice": _(
                "There is no online level “%(value)s”; all procedures are shown."
            )
        },
    )

    def __init__(self, data, *, levels, fields):
        super().__init__(data)
        self.fields["level"].choices = [("", _("All levels"))] + list(levels)
        self.fields["field"].choices = [("", _("All fields"))] + list(fields)

    def valid_values(self) -> dict:
        """Return the values that passed, "" for those that did not."""
        self.is_valid()
        return {name: self.cleaned_data.get(name, "") for name in self.fields}

    def notices(self) -> list[str]:
        """Return the messages of the values that were ignored."""
        return [str(error) for errors in self.errors.values() for error in errors]
