from django.contrib import admin

from .models import Payment, PaymentEvent, Refund


class EventInline(admin.TabularInline):
    model = PaymentEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "state", "actor", "note", "at"]
    fields = readonly_fields


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["txn_ref", "dossier", "amount", "method", "state", "paid_at"]
    list_filter = ["method", "state"]
    search_fields = ["txn_ref", "transaction_no", "dossier__code"]
    raw_id_fields = ["dossier", "created_by"]
    readonly_fields = ["responses", "created_at"]
    inlines = [EventInline]


@admin.register(Refund)
class RefundAdmin(admin.ModelAdmin):
    list_display = ["payment", "amount", "state", "created_at"]
    raw_id_fields = ["payment", "requested_by"]
