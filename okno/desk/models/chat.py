"""The department chat of the desk's staff: one running conversation, with @mentions that
tell the colleague named by e-mail, and how far each person has read."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ChatMessage(models.Model):
    """One message of the chat; never edited, so what was said stays said."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("сообщение"))
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="desk_chat_mentions"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("сообщение чата отдела")
        verbose_name_plural = _("сообщения чата отдела")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.body[:60]


class ChatRead(models.Model):
    """The newest message a person has seen, for the count of mentions they have not."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_chat_read"
    )
    last_seen_id = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("прочитанное в чате")
        verbose_name_plural = _("прочитанное в чате")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.last_seen_id}"
