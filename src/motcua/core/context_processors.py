from django.conf import settings


def site(request):
    """Expose the installation's name to every template."""
    return {"site_name": settings.MOTCUA_SITE_NAME}
