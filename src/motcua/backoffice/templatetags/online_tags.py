"""The count of online dossiers waiting for the desk, in the navigation."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def online_queue_count(context) -> int:
    """How many online dossiers wait for the answer of the officer's desks."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return 0
    cached = getattr(request, "_motcua_online_count", None)
    if cached is None:
        from motcua.filing.queue import online_queue

        cached = online_queue(request.user).count()
        request._motcua_online_count = cached
    return cached
