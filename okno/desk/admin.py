"""The desk's settings in the back office: kinds of appeal, topics, claim rules (acceptance
windows, photos), the reasons a claim line may be rejected for, operator teams, canned
replies. Appeals themselves are worked on the desk's pages, where every rule and the log
apply, so the back office only shows them."""

from django.contrib import admin

from okno.desk.models import (
    Appeal,
    AppealKind,
    AppealTopic,
    CannedReply,
    ClaimTypeRule,
    RejectionReason,
    Team,
)


@admin.register(AppealKind)
class AppealKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "prefix", "is_claim", "position", "is_active"]
    list_editable = ["position", "is_active"]


@admin.register(AppealTopic)
class AppealTopicAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "is_active"]
    list_editable = ["position", "is_active"]


@admin.register(ClaimTypeRule)
class ClaimTypeRuleAdmin(admin.ModelAdmin):
    list_display = ["claim_type", "acceptance_days", "photos_required"]
    list_editable = ["acceptance_days", "photos_required"]

    def has_add_permission(self, request):
        # One rule per claim type, all made by the migration.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RejectionReason)
class RejectionReasonAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "is_active"]
    list_editable = ["position", "is_active"]

    def has_delete_permission(self, request, obj=None):
        # Resolutions keep their reason: retire one by making it unavailable.
        return False


@admin.register(CannedReply)
class CannedReplyAdmin(admin.ModelAdmin):
    list_display = ["title", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["title", "body"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name"]
    filter_horizontal = ["members"]


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ["number", "client", "kind", "status", "channel", "csat_score", "created_at"]
    list_filter = ["status", "kind", "channel", "csat_score"]
    search_fields = ["number", "subject"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
