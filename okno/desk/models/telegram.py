"""The Telegram channel: the company's bots, the chats that write to them (linked to a
client's person by a one-time code from the cabinet), every update that came in (its raw
JSON kept before anything reads it) and every reply that went out."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okno.clients.models import Client, Contact
from okno.desk.models.appeals import Appeal, AppealEvent, AppealKind


class TelegramBot(models.Model):
    """A bot of the company in Telegram that clients write to. Telegram delivers its
    updates to the portal's webhook (checked by `webhook_secret`), or, where the portal has
    no public address, the worker asks for them every minute (`polling`). New appeals from
    it are of `kind`."""

    name = models.CharField(_("название"), max_length=100)
    username = models.CharField(
        _("имя бота"), max_length=64, unique=True, help_text=_("Без @, например okno_support_bot.")
    )
    token = models.CharField(_("токен бота"), max_length=200)
    webhook_secret = models.CharField(
        _("секрет вебхука"),
        max_length=256,
        blank=True,
        help_text=_("Тот же, что передан Telegram в setWebhook как secret_token."),
    )
    polling = models.BooleanField(
        _("опрашивать getUpdates"),
        default=False,
        help_text=_("Для установки без публичного адреса: портал сам забирает сообщения."),
    )
    kind = models.ForeignKey(
        AppealKind,
        verbose_name=_("вид новых обращений"),
        on_delete=models.PROTECT,
        limit_choices_to={"is_claim": False},
        related_name="+",
    )
    is_active = models.BooleanField(_("работает"), default=True)
    next_update_id = models.BigIntegerField(_("следующее обновление"), default=0)
    polled_at = models.DateTimeField(_("последний опрос"), null=True, blank=True)
    poll_error = models.CharField(_("ошибка опроса"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("бот Telegram")
        verbose_name_plural = _("боты Telegram")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} (@{self.username})"


class TelegramLinkCode(models.Model):
    """A one-time code a client's person takes in the cabinet to link their Telegram chat:
    the bot's deep link `https://t.me/<bot>?start=<code>` sends it as `/start <code>`."""

    code = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.created_at:%Y-%m-%d %H:%M}"


class TelegramChat(models.Model):
    """A private chat with a bot: who writes (Telegram's name for them) and, once linked by
    a code, the client's person it is. An unlinked chat's appeals have no client.
    `flood_warned_at` is when the chat was last told it writes faster than the desk
    takes."""

    bot = models.ForeignKey(TelegramBot, on_delete=models.PROTECT, related_name="chats")
    chat_id = models.BigIntegerField()
    title = models.CharField(_("имя в Telegram"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    client = models.ForeignKey(
        Client, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    linked_at = models.DateTimeField(null=True, blank=True)
    flood_warned_at = models.DateTimeField(_("предупреждён о лимите"), null=True, blank=True)

    class Meta:
        verbose_name = _("чат Telegram")
        verbose_name_plural = _("чаты Telegram")
        constraints = [
            models.UniqueConstraint(fields=["bot", "chat_id"], name="telegram_chat_per_bot")
        ]

    def __str__(self) -> str:
        return f"{self.title or self.chat_id}"


class UpdateState(models.TextChoices):
    RECEIVED = "received", _("Получено")
    ACCEPTED = "accepted", _("Принято в обращение")
    LINKED = "linked", _("Чат привязан")
    IGNORED = "ignored", _("Не сообщение")
    QUARANTINED = "quarantined", _("В карантине")


class TelegramUpdate(models.Model):
    """One update a bot received: its raw JSON exactly as Telegram sent it (stored before
    it is read, so every message is traceable to it), what became of it (`state`, with
    `reason` for a quarantined one) and the appeal and log entry it went into. Unique by
    `update_id` per bot: an update delivered twice is taken once."""

    bot = models.ForeignKey(TelegramBot, on_delete=models.PROTECT, related_name="updates")
    update_id = models.BigIntegerField()
    raw = models.TextField()
    received_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(
        _("состояние"), max_length=12, choices=UpdateState.choices, default=UpdateState.RECEIVED
    )
    reason = models.CharField(_("причина"), max_length=500, blank=True)
    chat = models.ForeignKey(
        TelegramChat, on_delete=models.SET_NULL, null=True, blank=True, related_name="updates"
    )
    appeal = models.ForeignKey(
        Appeal, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    event = models.ForeignKey(
        AppealEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("обновление Telegram")
        verbose_name_plural = _("обновления Telegram")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["bot", "update_id"], name="telegram_update_per_bot")
        ]
        indexes = [
            models.Index(fields=["state", "-received_at"], name="telegram_update_state"),
            # The flood limit counts a chat's updates of the last minute.
            models.Index(fields=["chat", "received_at"], name="telegram_update_chat"),
        ]

    def __str__(self) -> str:
        return f"{self.bot_id}: {self.update_id}"


class TelegramThread(models.Model):
    """An appeal that came from a Telegram chat: operators' public replies go back there."""

    appeal = models.OneToOneField(Appeal, on_delete=models.CASCADE, related_name="telegram_thread")
    chat = models.ForeignKey(TelegramChat, on_delete=models.PROTECT, related_name="threads")

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.chat_id}"


class TelegramOutgoing(models.Model):
    """A message the desk sent to a chat: an operator's reply or the bot's own answer. A
    reply goes out in parts — its text, then each public file of its log entry — and
    `parts_sent` counts those delivered, so a retry goes on from where it stopped."""

    chat = models.ForeignKey(TelegramChat, on_delete=models.PROTECT, related_name="+")
    appeal = models.ForeignKey(
        Appeal, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    event = models.ForeignKey(
        AppealEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    parts_sent = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.chat_id}: {self.text[:40]}"
