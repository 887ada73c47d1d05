"""Routes of catalog import and export, included at /api/v1/ in api/urls.py.

They live under ``catalog/`` rather than ``procedures/`` so that no
``procedures/<code>`` route can shadow them.
"""

from django.urls import path

from .exchange import CatalogExportApi, CatalogImportApi

urlpatterns = [
    path("catalog/export", CatalogExportApi.as_view(), name="catalog-export"),
    path("catalog/export/", CatalogExportApi.as_view(schema=None)),
    path("catalog/import", CatalogImportApi.as_view(), name="catalog-import"),
    path("catalog/import/", CatalogImportApi.as_view(schema=None)),
]
