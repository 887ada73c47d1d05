"""Labels of the citizen fields and of their coded values (translatable)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .domain import FIELD_KEYS, MaritalStatus, Sex

# Their own context ("population database field"): a field name such as "Full name" is worded by the
# population database here and must not replace the wording of the desk's
# and the portal's forms (the first catalog with a msgid wins site-wide).
FIELD_LABELS = {
    "personal_id": pgettext_lazy(
        "population database field", "Personal identification number"
    ),
    "full_name": pgettext_lazy("population database field", "Full name"),
    "birth_date": pgettext_lazy("population database field", "Date of birth"),
    "sex": pgettext_lazy("population database field", "Sex"),
    "birth_place": pgettext_lazy(
        "population database field", "Place of birth registration"
    ),
    "hometown": pgettext_lazy("population database field", "Home town"),
    "ethnicity": pgettext_lazy("population database field", "Ethnicity"),
    "religion": pgettext_lazy("population database field", "Religion"),
    "nationality": pgettext_lazy("population database field", "Nationality"),
    "marital_status": pgettext_lazy("population database field", "Marital status"),
    "permanent_address": pgettext_lazy(
        "population database field", "Permanent residence"
    ),
    "current_address": pgettext_lazy("population database field", "Current residence"),
    "household_head_name": pgettext_lazy(
        "population database field", "Head of household"
    ),
    "relation_to_head": pgettext_lazy(
        "population database field", "Relation to the head of household"
    ),
    "father_name": pgettext_lazy("population database field", "Father's full name"),
    "father_id": pgettext_lazy(
        "population database field", "Father's personal identification number"
    ),
    "mother_name": pgettext_lazy("population database field", "Mother's full name"),
    "mother_id": pgettext_lazy(
        "population database field", "Mother's personal identification number"
    ),
    "spouse_name": pgettext_lazy("population database field", "Spouse's full name"),
    "spouse_id": pgettext_lazy(
        "population database field", "Spouse's personal identification number"
    ),
}
assert tuple(FIELD_LABELS) == FIELD_KEYS

SEX_LABELS = {Sex.MALE: _("Male"), Sex.FEMALE: _("Female")}

MARITAL_LABELS = {
    MaritalStatus.SINGLE: _("Single"),
    MaritalStatus.MARRIED: _("Married"),
    MaritalStatus.DIVORCED: _("Divorced"),
    MaritalStatus.WIDOWED: _("Widowed"),
}
