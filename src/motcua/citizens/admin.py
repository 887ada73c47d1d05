"""Administration of citizens, organisations and who may act for them."""

from django.contrib import admin

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
    ]
    list_filter = ["kind", "identity_verified"]
    search_fields = ["full_name", "personal_id", "tax_code", "phone", "email"]
    readonly_fields = ["identity_provider", "subject", "created_at", "updated_at"]
    raw_id_fields = ["user"]
    inlines = [RepresentationInline]


@admin.register(Representation)
class RepresentationAdmin(admin.ModelAdmin):
    list_display = ["citizen", "organisation", "role", "valid_from", "valid_to"]
    list_filter = ["role"]
    autocomplete_fields = ["citizen", "organisation"]
