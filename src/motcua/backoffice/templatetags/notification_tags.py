"""The delivery status of a dossier's messages, on the dossier page."""

from django import template

register = template.Library()
SHOWN = 20


@register.simple_tag(takes_context=True)
def dossier_notices(context, dossier):
    """Return up to 20 latest messages about ``dossier``, and who may retry."""
    from motcua.dossiers.services.notices import dossier_messages

    from ..views.notifications import may_retry

    workplace = context.get("workplace")
    return {
        "rows": list(dossier_messages(dossier)[:SHOWN]),
        "may_retry": workplace is not None and may_retry(workplace),
    }
