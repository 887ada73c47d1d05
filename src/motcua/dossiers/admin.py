"""Administration of dossiers: reference data editable, the lifecycle read-only.

Statuses, clocks and events change only through the services, so the
admin shows them and never writes them; events cannot be added, changed
or deleted here.
"""

from django.contrib import admin

from .models import (
    Applicant,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierFile,
    DossierPause,
    ReceptionGuidance,
    RuleSet,
)

LIFECYCLE_FIELDS = (
    "code",
    "status",
    "received_at",
    "due_at",
    "resolved_at",
    "returned_at",
    "supplement_requests",
    "received_by",
    "audit_head",
    "procedure_version",
    "rule_set",
    "receiving_agency",
    "handling_agency",
    "applicant",
    "applicant_snapshot",
    "channel",
    "submitted_at",
    "time_amount",
    "time_unit",
    "cutoff_hour",
    "fee_due",
    "fee_paid",
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DocumentInline(ReadOnlyInline):
    model = DossierDocument
    fields = ("name", "originals", "copies", "received", "note")


class FileInline(ReadOnlyInline):
    model = DossierFile
    fields = ("original_name", "content_type", "size", "sha256", "uploaded_at")


class PauseInline(ReadOnlyInline):
    model = DossierPause
    fields = ("reason", "started_at", "ended_at")


class EventInline(ReadOnlyInline):
    model = DossierEvent
    fields = ("sequence", "action", "from_status", "to_status", "actor_name", "at")
    ordering = ("sequence",)


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    list_display = ("code", "status", "handling_agency", "received_at", "due_at")
    list_filter = ("status", "channel")
    search_fields = ("code", "applicant__full_name", "applicant__personal_id")
    list_select_related = ("handling_agency",)
    readonly_fields = LIFECYCLE_FIELDS
    fields = (
        *LIFECYCLE_FIELDS,
        "submitter_name",
        "submitter_personal_id",
        "submitter_phone",
        "delivery_method",
        "delivery_address",
        "sets",
        "note",
    )
    inlines = [DocumentInline, FileInline, PauseInline, EventInline]

    def has_add_permission(self, request):
        return False  # dossiers are received through the desk

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DossierEvent)
class DossierEventAdmin(admin.ModelAdmin):
    list_display = ("dossier", "sequence", "action", "to_status", "actor_name", "at")
    list_filter = ("action",)
    search_fields = ("dossier__code",)
    list_select_related = ("dossier",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in DossierEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Applicant)
class ApplicantAdmin(admin.ModelAdmin):
    list_display = ("full_name", "kind", "personal_id", "tax_code", "phone")
    search_fields = ("full_name", "personal_id", "tax_code")
    readonly_fields = ("kind", "personal_id", "tax_code")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "effective_from", "effective_to")


@admin.register(ReceptionGuidance)
class ReceptionGuidanceAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "agency", "issued_at")
    list_filter = ("kind",)
    search_fields = ("number",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in ReceptionGuidance._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
