"""Back-office administration of the catalog of procedures.

A published version is law: the admin shows it read-only, and changes go
through an amendment (see ``admin_versioning``). Drafts are edited freely.
Agency administrators manage the catalog as superusers do.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.db import models
from django.db.models import Count, Max, Prefetch
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.accounts.admin import FoldedSearchMixin, is_agency_administrator

from .admin_exchange import ProcedureExchangeAdminMixin
from .admin_versioning import (
    DATE_INPUT_FORMATS,
    ProcedureVersioningMixin,
    VersionVersioningMixin,
    day,
)
from .domain import VersionSpan, VersionStatus, is_national_code, version_in_force
from .models import (
    ChannelOption,
    Fee,
    Field,
    Procedure,
    ProcedureVersion,
    RequiredDocument,
)
from .services import link_agencies


def vnd(amount) -> str:
    """Format an amount of money as 200.000 đ."""
    return f"{int(amount):,} đ".replace(",", ".")


def _is_published(version) -> bool:
    return version is not None and version.status == VersionStatus.PUBLISHED


class CatalogAccessMixin:
    """Agency administrators manage the catalog besides Django's permissions."""

    def has_module_permission(self, request):
        return super().has_module_permission(request) or is_agency_administrator(
            request
        )

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or is_agency_administrator(
            request
        )

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


class ChannelOptionInline(DraftOnlyInlineMixin, admin.TabularInline):
    model = ChannelOption
    fields = (
        "channel",
        "time_amount",
        "time_unit",
        "cutoff_hour",
        "time_text",
        "fee_summary",
    )
    readonly_fields = ("fee_summary",)
    extra = 0
    show_change_link = True

    @admin.display(description=_("fees"))
    def fee_summary(self, obj):
        if obj.pk is None:
            return ""
        fees = "; ".join(f"{fee.name}: {vnd(fee.amount)}" for fee in obj.fees.all())
        return fees or gettext("No fee")


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


class FeeInline(DraftOnlyInlineMixin, admin.TabularInline):
    model = Fee
    fields = ("name", "amount", "description", "exemptions")
    extra = 0

    def _parent_version(self, obj):
        return obj.version if obj is not None else None


@admin.register(ChannelOption)
class ChannelOptionAdmin(CatalogAccessMixin, admin.ModelAdmin):
    """Reached from a version's channels, to edit the fees of one channel."""

    list_display = ("version", "channel", "time_amount", "time_unit")
    list_filter = ("channel",)
    list_select_related = ("version__procedure",)
    search_fields = ("version__procedure__code",)
    autocomplete_fields = ("version",)
    fields = (
        "version",
        "channel",
        ("time_amount", "time_unit", "cutoff_hour"),
        "time_text",
    )
    inlines = (FeeInline,)

    def get_model_perms(self, request):
        # Hidden from the index: channels belong to their version.
        return {}

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("version",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "version":
            kwargs["queryset"] = ProcedureVersion.objects.filter(
                status=VersionStatus.DRAFT.value
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return not (
            obj is not None and _is_published(obj.version)
        ) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (
            obj is not None and _is_published(obj.version)
        ) and super().has_delete_permission(request, obj)
