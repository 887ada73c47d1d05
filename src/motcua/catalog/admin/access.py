"""Who may manage the catalog, and which rows stay read-only."""

from motcua.accounts.admin import AdministratorsMayEnterMixin
from motcua.accounts.queries import is_agency_administrator

from ..domain import VersionStatus


def _is_published(version) -> bool:
    return version is not None and version.status == VersionStatus.PUBLISHED


class CatalogAccessMixin(AdministratorsMayEnterMixin):
    """Agency administrators manage the catalog besides Django's permissions."""

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) or is_agency_administrator(
            request
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or is_agency_administrator(
            request
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) or is_agency_administrator(
            request
        )


class DraftOnlyInlineMixin(CatalogAccessMixin):
    """Rows of a published version are law: they are shown, never edited."""

    def _parent_version(self, obj):
        return obj

    def _editable(self, obj) -> bool:
        return not _is_published(self._parent_version(obj))

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)
