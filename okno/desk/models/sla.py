"""What the SLA is measured by and what it measured: business calendars (time zone,
working hours per weekday, dated days), the pause reasons and the SLA policies an
administrator keeps in the back office, and each appeal's stored clocks.

A calendar and a policy carry a version, raised by every change; an appeal's clocks say
which versions they were computed with, and a change recomputes the open appeals'."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okno.clients.models import SupportTier
from okno.desk.models.appeals import Appeal, AppealKind, Channel, Priority

DEFAULT_TIME_ZONE = "Europe/Moscow"
_HOURS = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–—]\s*(\d{1,2}):(\d{2})\s*$")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Понедельник")
    TUESDAY = 1, _("Вторник")
    WEDNESDAY = 2, _("Среда")
    THURSDAY = 3, _("Четверг")
    FRIDAY = 4, _("Пятница")
    SATURDAY = 5, _("Суббота")
    SUNDAY = 6, _("Воскресенье")


class BusinessCalendar(models.Model):
    """When the desk works: a time zone, working intervals per weekday (`hours`) and
    dated days that differ (`days`: holidays, moved working days, shortened days)."""

    name = models.CharField(_("название"), max_length=100, unique=True)
    time_zone = models.CharField(_("часовой пояс"), max_length=60, default=DEFAULT_TIME_ZONE)
    version = models.PositiveIntegerField(_("версия"), default=1, editable=False)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("рабочий календарь")
        verbose_name_plural = _("рабочие календари")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValidationError({"time_zone": _("Нет такого часового пояса.")}) from error


class WorkingHours(models.Model):
    """One working interval of a weekday; a day may have several (a lunch break)."""

    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("день недели"), choices=Weekday.choices)
    start = models.TimeField(_("с"))
    end = models.TimeField(_("до"))

    class Meta:
        verbose_name = _("рабочие часы")
        verbose_name_plural = _("рабочие часы")
        ordering = ["weekday", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="hours_end_after")
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Нерабочий день")
    WORKDAY = "workday", _("Рабочий день")
    SHORTENED = "shortened", _("Сокращённый день")


def hours_parse(text: str) -> tuple[tuple[int, int], ...]:
    """«10:00-13:00, 14:00-17:00» as minutes from midnight; ValidationError if malformed."""
    intervals = []
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        found = _HOURS.match(part)
        if found is None:
            raise ValidationError(_("Часы пишутся так: 10:00-13:00, 14:00-17:00."))
        hour1, minute1, hour2, minute2 = (int(group) for group in found.groups())
        start, end = hour1 * 60 + minute1, hour2 * 60 + minute2
        if not (0 <= start < end <= 24 * 60 and minute1 < 60 and minute2 < 60):
            raise ValidationError(_("Часы пишутся так: 10:00-13:00, 14:00-17:00."))
        intervals.append((start, end))
    return tuple(sorted(intervals))


class CalendarDay(models.Model):
    """A date that differs from its weekday: a holiday (no work), a working day (a weekend
    day made working), a shortened day (one hour less). `hours` gives the day's own
    intervals; empty means the usual ones (a shortened day: the usual ones less an hour).
    `from_production` marks the days loaded from the production calendar."""

    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("дата"))
    kind = models.CharField(_("что за день"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("название"), max_length=200, blank=True)
    hours = models.CharField(
        _("часы"),
        max_length=100,
        blank=True,
        help_text=_("Например, 10:00-13:00, 14:00-17:00. Пусто — обычные часы."),
    )
    from_production = models.BooleanField(_("из производственного календаря"), default=False)

    class Meta:
        verbose_name = _("особый день")
        verbose_name_plural = _("особые дни")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="calendar_day_once")
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.get_kind_display()}"

    def clean(self) -> None:
        try:
            hours_parse(self.hours)
        except ValidationError as error:
            raise ValidationError({"hours": error.messages}) from error


class SlaPauseReason(models.Model):
    """Why an appeal's clocks may stop (awaiting the client, the warehouse's inspection,
    1C) and which of its clocks each reason stops."""

    code = models.SlugField(_("код"), max_length=40, unique=True)
    name = models.CharField(_("название"), max_length=100)
    stops_first_response = models.BooleanField(_("останавливает первый ответ"), default=True)
    stops_next_response = models.BooleanField(_("останавливает следующий ответ"), default=True)
    stops_resolution = models.BooleanField(_("останавливает решение"), default=True)
    position = models.PositiveIntegerField(_("порядок"), default=0)
    is_active = models.BooleanField(_("доступна"), default=True)

    class Meta:
        verbose_name = _("причина паузы SLA")
        verbose_name_plural = _("причины паузы SLA")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class SlaPolicy(models.Model):
    """Targets for appeals that match its conditions (empty — any). Policies are tried in
    `position` order and the first active one whose every condition matches applies.
    Targets are business minutes on its calendar."""

    name = models.CharField(_("название"), max_length=100)
    position = models.PositiveIntegerField(_("порядок"), default=0)
    is_active = models.BooleanField(_("действует"), default=True)
    kind = models.ForeignKey(
        AppealKind,
        verbose_name=_("вид обращения"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    priority = models.CharField(_("приоритет"), max_length=10, choices=Priority.choices, blank=True)
    client_tier = models.CharField(
        _("уровень обслуживания клиента"), max_length=10, choices=SupportTier.choices, blank=True
    )
    channel = models.CharField(_("канал"), max_length=10, choices=Channel.choices, blank=True)
    calendar = models.ForeignKey(
        BusinessCalendar, verbose_name=_("календарь"), on_delete=models.PROTECT, related_name="+"
    )
    first_response_minutes = models.PositiveIntegerField(_("первый ответ, рабочих минут"))
    next_response_minutes = models.PositiveIntegerField(_("следующий ответ, рабочих минут"))
    resolution_minutes = models.PositiveIntegerField(_("решение, рабочих минут"))
    warning_minutes = models.PositiveIntegerField(_("предупредить за, рабочих минут"), default=60)
    escalation_minutes = models.PositiveIntegerField(
        _("руководителю через, рабочих минут после нарушения"), default=60
    )
    version = models.PositiveIntegerField(_("версия"), default=1, editable=False)

    class Meta:
        verbose_name = _("политика SLA")
        verbose_name_plural = _("политики SLA")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class CalendarVersion(models.Model):
    """What a calendar said at one of its versions — time zone, weekly hours, dated days —
    as the clocks read it, kept so a version's clocks can be computed again at any time."""

    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.CASCADE, related_name="versions"
    )
    version = models.PositiveIntegerField()
    spec = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["calendar", "version"], name="calendar_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.calendar_id} v{self.version}"


class PolicyVersion(models.Model):
    """What a policy said at one of its versions: its calendar, targets in business seconds
    and, per pause reason, the clocks it stops."""

    policy = models.ForeignKey(SlaPolicy, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    rules = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["policy", "version"], name="policy_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.policy_id} v{self.version}"


class SlaState(models.TextChoices):
    OK = "ok", _("В срок")
    WARNING = "warning", _("Скоро срок")
    BREACHED = "breached", _("Просрочено")
    PAUSED = "paused", _("На паузе")
    MET = "met", _("Выполнено")


class AppealSla(models.Model):
    """An appeal's clocks as last computed, for fast lists and the sweep: the due times of
    the running clocks, the nearest of them (`due`), when to warn and to escalate, the
    state, and which policy and versions gave them. `warned_at`, `breach_notified_at` and
    `escalated_at` make each letter go once per due time."""

    appeal = models.OneToOneField(
        Appeal, on_delete=models.CASCADE, primary_key=True, related_name="sla"
    )
    policy = models.ForeignKey(SlaPolicy, on_delete=models.SET_NULL, null=True, related_name="+")
    policy_version = models.PositiveIntegerField(null=True)
    calendar_version = models.PositiveIntegerField(null=True)
    first_response_due = models.DateTimeField(null=True)
    next_response_due = models.DateTimeField(null=True)
    resolution_due = models.DateTimeField(null=True)
    due = models.DateTimeField(null=True)
    warn_at = models.DateTimeField(null=True)
    escalate_at = models.DateTimeField(null=True)
    state = models.CharField(max_length=10, choices=SlaState.choices, default=SlaState.OK)
    paused_for = models.CharField(max_length=40, blank=True)
    warned_at = models.DateTimeField(null=True)
    breach_notified_at = models.DateTimeField(null=True)
    escalated_at = models.DateTimeField(null=True)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("SLA обращения")
        verbose_name_plural = _("SLA обращений")
        indexes = [
            models.Index(fields=["state", "due"]),
            models.Index(fields=["due"], condition=Q(due__isnull=False), name="sla_running_due"),
            models.Index(
                fields=["warn_at"], condition=Q(warn_at__isnull=False), name="sla_running_warn"
            ),
            models.Index(
                fields=["escalate_at"],
                condition=Q(escalate_at__isnull=False),
                name="sla_running_escalate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.state}"
