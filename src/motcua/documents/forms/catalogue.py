"""Which forms each rule set prescribes, under which number and title.

Decree 61/2018 with Circular 01/2018/TT-VPCP numbered its forms 01–06;
Decree 118/2025 with Circular 03/2025/TT-VPCP inserted the stop notice as
form 05, so the control slip became 06 and the register 07. A dossier keeps
the rule set in force on the day it was received, and so do its forms.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class UnknownForm(ValueError):
    """The rule set does not prescribe the requested form."""


@dataclass(frozen=True)
class FormSpec:
    number: str
    title: Promise


@dataclass(frozen=True)
class RuleSetForms:
    code: str
    circular: str
    # The name the decree gives the desk that receives dossiers.
    desk_name: Promise
    forms: dict[str, FormSpec]


RECEIPT = _("Receipt of dossier and appointment for the result")
SUPPLEMENT = _("Request to supplement and complete the dossier")
REFUSAL = _("Refusal to receive the dossier for processing")
CONTROL_SLIP = _("Slip controlling the processing of the dossier")
REGISTER = _("Register of dossiers")

CATALOGUE = {
    "nd61-2018": RuleSetForms(
        code="nd61-2018",
        circular="01/2018/TT-VPCP",
        desk_name=_("Reception and result delivery section"),
        forms={
            "receipt": FormSpec("01", RECEIPT),
            "supplement_request": FormSpec("02", SUPPLEMENT),
            "refusal": FormSpec("03", REFUSAL),
            "apology": FormSpec("04", _("Apology and new appointment for the result")),
            "control_slip": FormSpec("05", CONTROL_SLIP),
            "register": FormSpec("06", REGISTER),
        },
    ),
    "nd118-2025": RuleSetForms(
        code="nd118-2025",
        circular="03/2025/TT-VPCP",
        desk_name=_("One-stop section"),
        forms={
            "receipt": FormSpec("01", RECEIPT),
            "supplement_request": FormSpec("02", SUPPLEMENT),
            "refusal": FormSpec("03", REFUSAL),
            "apology": FormSpec(
                "04", _("Apology and request to extend the processing time")
            ),
            "stop_notice": FormSpec("05", _("Notice of stopping the processing")),
            "control_slip": FormSpec("06", CONTROL_SLIP),
            "register": FormSpec("07", REGISTER),
        },
    ),
}


def rule_set_forms(rule_set_code: str) -> RuleSetForms:
    try:
        return CATALOGUE[rule_set_code]
    except KeyError:
        raise UnknownForm(
            _("Unknown rule set “%(code)s”.") % {"code": rule_set_code}
        ) from None


def form_spec(rule_set_code: str, form_key: str) -> FormSpec:
    """Return the number and title of a form, or raise ``UnknownForm``."""
    forms = rule_set_forms(rule_set_code)
    try:
        return forms.forms[form_key]
    except KeyError:
        raise UnknownForm(
            _("The rule set %(rule_set)s has no form “%(form)s”.")
            % {"rule_set": rule_set_code, "form": form_key}
        ) from None
