"""Payments in the back office: to look up, never to edit. A status changes only through
the services (the bank's callback, a refund), which lock the rows and write the log."""

from django.contrib import admin

from okno.payments.models import Payment, PaymentEvent


class _ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventInline(_ReadOnly, admin.TabularInline):
    model = PaymentEvent
    fields = ["at", "from_status", "to_status", "user", "note", "payload"]
    readonly_fields = fields
    extra = 0


@admin.register(Payment)
class PaymentAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = [
        "uuid",
        "order",
        "client",
        "amount",
        "method",
        "status",
        "provider",
        "created_at",
    ]
    list_filter = ["status", "method", "provider"]
    search_fields = ["uuid", "provider_payment_id", "order__number"]
    raw_id_fields = ["order", "client", "created_by"]
    inlines = [EventInline]
    show_full_result_count = False
