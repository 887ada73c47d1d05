"""Admin of the channels of a version and the fees of each channel."""

from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..domain import VersionStatus
from ..models import ChannelOption, Fee, ProcedureVersion
from .access import CatalogAccessMixin, DraftOnlyInlineMixin, _is_published


def vnd(amount) -> str:
    """Format an amount of money as 200.000 đ."""
    return f"{int(amount):,} đ".replace(",", ".")


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
