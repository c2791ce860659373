"""Saved views of the operators' queue: a named set of filters, a sort and the columns
shown, kept by an operator for themself or shared with the whole desk."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from okno.core.actor import Actor


class QueueSort(models.TextChoices):
    NEWEST = "newest", _("Сначала новые")
    OLDEST = "oldest", _("Сначала старые")
    DUE = "due", _("Ближе к сроку SLA")
    PRIORITY = "priority", _("По приоритету")


class QueueColumn(models.TextChoices):
    """The queue's columns a view may show; the number is always shown."""

    CLIENT = "client", _("Клиент")
    SUBJECT = "subject", _("Суть")
    KIND = "kind", _("Вид")
    TOPIC = "topic", _("Тема")
    ORDER = "order", _("Заказ")
    CHANNEL = "channel", _("Канал")
    STATUS = "status", _("Статус")
    SLA = "sla", _("SLA")
    ASSIGNEE = "assignee", _("Ответственный")
    TEAM = "team", _("Группа")
    CSAT = "csat", _("Оценка")
    CREATED = "created", _("Создано")


# What the queue shows when no view says otherwise.
DEFAULT_COLUMNS = (
    "client",
    "subject",
    "kind",
    "order",
    "channel",
    "status",
    "sla",
    "assignee",
    "csat",
    "created",
)


class SavedViewQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> models.QuerySet:
        """Desk staff: their own views and the shared ones; anyone else: none."""
        from okno.desk.services.rules import works_desk

        if not works_desk(actor):
            return self.none()
        return self.filter(Q(owner_id=actor.user_id) | Q(is_shared=True))


class SavedView(models.Model):
    """A view of the queue. `filters` holds the queue's own query parameters (`status`,
    `kind`, `topic`, `channel`, `assignee` — an id, `me` or `none` —, `team`, `sla`,
    `csat`, `q`), so «Мои» in a shared view means whoever opens it."""

    name = models.CharField(_("название"), max_length=80)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("владелец"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    is_shared = models.BooleanField(_("общий"), default=False)
    filters = models.JSONField(_("фильтры"), default=dict, blank=True)
    sort = models.CharField(
        _("сортировка"), max_length=10, choices=QueueSort.choices, default=QueueSort.NEWEST
    )
    columns = models.JSONField(_("колонки"), default=list, blank=True)
    position = models.PositiveIntegerField(_("порядок"), default=0)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    objects = SavedViewQuerySet.as_manager()

    class Meta:
        verbose_name = _("вид очереди")
        verbose_name_plural = _("виды очереди")
        ordering = ["-is_shared", "position", "name", "pk"]
        indexes = [models.Index(fields=["owner", "position"]), models.Index(fields=["is_shared"])]

    def __str__(self) -> str:
        return self.name
