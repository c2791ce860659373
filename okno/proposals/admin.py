"""Commercial proposals in the back office: to look up, never to edit. Lines and statuses
change only through the services, which lock the proposal and write its history."""

from django.contrib import admin

from okno.core.admin import ReadOnlyAdmin
from okno.proposals.models import Proposal, ProposalLine, ProposalStatusChange


class LineInline(ReadOnlyAdmin, admin.TabularInline):
    model = ProposalLine
    fields = ["position", "article", "name", "quantity", "unit_name", "price", "amount"]
    readonly_fields = fields
    extra = 0


class HistoryInline(ReadOnlyAdmin, admin.TabularInline):
    model = ProposalStatusChange
    fields = ["at", "from_status", "to_status", "user", "note"]
    readonly_fields = fields
    extra = 0


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["number", "client", "legal_entity", "status", "valid_until", "total"]
    list_filter = ["status"]
    search_fields = ["number", "client__name", "legal_entity__inn"]
    list_select_related = ["client", "legal_entity"]
    raw_id_fields = ["client", "legal_entity", "contract", "manager", "order", "decided_by"]
    inlines = [LineInline, HistoryInline]
