from django.urls import include, path

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"
    ),
    path("v1/", include("motcua.api.v1.urls")),
    path("v1/", include("motcua.api.v1.exchange_urls")),
]
