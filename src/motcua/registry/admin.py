from django.contrib import admin

from .models import PopulationLookup, RegistryPerson


@admin.register(RegistryPerson)
class RegistryPersonAdmin(admin.ModelAdmin):
    list_display = [
        "personal_id",
        "full_name",
        "birth_date",
        "sex",
        "household_code",
        "relation_to_head",
    ]
    search_fields = ["personal_id", "full_name", "household_code"]


@admin.register(PopulationLookup)
class PopulationLookupAdmin(admin.ModelAdmin):
    list_display = ["at", "personal_id", "user", "purpose", "adapter", "outcome"]
    list_filter = ["adapter", "outcome"]
    search_fields = ["personal_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
