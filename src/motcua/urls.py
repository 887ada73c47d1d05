from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from motcua.core.views import health

urlpatterns = [
    path("healthz/", health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("motcua.api.urls")),
    path("can-bo/", include("motcua.backoffice.urls")),
    path("", include("motcua.portal.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "motcua.core.views.page_not_found"
