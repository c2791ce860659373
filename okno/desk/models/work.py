"""Operators' working aids on an appeal: the time they spent on it (time entries, which the
supervisor's reports sum per client against the hours of its support plan) and the canned
replies an operator inserts into an answer, filled with the appeal's order and client."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okno.desk.models.appeals import Appeal

MINUTES_IN_DAY = 24 * 60


class TimeEntry(models.Model):
    """Minutes one operator spent on one appeal on one working day."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="time_entries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("день"))
    minutes = models.PositiveIntegerField(
        _("минуты"), validators=[MinValueValidator(1), MaxValueValidator(MINUTES_IN_DAY)]
    )
    note = models.CharField(_("что сделано"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("затраченное время")
        verbose_name_plural = _("затраченное время")
        ordering = ["day", "pk"]
        indexes = [models.Index(fields=["appeal", "day"]), models.Index(fields=["user", "day"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gte=1, minutes__lte=MINUTES_IN_DAY),
                name="desk_time_entry_minutes_in_a_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day:%d.%m.%Y} {self.minutes} мин"


class CannedReply(models.Model):
    """A prepared answer; `{заказ}`-style fields in its text are filled from the appeal."""

    title = models.CharField(_("название"), max_length=120, unique=True)
    body = models.TextField(
        _("текст"),
        help_text=_(
            "Поля в фигурных скобках заполняются из обращения: {клиент}, {юрлицо}, {контакт}, "
            "{обращение}, {тема}, {заказ}, {дата заказа}, {сумма заказа}, {отгрузка}, "
            "{оператор}."
        ),
    )
    position = models.PositiveIntegerField(_("порядок"), default=0)
    is_active = models.BooleanField(_("предлагать операторам"), default=True)

    class Meta:
        verbose_name = _("шаблон ответа")
        verbose_name_plural = _("шаблоны ответов")
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title
