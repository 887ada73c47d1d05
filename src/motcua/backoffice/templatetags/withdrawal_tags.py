"""The panel of a citizen's withdrawal request on the dossier page."""

from django import template

register = template.Library()


@register.inclusion_tag("backoffice/withdrawal_panel.html", takes_context=True)
def withdrawal_panel(context, dossier):
    """Render the request to withdraw ``dossier`` and, if allowed, the answer."""
    from ..views.withdrawal import panel_context

    request = context["request"]
    return {
        "dossier": dossier,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        **panel_context(dossier, request.user),
    }
