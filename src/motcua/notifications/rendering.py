"""Render message templates in a sandboxed Django template engine.

The engine has no loaders (``{% include %}`` and ``{% extends %}`` cannot
read files) and no autoescaping (messages are plain text). Context values
are strings given by the caller.
"""

import re

from django.template import Context, Engine, TemplateSyntaxError
from django.utils.translation import gettext as _

from .kinds import KINDS

ENGINE = Engine(loaders=[], autoescape=False, libraries={}, debug=False)
_FORBIDDEN_TAGS = re.compile(r"{%\s*(include|extends|load|debug|ssi)\b")
_VARIABLE = re.compile(r"{{\s*([A-Za-z_][A-Za-z0-9_]*)")
_BOUND = re.compile(r"{%\s*(?:for\s+([\w\s,]+?)\s+in|with\s+(\w+)=)")


def render_text(source: str, context: dict) -> str:
    plain = {key: "" if value is None else str(value) for key, value in context.items()}
    return ENGINE.from_string(source).render(Context(plain, autoescape=False)).strip()


def template_errors(kind: str, source: str) -> list[str]:
    """Return what is wrong with ``source`` as a template of ``kind``."""
    errors = []
    if _FORBIDDEN_TAGS.search(source):
        errors.append(_("The tags include, extends, load and debug are not allowed."))
        return errors
    try:
        ENGINE.from_string(source)
    except TemplateSyntaxError as error:
        errors.append(_("Template syntax error: %(error)s") % {"error": error})
        return errors
    allowed = set(KINDS.get(kind, {}).get("context", {})) | {"forloop"}
    for names, single in _BOUND.findall(source):
        allowed |= {n.strip() for n in (names or single).split(",") if n.strip()}
    unknown = sorted({name for name in _VARIABLE.findall(source)} - allowed)
    if unknown:
        errors.append(
            _("Unknown names: %(names)s. Available: %(allowed)s.")
            % {"names": ", ".join(unknown), "allowed": ", ".join(sorted(allowed))}
        )
    return errors
