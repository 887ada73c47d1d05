from django.contrib import admin

from .models import CalendarDay, OfficePeriod


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["day", "kind", "name", "agency", "decision"]
    list_filter = ["kind", ("agency", admin.EmptyFieldListFilter)]
    search_fields = ["name", "decision"]
    date_hierarchy = "day"
    autocomplete_fields = ["agency"]


@admin.register(OfficePeriod)
class OfficePeriodAdmin(admin.ModelAdmin):
    list_display = ["agency", "weekday", "start", "end"]
    list_filter = ["weekday"]
    autocomplete_fields = ["agency"]
