"""Admin of the fields (lĩnh vực) procedures belong to."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from motcua.accounts.admin import FoldedSearchMixin

from ..models import Field
from .access import CatalogAccessMixin


@admin.register(Field)
class FieldAdmin(CatalogAccessMixin, FoldedSearchMixin, admin.ModelAdmin):
    list_display = ("code", "name", "version_count")
    search_fields = ("code",)
    fields = ("code", "name")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(version_count=Count("versions"))

    @admin.display(description=_("versions"), ordering="version_count")
    def version_count(self, obj):
        return obj.version_count
