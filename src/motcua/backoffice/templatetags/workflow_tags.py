"""The processing panel of the dossier page and the inbox count in the nav."""

from django import template

register = template.Library()


@register.inclusion_tag("backoffice/_workflow.html", takes_context=True)
def workflow_panel(context, dossier):
    """Render the processing panel of ``dossier`` for the signed-in officer."""
    from ..views.processing import panel

    try:
        wf = panel(context["request"], dossier)
    except ImportError:  # the workflow engine is not installed yet
        wf = None
    return {
        "dossier": dossier,
        "wf": wf,
        "csrf_token": context.get("csrf_token"),
        "request": context["request"],
    }


@register.simple_tag(takes_context=True)
def inbox_count(context) -> int:
    """How many steps wait for the officer in the current agency (nav badge)."""
    request = context.get("request")
    workplace = context.get("workplace")
    if request is None or workplace is None or workplace.agency is None:
        return 0
    cached = getattr(request, "_motcua_inbox_count", None)
    if cached is None:
        from ..views.inbox import waiting_count

        try:
            cached = waiting_count(request.user, workplace.agency)
        except ImportError:  # the workflow engine is not installed yet
            cached = 0
        request._motcua_inbox_count = cached
    return cached


@register.simple_tag(takes_context=True)
def include_if_exists(context, name):
    """Render the partial ``name`` with the page's context, or nothing if absent.

    The dossier page includes the partials of other parts (results,
    lateness, notifications) that may not be installed yet.
    """
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    try:
        partial = get_template(name)
    except TemplateDoesNotExist:
        return ""
    return partial.render(context.flatten(), context.get("request"))
