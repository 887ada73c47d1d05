"""Back-office administration of the organisation tree and of staff.

Superusers see everything. A staff member who holds the administrator role
in an agency manages the staff of that agency and of the agencies under it
(by ``Agency.parent``): they see and grant roles only there, and they
cannot touch superusers or the permissions machinery of Django. Staff and
roles are governed by the administrator role alone, not by Django's model
permissions, so that one rule decides who manages whom. A user with no role
yet is visible to every agency administrator, so that one can take them in.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.text import search_terms

from .models import (
    AdministrativeLevel,
    AdministrativeUnit,
    Agency,
    RoleAssignment,
    User,
)
from .queries import administered_agency_ids, is_agency_administrator

admin.site.site_header = _("motcua administration")
admin.site.site_title = _("motcua administration")
admin.site.index_title = _("Administration home")


class FoldedSearchMixin:
    """Search a ``search_text`` column by folded word prefixes.

    "tan thanh" finds "Tân Thạnh" as the portal does. A search that looks
    like a code also matches codes that begin with it. ``search_fields``
    must still name a field so that the admin shows its search box and
    accepts the model in autocomplete fields.
    """

    search_text_lookup = "search_text"
    code_lookup = "code"

    def get_search_results(self, request, queryset, search_term):
        terms = search_terms(search_term)
        if not terms:
            return queryset, False
        folded = Q()
        for term in terms:
            folded &= Q(**{f"{self.search_text_lookup}__contains": " " + term})
        by_code = Q(**{f"{self.code_lookup}__istartswith": search_term.strip()})
        distinct = "__" in self.search_text_lookup
        return queryset.filter(folded | by_code), distinct


class AdministratorsMayEnterMixin:
    """Agency administrators may open the module and view its rows.

    Django's model permissions still grant what they grant; the
    administrator role adds to them.
    """

    def has_module_permission(self, request):
        return super().has_module_permission(request) or is_agency_administrator(
            request
        )

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or is_agency_administrator(
            request
        )


class ScopedToAdministratorsMixin:
    """Superusers get Django's answer; anyone else the ``may_*`` hooks'.

    Staff and roles are governed by the administrator role alone. By default
    an agency administrator may do everything; a model admin narrows that
    to the rows of the agencies they administer by overriding a hook.
    """

    def may_view(self, request, obj) -> bool:
        return is_agency_administrator(request)

    def may_change(self, request, obj) -> bool:
        return is_agency_administrator(request)

    def may_delete(self, request, obj) -> bool:
        return is_agency_administrator(request)

    def has_module_permission(self, request):
        if request.user.is_superuser:
            return super().has_module_permission(request)
        return is_agency_administrator(request)

    def has_view_permission(self, request, obj=None):
        if request.user.is_superuser:
            return super().has_view_permission(request, obj)
        return self.may_view(request, obj)

    def has_add_permission(self, request, *args):
        # ``*args``: an inline is also given the parent object.
        if request.user.is_superuser:
            return super().has_add_permission(request, *args)
        return is_agency_administrator(request)

    def has_change_permission(self, request, obj=None):
        if request.user.is_superuser:
            return super().has_change_permission(request, obj)
        return self.may_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        if request.user.is_superuser:
            return super().has_delete_permission(request, obj)
        return self.may_delete(request, obj)


def _scoped_agencies(request):
    return Agency.objects.filter(pk__in=administered_agency_ids(request))


def _scoped_users(request):
    """Users an agency administrator may see: their staff and people with no role."""
    if not is_agency_administrator(request):
        return User.objects.none()
    return User.objects.filter(
        Q(roles__agency__in=administered_agency_ids(request)) | Q(roles__isnull=True),
        is_superuser=False,
    ).distinct()


class RoleAssignmentInline(ScopedToAdministratorsMixin, admin.TabularInline):
    model = RoleAssignment
    fields = ("agency", "role")
    autocomplete_fields = ("agency",)
    extra = 1
    verbose_name = _("role in an agency")
    verbose_name_plural = _("roles in agencies")

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("agency")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(agency__in=administered_agency_ids(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency" and not request.user.is_superuser:
            kwargs["queryset"] = _scoped_agencies(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(User)
class UserAdmin(ScopedToAdministratorsMixin, DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("full_name", "email", "phone")}),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ),
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "full_name",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    list_display = ("username", "full_name", "email", "phone", "is_staff", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active", "roles__role")
    search_fields = ("username", "full_name", "email", "phone")
    ordering = ("username",)
    inlines = (RoleAssignmentInline,)
    readonly_fields = ("last_login", "date_joined")

    _superuser_only_fields = ("is_superuser", "groups", "user_permissions")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        return tuple(
            (
                name,
                {
                    **options,
                    "fields": tuple(
                        f
                        for f in options["fields"]
                        if f not in self._superuser_only_fields
                    ),
                },
            )
            for name, options in fieldsets
        )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=_scoped_users(request).values("pk"))

    def _manages(self, request, obj) -> bool:
        """Tell whether ``obj`` has no role outside the user's agencies."""
        if not is_agency_administrator(request):
            return False
        if obj is None:
            return True
        if obj.is_superuser:
            return False
        scope = administered_agency_ids(request)
        return not obj.roles.exclude(agency__in=scope).exists()

    def may_view(self, request, obj) -> bool:
        return is_agency_administrator(request) and (
            obj is None or _scoped_users(request).filter(pk=obj.pk).exists()
        )

    def may_change(self, request, obj) -> bool:
        return self._manages(request, obj)

    def may_delete(self, request, obj) -> bool:
        return (
            obj is not None
            and obj.pk != request.user.pk
            and self._manages(request, obj)
        )


@admin.register(AdministrativeLevel)
class AdministrativeLevelAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "rank")
    ordering = ("rank",)


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ("code", "name_with_type", "level", "parent", "is_active")
    list_filter = ("level", "is_active")
    list_select_related = ("level", "parent")
    search_fields = ("code",)
    autocomplete_fields = ("parent",)
    fields = ("code", "name", "name_with_type", "kind", "level", "parent", "is_active")


class AgencyScopeMixin(AdministratorsMayEnterMixin):
    """Agency administrators see every agency and change only their own."""

    def has_change_permission(self, request, obj=None):
        if super().has_change_permission(request, obj):
            return True
        return is_agency_administrator(request) and (
            obj is None or obj.pk in administered_agency_ids(request)
        )


@admin.register(Agency)
class AgencyAdmin(AgencyScopeMixin, FoldedSearchMixin, admin.ModelAdmin):
    list_display = ("code", "name", "kind", "function", "unit", "is_active")
    list_filter = ("kind", "is_active")
    list_select_related = ("unit",)
    search_fields = ("code",)
    autocomplete_fields = ("unit", "parent")
    fieldsets = (
        (None, {"fields": ("code", "name", "kind", "function", "is_active")}),
        (_("Place in the organisation"), {"fields": ("unit", "parent")}),
        (_("Contact"), {"fields": ("address", "phone", "email", "office_hours")}),
    )

    def get_search_results(self, request, queryset, search_term):
        queryset, distinct = super().get_search_results(request, queryset, search_term)
        # Roles may be granted only in the agencies one administers.
        if (
            request.GET.get("model_name") == "roleassignment"
            and not request.user.is_superuser
        ):
            queryset = queryset.filter(pk__in=administered_agency_ids(request))
        return queryset, distinct


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ScopedToAdministratorsMixin, admin.ModelAdmin):
    list_display = ("user", "agency", "role")
    list_filter = ("role",)
    list_select_related = ("user", "agency")
    search_fields = (
        "user__username",
        "user__full_name",
        "agency__code",
        "agency__name",
    )
    autocomplete_fields = ("user", "agency")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(agency__in=administered_agency_ids(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            if db_field.name == "agency":
                kwargs["queryset"] = _scoped_agencies(request)
            elif db_field.name == "user":
                kwargs["queryset"] = _scoped_users(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def may_view(self, request, obj) -> bool:
        return is_agency_administrator(request) and (
            obj is None or obj.agency_id in administered_agency_ids(request)
        )

    may_change = may_delete = may_view
