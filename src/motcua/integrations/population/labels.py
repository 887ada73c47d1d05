"""Labels of the citizen fields and of their coded values (translatable)."""

from django.utils.translation import gettext_lazy as _

from .domain import FIELD_KEYS, MaritalStatus, Sex

FIELD_LABELS = {
    "personal_id": _("Personal identification number"),
    "full_name": _("Full name"),
    "birth_date": _("Date of birth"),
    "sex": _("Sex"),
    "birth_place": _("Place of birth registration"),
    "hometown": _("Home town"),
    "ethnicity": _("Ethnicity"),
    "religion": _("Religion"),
    "nationality": _("Nationality"),
    "marital_status": _("Marital status"),
    "permanent_address": _("Permanent residence"),
    "current_address": _("Current residence"),
    "household_head_name": _("Head of household"),
    "relation_to_head": _("Relation to the head of household"),
    "father_name": _("Father's full name"),
    "father_id": _("Father's personal identification number"),
    "mother_name": _("Mother's full name"),
    "mother_id": _("Mother's personal identification number"),
    "spouse_name": _("Spouse's full name"),
    "spouse_id": _("Spouse's personal identification number"),
}
assert tuple(FIELD_LABELS) == FIELD_KEYS

SEX_LABELS = {Sex.MALE: _("Male"), Sex.FEMALE: _("Female")}

MARITAL_LABELS = {
    MaritalStatus.SINGLE: _("Single"),
    MaritalStatus.MARRIED: _("Married"),
    MaritalStatus.DIVORCED: _("Divorced"),
    MaritalStatus.WIDOWED: _("Widowed"),
}
