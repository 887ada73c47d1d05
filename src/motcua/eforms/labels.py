"""The words people read about e-forms: error messages and widget names."""

from django.utils.translation import gettext_lazy as _

ERROR_MESSAGES = {
    "required": _("This information is required."),
    "type": _("Enter a value of the right kind."),
    "format": _("The value is not in the expected format."),
    "format_date": _("Enter a real date as dd/mm/yyyy, for example 31/12/2020."),
    "format_email": _("Enter a valid e-mail address."),
    "minLength": _("Enter at least %(limit)s characters."),
    "maxLength": _("Enter at most %(limit)s characters."),
    "pattern": _("The value is not in the expected form."),
    "enum": _("Choose one of the listed values."),
    "minimum": _("Enter a value of at least %(limit)s."),
    "maximum": _("Enter a value of at most %(limit)s."),
    "other": _("The value is not valid."),
}

PROBLEM_MESSAGES = {
    "schema_not_object": _("The schema must be a JSON object."),
    "schema_invalid": _("The schema is not a valid JSON Schema 2020-12: %(detail)s"),
    "schema_no_properties": _(
        'The schema must describe an object ("type": "object") with properties.'
    ),
    "bad_key": _(
        "Field key “%(detail)s” must use lowercase letters, digits and underscores."
    ),
    "layout_no_sections": _("The layout must be an object with a list of sections."),
    "section_shape": _("Each section must have a title and a list of fields."),
    "section_title": _("Each section needs a title."),
    "unknown_field": _("The layout names field “%(detail)s”, absent from the schema."),
    "field_twice": _("Field “%(detail)s” appears twice in the layout."),
    "unknown_widget": _("Unknown widget (%(detail)s)."),
    "widget_type": _("The widget does not fit the field's type (%(detail)s)."),
    "choices_missing": _("Field “%(detail)s” is a choice but has no enum values."),
    "bad_prefill": _("Field “%(detail)s” has an invalid prefill key."),
    "field_not_shown": _("Field “%(detail)s” is in the schema but not in the layout."),
}

CORRECT_LABEL = _("I want to correct this information")
PREFILLED_NOTE = _("Filled from the national population database.")
REQUIRED_NOTE = _("required")
PREVIEW_UNAVAILABLE = _("Correct the schema and layout to see the preview.")
