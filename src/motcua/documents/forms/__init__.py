"""The official forms of the one-stop desk (Circulars 01/2018 and 03/2025).

``render_form(FormContext) -> bytes`` prints a form to PDF;
``register.register_xlsx(...)`` exports the register of dossiers.
"""

from .catalogue import UnknownForm, form_spec
from .context import AgencyHeader, ControlRow, DocumentLine, FormContext
from .render import render_form

__all__ = [
    "AgencyHeader",
    "ControlRow",
    "DocumentLine",
    "FormContext",
    "UnknownForm",
    "form_spec",
    "render_form",
]
