"""Appeals (обращения): one model for every kind a client may choose, with its append-only
event log and attached files. A claim (претензия) is an appeal of a claim kind tied to an
order's shipment, with claim lines (see `claims.py`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okno.core.actor import Actor
from okno.core.roles import Perm
from okno.core.scoping import ScopedQuerySet
from okno.desk.states import OPEN, AppealStatus


class AppealKind(models.Model):
    """What the client says the appeal is: a claim, a question, an error, a request… Kept
    as rows so an administrator adds kinds; `is_claim` kinds are tied to an order's
    shipment and carry claim lines; `prefix` starts the appeal's number («ПР-000123»)."""

    code = models.SlugField(_("код"), max_length=40, unique=True)
    name = models.CharField(_("название"), max_length=100)
    prefix = models.CharField(_("префикс номера"), max_length=6, default="ОБ")
    is_claim = models.BooleanField(_("претензия по отгрузке"), default=False)
    position = models.PositiveIntegerField(_("порядок"), default=0)
    is_active = models.BooleanField(_("доступен"), default=True)

    class Meta:
        verbose_name = _("вид обращения")
        verbose_name_plural = _("виды обращений")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class AppealTopic(models.Model):
    """A topic the client's list groups appeals by (delivery, documents, payment…)."""

    name = models.CharField(_("название"), max_length=100, unique=True)
    position = models.PositiveIntegerField(_("порядок"), default=0)
    is_active = models.BooleanField(_("доступна"), default=True)

    class Meta:
        verbose_name = _("тема обращения")
        verbose_name_plural = _("темы обращений")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Method(models.TextChoices):
    """How a team's rules pick among its operators on shift."""

    ROUND_ROBIN = "round_robin", _("По кругу")
    LEAST_OPEN = "least_open", _("Наименее загруженному")


class Team(models.Model):
    """A group of operators an appeal may be handed to as a whole. The assignment rules
    pick one of its members on shift by its `method` (in turn, or the least loaded), never
    past `cap` open appeals each; `last_assignee` is where the turn stopped."""

    name = models.CharField(_("название"), max_length=100, unique=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("сотрудники"), related_name="desk_teams"
    )
    method = models.CharField(
        _("как распределять"),
        max_length=12,
        choices=Method.choices,
        default=Method.ROUND_ROBIN,
    )
    cap = models.PositiveIntegerField(
        _("предел открытых обращений на оператора"),
        null=True,
        blank=True,
        help_text=_("Пусто — без предела."),
    )
    last_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("последний получивший"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("группа операторов")
        verbose_name_plural = _("группы операторов")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    PORTAL = "portal", _("Личный кабинет")
    PHONE = "phone", _("Телефон")
    EMAIL = "email", _("Электронная почта")
    API = "api", _("API")
    TELEGRAM = "telegram", _("Telegram")


class Priority(models.TextChoices):
    LOW = "low", _("Низкий")
    NORMAL = "normal", _("Обычный")
    HIGH = "high", _("Высокий")
    URGENT = "urgent", _("Срочный")


class AppealQuerySet(ScopedQuerySet):
    def visible_to(self, actor: Actor) -> ScopedQuerySet:
        """A client's person: their client's appeals not tied to a legal entity they do not
        act for. Staff who work the desk: every appeal. Others as the scoping rule says
        (a manager their own clients')."""
        if actor.is_client:
            return self.filter(client_id=actor.client_id).filter(
                Q(legal_entity__isnull=True) | Q(legal_entity_id__in=actor.legal_entity_ids)
            )
        if actor.is_staff and actor.can(Perm.DESK_WORK):
            return self.all()
        return super().visible_to(actor)


class Appeal(models.Model):
    """An appeal of a client, whichever channel it came by. `number` is the human one,
    given from the id on creation. `late` marks a claim that arrived after a contractual
    acceptance window, with `late_reason` naming the lines; it is set on arrival, before
    anyone works on it. `external_id` makes an integration's create idempotent: unique per
    the user (integration) that created it."""

    client_path = "client"

    number = models.CharField(_("номер"), max_length=20, unique=True, null=True, blank=True)
    kind = models.ForeignKey(
        AppealKind, verbose_name=_("вид"), on_delete=models.PROTECT, related_name="+"
    )
    topic = models.ForeignKey(
        AppealTopic,
        verbose_name=_("тема"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.CharField(_("суть обращения"), max_length=200)
    status = models.CharField(
        _("статус"), max_length=20, choices=AppealStatus.choices, default=AppealStatus.NEW
    )
    priority = models.CharField(
        _("приоритет"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    channel = models.CharField(_("канал"), max_length=10, choices=Channel.choices)
    # Empty for a letter from an address no client is known by («не клиент»): the
    # operator reads it and answers by e-mail; clients never see such an appeal.
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("клиент"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    legal_entity = models.ForeignKey(
        "clients.LegalEntity",
        verbose_name=_("юрлицо"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    contact = models.ForeignKey(
        "clients.Contact",
        verbose_name=_("контакт"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("автор"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ответственный"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("группа"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    watchers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("наблюдатели"), related_name="+", blank=True
    )
    order = models.ForeignKey(
        "orders.Order",
        verbose_name=_("заказ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    shipment = models.ForeignKey(
        "orders.Shipment",
        verbose_name=_("отгрузка"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    late = models.BooleanField(_("подана с опозданием"), default=False)
    # Set on arrival when the appeal looks like a case already open (`services.duplicates`):
    # the appeal to merge it into and why; an operator merges or lets it be.
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("похоже на"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    duplicate_reason = models.CharField(_("почему похоже"), max_length=300, blank=True)
    # The appeal this one was merged into (status «объединено»); its log stays here, and
    # the target's page reads it.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("объединено с"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_appeals",
    )
    late_reason = models.TextField(_("почему с опозданием"), blank=True)
    external_id = models.CharField(_("внешний ид"), max_length=80, null=True, blank=True)
    created_at = models.DateTimeField(_("создано"), default=timezone.now)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)
    finished_at = models.DateTimeField(_("решено или закрыто"), null=True, blank=True)
    # The client's rating of how the appeal was resolved (CSAT, 1–5), once it is finished.
    csat_score = models.PositiveSmallIntegerField(_("оценка клиента"), null=True, blank=True)
    csat_comment = models.CharField(_("отзыв клиента"), max_length=1000, blank=True)
    csat_at = models.DateTimeField(_("оценено"), null=True, blank=True)
    # «Taken into work»: while `locked_until` is ahead, only `locked_by` replies and moves
    # the status; the operator's open page renews it, and it runs out by itself.
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("в работе у"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    locked_until = models.DateTimeField(_("в работе до"), null=True, blank=True)

    objects = models.Manager.from_queryset(AppealQuerySet)()

    class Meta:
        verbose_name = _("обращение")
        verbose_name_plural = _("обращения")
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            models.Index(fields=["client", "-created_at"]),
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["-created_at"]),
            models.Index(fields=["order"], condition=Q(order__isnull=False), name="appeal_order"),
            # The open appeals, newest first: the queue and every view of open appeals read
            # the few thousand of these instead of walking years of history past them.
            models.Index(
                fields=["-created_at"],
                condition=Q(status__in=[status.value for status in sorted(OPEN)]),
                name="appeal_open_newest",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "external_id"],
                condition=Q(external_id__isnull=False),
                name="appeal_external_id_per_author",
            ),
            models.CheckConstraint(
                condition=Q(csat_score__isnull=True) | Q(csat_score__gte=1, csat_score__lte=5),
                name="appeal_csat_score_1_5",
            ),
        ]

    def __str__(self) -> str:
        return self.number or self.subject

    @property
    def not_client(self) -> bool:
        return self.client_id is None

    @property
    def awaits_client(self) -> bool:
        return self.status == AppealStatus.AWAITING_CLIENT

    @property
    def may_be_taken(self) -> bool:
        """Only an open appeal is taken into work: a finished or merged one has no work."""
        return self.status in OPEN

    def locked_for(self, user_id: int | None, now=None) -> bool:
        """Whether someone else has taken the appeal into work and their lock still holds
        (a hold ends with the work: it never holds on an appeal that is not open)."""
        if self.locked_by_id is None or self.locked_by_id == user_id or not self.may_be_taken:
            return False
        return self.locked_until is not None and self.locked_until > (now or timezone.now())


class EventKind(models.TextChoices):
    CREATED = "created", _("Создано")
    STATUS = "status", _("Смена статуса")
    MESSAGE = "message", _("Сообщение")
    NOTE = "note", _("Внутренняя заметка")
    ASSIGNED = "assigned", _("Назначен ответственный")
    PRIORITY = "priority", _("Смена приоритета")
    TOPIC = "topic", _("Смена темы")
    WATCHER_ADDED = "watcher_added", _("Добавлен наблюдатель")
    WATCHER_REMOVED = "watcher_removed", _("Убран наблюдатель")
    MERGED = "merged", _("Объединено")
    SPLIT = "split", _("Выделено в отдельное обращение")
    RESOLUTION = "resolution", _("Решение по строке")
    RESOLUTION_CANCELLED = "resolution_cancelled", _("Решение отменено")
    RATED = "rated", _("Оценка клиента")
    PAUSED = "paused", _("Пауза SLA")
    RESUMED = "resumed", _("Пауза SLA снята")
    SLA_ALERT = "sla_alert", _("Оповещение по SLA")
    TAKEN = "taken", _("Взято в работу")
    LOCK_BROKEN = "lock_broken", _("Снята чужая блокировка")


class Direction(models.TextChoices):
    NONE = "", _("—")
    IN = "in", _("От клиента")
    OUT = "out", _("Клиенту")


class AppealEvent(models.Model):
    """One entry of an appeal's log, in UTC, written once and never changed: its creation,
    a status change with its reason, a message in or out (by which channel, public or an
    internal note), an assignment, a watcher, a merge, a claim line's resolution or its
    cancellation, the client's rating. Clients see only public entries."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    is_public = models.BooleanField(default=True)
    direction = models.CharField(max_length=3, choices=Direction.choices, default="", blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, blank=True)
    body = models.TextField(blank=True)
    from_status = models.CharField(max_length=20, choices=AppealStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=AppealStatus.choices, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Кого назначили или добавили наблюдателем."),
    )
    related_appeal = models.ForeignKey(
        Appeal, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A pause of the SLA's clocks: the code of its `SlaPauseReason`.
    pause_reason = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = _("событие обращения")
        verbose_name_plural = _("события обращений")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["appeal", "at"])]

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.kind}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("appeal events are append-only")
        super().save(*args, **kwargs)


def _attachment_path(attachment: Attachment, filename: str) -> str:
    # The stored name is the content's hash: nothing a client typed reaches the file system.
    now = timezone.now()
    return f"desk/{now:%Y/%m}/{attachment.sha256}"


class Attachment(models.Model):
    """A file attached to an appeal: with a message (`event`) or a claim line's photo.
    `name` is what the person called it; `sha256` is the content's digest, checked on
    upload; an internal note's files are not shown to the client."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(
        AppealEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="attachments"
    )
    claim_line = models.ForeignKey(
        "desk.ClaimLine",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="photos",
    )
    file = models.FileField(upload_to=_attachment_path, max_length=200)
    name = models.CharField(_("имя файла"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    is_public = models.BooleanField(default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("файл обращения")
        verbose_name_plural = _("файлы обращений")
        ordering = ["uploaded_at", "pk"]
        # A file stored before with the same bytes is looked up by its digest.
        indexes = [models.Index(fields=["sha256"], name="attachment_sha256")]

    def __str__(self) -> str:
        return self.name
