from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults


def page_not_found(request, exception):
    """Answer API clients in JSON and people with the site's 404 page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def health(request):
    """Answer load balancers and monitors; touches neither the database nor the session."""
    return JsonResponse({"status": "ok"})
