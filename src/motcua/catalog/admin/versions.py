"""Admin of procedure versions; only drafts can be edited."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.db import models
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from motcua.accounts.admin import FoldedSearchMixin

from ..domain import VersionStatus
from ..models import Procedure, ProcedureVersion, RequiredDocument
from ..services import link_agencies
from .access import CatalogAccessMixin, DraftOnlyInlineMixin, _is_published
from .channels import ChannelOptionInline
from .decisions import DATE_INPUT_FORMATS, day
from .versioning import VersionVersioningMixin


class RequiredDocumentInline(DraftOnlyInlineMixin, admin.StackedInline):
    model = RequiredDocument
    fields = (
        ("position", "required"),
        "name",
        ("originals", "copies"),
        "condition",
        ("form_name", "form_file"),
    )
    extra = 0


class ProcedureVersionForm(forms.ModelForm):
    class Meta:
        model = ProcedureVersion
        fields = (
            "procedure",
            "decision_number",
            "decision_date",
            "decision_issuer",
            "name",
            "level",
            "field",
            "steps",
            "online_level",
            "postal",
            "boundary_free",
            "on_the_spot",
            "subjects",
            "implementing_agency",
            "deciding_authority",
            "agency_functions",
            "agencies",
            "results",
            "legal_basis",
            "conditions",
            "source",
        )

    def clean_procedure(self):
        procedure = self.cleaned_data["procedure"]
        if (
            self.instance.pk is None
            and procedure.versions.filter(status=VersionStatus.DRAFT.value).exists()
        ):
            raise forms.ValidationError(
                _("This procedure already has a draft version; edit that one."),
                code="draft_exists",
            )
        return procedure

    def clean_legal_basis(self):
        value = self.cleaned_data["legal_basis"]
        if not isinstance(value, list) or not all(
            isinstance(item, dict) and (item.get("title") or item.get("number"))
            for item in value
        ):
            raise forms.ValidationError(
                _(
                    'Enter a list of documents such as [{"number": "60/2014/QH13", '
                    '"title": "Luật Hộ tịch", "date": "2014-11-20"}].'
                ),
                code="invalid",
            )
        return value

    def clean_results(self):
        value = self.cleaned_data["results"]
        if not isinstance(value, list) or not all(
            isinstance(item, str) and item.strip() for item in value
        ):
            raise forms.ValidationError(
                _('Enter a list of texts such as ["Giấy khai sinh (bản chính)"].'),
                code="invalid",
            )
        return value


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(
    VersionVersioningMixin, CatalogAccessMixin, FoldedSearchMixin, admin.ModelAdmin
):
    form = ProcedureVersionForm
    list_display = (
        "code",
        "name",
        "number",
        "status",
        "action",
        "in_force_from",
        "in_force_until",
        "level",
        "field",
        "online_level",
    )
    list_display_links = ("code", "name")
    list_filter = ("status", "level", "field", "online_level", "action")
    list_select_related = ("procedure", "level", "field")
    search_fields = ("procedure__code",)
    code_lookup = "procedure__code"
    autocomplete_fields = ("procedure", "agencies")
    inlines = (RequiredDocumentInline, ChannelOptionInline)
    formfield_overrides = {
        models.DateField: {
            "input_formats": DATE_INPUT_FORMATS,
            "widget": AdminDateWidget(format="%d/%m/%Y"),
        },
    }
    # In the order the national portal (dichvucong.gov.vn) shows a procedure.
    fieldsets = (
        (
            _("Version"),
            {"fields": ("procedure", "number", "status", "action")},
        ),
        (
            _("Decision"),
            {
                "fields": (
                    "decision_number",
                    "decision_date",
                    "decision_issuer",
                    ("in_force_from", "in_force_until"),
                )
            },
        ),
        (_("Procedure"), {"fields": ("name", "level", "field")}),
        (_("Steps"), {"fields": ("steps",)}),
        (
            _("Ways to carry it out"),
            {"fields": ("online_level", "postal", "boundary_free", "on_the_spot")},
        ),
        (_("Subjects"), {"fields": ("subjects",)}),
        (
            _("Agencies"),
            {
                "fields": (
                    "implementing_agency",
                    "deciding_authority",
                    "agency_functions",
                    "agencies",
                )
            },
        ),
        (_("Results"), {"fields": ("results",)}),
        (_("Legal basis"), {"fields": ("legal_basis",)}),
        (_("Requirements and conditions"), {"fields": ("conditions",)}),
        (_("Source"), {"fields": ("source",), "classes": ("collapse",)}),
    )
    _always_read_only = (
        "number",
        "status",
        "action",
        "in_force_from",
        "in_force_until",
    )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self._always_read_only
        return (*self._always_read_only, "procedure")

    @admin.display(description=_("national code"), ordering="procedure__code")
    def code(self, obj):
        return obj.procedure.code

    @admin.display(description=_("in force from"), ordering="effective_from")
    def in_force_from(self, obj):
        return day(obj.effective_from)

    @admin.display(description=_("in force until"), ordering="effective_to")
    def in_force_until(self, obj):
        return day(obj.effective_to)

    def has_change_permission(self, request, obj=None):
        return not _is_published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _is_published(obj) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            # The next number is taken under a lock on the procedure, as
            # catalog.services.create_draft does.
            procedure = Procedure.objects.select_for_update().get(pk=obj.procedure_id)
            latest = procedure.versions.aggregate(latest=Max("number"))["latest"]
            obj.number = (latest or 0) + 1
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        version = form.instance
        # Agencies follow the functions unless the administrator picked them.
        if "agencies" not in form.changed_data and (
            "agency_functions" in form.changed_data or not version.agencies.exists()
        ):
            link_agencies(version)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        version = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "versioning_tools": (
                self.versioning_tools(version) if version is not None else []
            ),
        }
        return super().change_view(request, object_id, form_url, extra_context)
