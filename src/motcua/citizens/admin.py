"""Administration of citizens, organisations and who may act for them."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import CitizenProfile, Representation


class RepresentationInline(admin.TabularInline):
    model = Representation
    fk_name = "organisation"
    extra = 0
    autocomplete_fields = ["citizen"]


@admin.register(CitizenProfile)
class CitizenProfileAdmin(admin.ModelAdmin):
    list_display = [
        "full_name",
        "kind",
        "personal_id",
        "tax_code",
        "phone",
        "email",
        "identity_verified",
        "notify_sms",
        "notify_email",
    ]
    list_filter = ["kind", "identity_verified"]
    search_fields = ["full_name", "personal_id", "tax_code", "phone", "email"]
    readonly_fields = ["identity_provider", "subject", "created_at", "updated_at"]
    raw_id_fields = ["user"]
    inlines = [RepresentationInline]


@admin.register(Representation)
class RepresentationAdmin(admin.ModelAdmin):
    """Staff verify here the representations citizens declare on the portal."""

    list_display = [
        "citizen",
        "organisation",
        "role",
        "valid_from",
        "valid_to",
        "verified",
        "created_at",
    ]
    list_filter = ["verified", "role"]
    search_fields = [
        "citizen__full_name",
        "citizen__personal_id",
        "organisation__full_name",
        "organisation__tax_code",
    ]
    autocomplete_fields = ["citizen", "organisation"]
    actions = ["mark_verified"]

    @admin.action(description=_("Mark the selected representations as verified"))
    def mark_verified(self, request, queryset):
        count = 0
        for row in queryset.filter(verified=False):
            row.verified = True
            row.save(update_fields=["verified"])
            self.log_change(request, row, [{"changed": {"fields": ["verified"]}}])
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d representation verified.",
                "%(count)d representations verified.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
