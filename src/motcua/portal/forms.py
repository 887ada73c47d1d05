"""Input of the public catalog: every value is checked, none is trusted."""

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from motcua.citizens.domain import RepresentationRole, parse_contact
from motcua.citizens.models import LANGUAGE_CHOICES, ROLE_LABELS
from motcua.citizens.services import find_local_user

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


# -- citizens' accounts ------------------------------------------------------


class ContactField(forms.CharField):
    """A mobile phone number or an e-mail; cleans to ("phone"|"email", value)."""

    def clean(self, value):
        value = super().clean(value)
        parsed = parse_contact(value)
        if parsed is None:
            raise forms.ValidationError(
                _(
                    "Enter a mobile phone number (for example 0912345678) or an e-mail address."
                )
            )
        return parsed


class SignInForm(forms.Form):
    contact = ContactField(label=_("Phone number or e-mail"), max_length=254)
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput, max_length=128
    )


class NewPasswordForm(forms.Form):
    """A password typed twice, checked by the site's password rules."""

    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput,
        max_length=128,
        help_text=_("At least 8 characters, not only digits."),
    )
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput, max_length=128
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        elif data.get("password"):
            try:
                validate_password(data["password"], self.user)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class RegisterForm(NewPasswordForm):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    contact = ContactField(label=_("Phone number or e-mail"), max_length=254)
    field_order = ["full_name", "contact", "password", "password2"]

    def clean(self):
        data = super().clean()
        contact = data.get("contact")
        if contact and find_local_user(*contact) is not None:
            self.add_error(
                "contact",
                _(
                    "An account with this phone number or e-mail exists: sign in instead."
                ),
            )
        return data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("One-time code"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}
        ),
    )


class ResetRequestForm(forms.Form):
    contact = ContactField(
        label=_("Phone number or e-mail"),
        max_length=254,
        help_text=_("The phone number or e-mail you registered with."),
    )


class PreferencesForm(forms.Form):
    """How the citizen wants to hear about their dossiers."""

    notify_sms = forms.BooleanField(label=_("By SMS"), required=False)
    notify_email = forms.BooleanField(label=_("By e-mail"), required=False)
    language = forms.ChoiceField(
        label=_("Language of the notices"),
        choices=LANGUAGE_CHOICES,
        error_messages={"invalid_choice": _("Choose Vietnamese or English.")},
    )


class OrganisationForm(forms.Form):
    """An organisation the person says they represent, for staff to verify."""

    tax_code = forms.CharField(
        label=_("Tax code"),
        max_length=20,
        help_text=_("10 digits, or 13 for a branch, e.g. 0312345678-001."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    name = forms.CharField(label=_("Name of the organisation"), max_length=200)
    role = forms.ChoiceField(
        label=_("Your role"),
        choices=[(role.value, ROLE_LABELS[role]) for role in RepresentationRole],
        error_messages={"invalid_choice": _("Choose your role in the organisation.")},
    )
