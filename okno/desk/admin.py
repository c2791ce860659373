"""The desk's settings in the back office: kinds of appeal, topics, claim rules (acceptance
windows, photos), the reasons a claim line may be rejected for, operator teams (with how
they share appeals and their cap), the assignment rules in their order, operators'
availability, canned
replies, the mailboxes of the e-mail channel, and the SLA — business calendars with their
hours and special days, pause reasons, policies. An edit of a calendar or a policy raises
its version and recomputes the open appeals' clocks. Appeals themselves are worked on the
desk's pages, where every rule and the log apply, so the back office only shows them, as
it shows the letters and Telegram updates that came in — of which an administrator may
have quarantined ones filed again («Разобрать снова»)."""

from collections.abc import Callable

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from okno.core.admin import ReadOnlyAdmin
from okno.core.errors import NotAllowed
from okno.core.roles import StaffRole
from okno.desk.models import (
    Appeal,
    AppealKind,
    AppealTopic,
    AssignmentRule,
    BusinessCalendar,
    CalendarDay,
    CannedReply,
    ClaimTypeRule,
    IncomingMail,
    Mailbox,
    MailState,
    OperatorAvailability,
    RejectionReason,
    SlaPauseReason,
    SlaPolicy,
    Team,
    TelegramBot,
    TelegramChat,
    TelegramUpdate,
    UpdateState,
    WorkingHours,
)
from okno.desk.services.quarantine import RefileOutcome, letters_refile, updates_refile
from okno.desk.sla.services import calendar_production_load, sla_rules_changed


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
    list_display = ["name", "method", "cap"]
    list_editable = ["method", "cap"]
    fields = ["name", "members", "method", "cap"]
    filter_horizontal = ["members"]


@admin.register(AssignmentRule)
class AssignmentRuleAdmin(admin.ModelAdmin):
    """Rules are tried in `position` order; the first whose conditions all hold routes a
    new appeal (an empty condition holds for any)."""

    list_display = ["name", "position", "kind", "topic", "client", "manager", "team", "operator"]
    list_editable = ["position"]
    list_filter = ["is_active", "team"]
    autocomplete_fields = ["client"]
    fieldsets = [
        (None, {"fields": ["name", "position", "is_active"]}),
        (_("Условия (пустое — любое)"), {"fields": ["kind", "topic", "client", "manager"]}),
        (_("Кому"), {"fields": ["team", "operator"]}),
    ]


@admin.register(OperatorAvailability)
class OperatorAvailabilityAdmin(admin.ModelAdmin):
    list_display = ["user", "state", "since", "until", "set_by"]
    list_filter = ["state"]
    readonly_fields = ["set_by"]


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["number", "client", "kind", "status", "channel", "csat_score", "created_at"]
    list_filter = ["status", "kind", "channel", "csat_score"]
    search_fields = ["number", "subject"]
    show_full_result_count = False


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


class RefileAdmin(admin.ModelAdmin):
    """«Разобрать снова» for a channel's quarantined items, for administrators: an action on
    the list and a button on a quarantined item's page. Each item is filed by the
    channel's intake from its raw source; the outcome of each is reported."""

    actions = ["refile_selected"]
    change_form_template = "admin/desk/refile_change_form.html"
    quarantined = ""
    # The channel's service that files the chosen items again (`services.quarantine`).
    refile: Callable[..., list[RefileOutcome]]

    def has_refile_permission(self, request) -> bool:
        return request.actor.staff_role == StaffRole.ADMIN

    @admin.action(description=_("Разобрать снова"), permissions=["refile"])
    def refile_selected(self, request, queryset):
        self._refile(request, list(queryset.values_list("pk", flat=True)))

    def _refile(self, request, ids: list[int]) -> None:
        try:
            outcomes = self.refile(actor=request.actor, ids=ids)
        except NotAllowed as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        for outcome in outcomes:
            level = messages.SUCCESS if outcome.filed else messages.ERROR
            self.message_user(request, f"{outcome.item}: {outcome.detail}", level)

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_refile"
        view = self.admin_site.admin_view(self.refile_view)
        return [path("<int:object_id>/refile/", view, name=name), *super().get_urls()]

    def refile_view(self, request, object_id: int):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_refile_permission(request):
            raise PermissionDenied
        self._refile(request, [object_id])
        opts = self.opts
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", object_id)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if (
            obj is not None
            and obj.state == self.quarantined
            and self.has_refile_permission(request)
        ):
            opts = self.opts
            context["refile_url"] = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_refile", args=[obj.pk]
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(IncomingMail)
class IncomingMailAdmin(ReadOnlyAdmin, RefileAdmin):
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

    quarantined = MailState.QUARANTINED

    refile = staticmethod(letters_refile)


class TelegramBotForm(forms.ModelForm):
    class Meta:
        model = TelegramBot
        fields = ["name", "username", "token", "webhook_secret", "polling", "kind", "is_active"]
        widgets = {
            "token": forms.PasswordInput(render_value=True),
            "webhook_secret": forms.PasswordInput(render_value=True),
        }


@admin.register(TelegramBot)
class TelegramBotAdmin(admin.ModelAdmin):
    form = TelegramBotForm
    list_display = ["name", "username", "polling", "kind", "is_active", "polled_at"]
    list_filter = ["is_active", "polling"]
    readonly_fields = ["webhook_url", "next_update_id", "polled_at", "poll_error"]

    @admin.display(description=_("адрес вебхука"))
    def webhook_url(self, bot):
        if not bot.pk:
            return "—"
        return settings.OKNO_BASE_URL + reverse("desk:telegram_webhook", args=[bot.username])

    def has_delete_permission(self, request, obj=None):
        # Chats and updates keep their bot: retire one by switching it off.
        return False


@admin.register(TelegramChat)
class TelegramChatAdmin(admin.ModelAdmin):
    list_display = ["title", "chat_id", "bot", "client", "user", "linked_at"]
    list_filter = ["bot"]
    search_fields = ["title", "client__name"]
    list_select_related = ["bot", "client", "user"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TelegramUpdate)
class TelegramUpdateAdmin(ReadOnlyAdmin, RefileAdmin):
    list_display = ["received_at", "bot", "update_id", "chat", "state", "reason", "appeal"]
    list_filter = ["state", "bot"]
    search_fields = ["=update_id", "reason"]
    list_select_related = ["bot", "chat", "appeal"]
    show_full_result_count = False
    quarantined = UpdateState.QUARANTINED

    refile = staticmethod(updates_refile)


class WorkingHoursInline(admin.TabularInline):
    model = WorkingHours
    extra = 0


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 0
    fields = ["date", "kind", "name", "hours", "from_production"]
    readonly_fields = ["from_production"]


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(admin.ModelAdmin):
    list_display = ["name", "time_zone", "version", "updated_at"]
    readonly_fields = ["version"]
    inlines = [WorkingHoursInline, CalendarDayInline]
    actions = ["load_next_year"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        with transaction.atomic():
            sla_rules_changed(calendar_id=form.instance.pk)

    @admin.action(description=_("Загрузить производственный календарь на следующий год"))
    def load_next_year(self, request, queryset):
        year = timezone.localdate().year + 1
        for calendar in queryset:
            with transaction.atomic():
                added = calendar_production_load(calendar=calendar, year=year)
            self.message_user(
                request,
                _("%(calendar)s: добавлено дней — %(count)s.")
                % {"calendar": calendar, "count": added},
                messages.SUCCESS,
            )


@admin.register(SlaPauseReason)
class SlaPauseReasonAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "stops_first_response",
        "stops_next_response",
        "stops_resolution",
        "is_active",
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Which clocks a reason stops is part of every policy: recompute as for a policy.
        with transaction.atomic():
            sla_rules_changed()

    def has_delete_permission(self, request, obj=None):
        # The log names reasons by code: retire one by making it unavailable.
        return False


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "position",
        "kind",
        "priority",
        "client_tier",
        "channel",
        "first_response_minutes",
        "next_response_minutes",
        "resolution_minutes",
        "is_active",
        "version",
    ]
    list_editable = ["position", "is_active"]
    readonly_fields = ["version"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        with transaction.atomic():
            sla_rules_changed(policy_id=obj.pk)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        with transaction.atomic():
            sla_rules_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        with transaction.atomic():
            sla_rules_changed()
