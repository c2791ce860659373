"""The desk's settings in the back office: kinds of appeal, topics, claim rules (acceptance
windows, photos), the reasons a claim line may be rejected for, operator teams, canned
replies, the mailboxes of the e-mail channel. Appeals themselves are worked on the desk's
pages, where every rule and the log apply, so the back office only shows them, as it shows
the letters that came in."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from okno.desk.models import (
    Appeal,
    AppealKind,
    AppealTopic,
    CannedReply,
    ClaimTypeRule,
    IncomingMail,
    Mailbox,
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


class MailboxForm(forms.ModelForm):
    class Meta:
        model = Mailbox
        fields = [
            "name",
            "address",
            "imap_host",
            "imap_port",
            "imap_ssl",
            "imap_user",
            "imap_password",
            "folder",
            "kind",
            "acknowledge",
            "is_active",
        ]
        widgets = {"imap_password": forms.PasswordInput(render_value=True)}


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    form = MailboxForm
    list_display = ["name", "address", "imap_host", "folder", "kind", "is_active", "polled_at"]
    list_filter = ["is_active"]
    readonly_fields = ["polled_at", "poll_error"]

    def has_delete_permission(self, request, obj=None):
        # Letters keep their mailbox: retire one by switching it off.
        return False


@admin.register(IncomingMail)
class IncomingMailAdmin(admin.ModelAdmin):
    list_display = [
        "received_at",
        "mailbox",
        "from_address",
        "subject",
        "state",
        "reason",
        "raw_link",
    ]
    list_filter = ["state", "mailbox"]
    search_fields = ["from_address", "subject", "message_id"]
    exclude = ["html"]
    show_full_result_count = False

    @admin.display(description=_("исходное письмо"))
    def raw_link(self, letter):
        url = reverse("desk:mail_raw", args=[letter.pk])
        return format_html('<a href="{}">.eml</a>', url)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
