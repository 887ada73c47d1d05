"""Admin of procedures, identified by their national code."""

from django import forms
from django.contrib import admin
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.accounts.admin import FoldedSearchMixin

from ..admin_exchange import ProcedureExchangeAdminMixin
from ..domain import VersionSpan, VersionStatus, is_national_code, version_in_force
from ..models import Procedure, ProcedureVersion
from .access import CatalogAccessMixin
from .decisions import day
from .versioning import ProcedureVersioningMixin


class VersionInline(CatalogAccessMixin, admin.TabularInline):
    model = ProcedureVersion
    fields = (
        "number",
        "status",
        "action",
        "in_force_from",
        "in_force_until",
        "decision",
    )
    readonly_fields = fields
    extra = 0
    show_change_link = True
    verbose_name_plural = _("versions")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("in force from"))
    def in_force_from(self, obj):
        return day(obj.effective_from)

    @admin.display(description=_("in force until"))
    def in_force_until(self, obj):
        return day(obj.effective_to)

    @admin.display(description=_("decision"))
    def decision(self, obj):
        if not obj.decision_number:
            return ""
        if obj.decision_date:
            return gettext("%(number)s of %(date)s") % {
                "number": obj.decision_number,
                "date": day(obj.decision_date),
            }
        return obj.decision_number


class ProcedureForm(forms.ModelForm):
    class Meta:
        model = Procedure
        fields = ("code",)

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not is_national_code(code):
            raise forms.ValidationError(
                _("Enter a national code such as 1.001193."), code="invalid"
            )
        return code


@admin.register(Procedure)
class ProcedureAdmin(
    ProcedureExchangeAdminMixin,
    ProcedureVersioningMixin,
    CatalogAccessMixin,
    FoldedSearchMixin,
    admin.ModelAdmin,
):
    form = ProcedureForm
    list_display = ("code", "latest_name", "in_force_status", "replaced_by")
    list_select_related = ("replaced_by",)
    search_fields = ("code",)
    search_text_lookup = "versions__search_text"
    inlines = (VersionInline,)

    def get_queryset(self, request):
        versions = ProcedureVersion.objects.only(
            "procedure_id",
            "number",
            "name",
            "status",
            "effective_from",
            "effective_to",
        ).order_by("-number")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("versions", queryset=versions))
        )

    def get_fields(self, request, obj=None):
        return ("code",) if obj is None else ("code", "replaced_by")

    def get_readonly_fields(self, request, obj=None):
        # The code is the identity of the procedure; a new code is a new
        # procedure that replaces this one.
        return () if obj is None else ("code", "replaced_by")

    def has_delete_permission(self, request, obj=None):
        if (
            obj is not None
            and obj.versions.filter(status=VersionStatus.PUBLISHED.value).exists()
        ):
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("name"))
    def latest_name(self, obj):
        versions = list(obj.versions.all())
        return versions[0].name if versions else ""

    @admin.display(description=_("in force"))
    def in_force_status(self, obj):
        today = timezone.localdate()
        spans = [
            VersionSpan(v.number, v.effective_from, v.effective_to)
            for v in obj.versions.all()
            if v.status == VersionStatus.PUBLISHED
        ]
        number = version_in_force(spans, today)
        if number is not None:
            return gettext("In force (version %(number)s)") % {"number": number}
        upcoming = [s.effective_from for s in spans if s.effective_from > today]
        if upcoming:
            return gettext("Takes effect on %(date)s") % {"date": day(min(upcoming))}
        if spans:
            end = max(s.effective_to for s in spans if s.effective_to)
            return gettext("Not in force since %(date)s") % {"date": day(end)}
        return gettext("Draft only")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        procedure = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "versioning_tools": (
                self.versioning_tools(procedure) if procedure is not None else []
            ),
        }
        return super().change_view(request, object_id, form_url, extra_context)
