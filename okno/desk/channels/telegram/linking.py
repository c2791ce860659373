"""Linking a Telegram chat to a client's person: the person takes a one-time code in the
cabinet and opens the bot by the deep link; the bot receives `/start <code>` and from then
on the chat's messages are that person's. A code is good once and for a day."""

from __future__ import annotations

import datetime
import secrets

from django.utils import timezone
from django.utils.translation import gettext as _

from okno.clients.models import ClientMembership, Contact
from okno.core.actor import Actor
from okno.core.errors import NotAllowed
from okno.desk.models import TelegramBot, TelegramChat, TelegramLinkCode

CODE_LIFETIME = datetime.timedelta(hours=24)


def link_code_issue(*, actor: Actor) -> TelegramLinkCode:
    """A new code for the client's person who asks; the earlier unused ones stay valid
    until they expire."""
    if actor.client_id is None:
        raise NotAllowed(_("Подключить Telegram может только человек клиента."))
    return TelegramLinkCode.objects.create(
        code=secrets.token_urlsafe(18), user=actor.user, client_id=actor.client_id
    )


def deep_link(bot: TelegramBot, code: TelegramLinkCode) -> str:
    return f"https://t.me/{bot.username}?start={code.code}"


def chat_link(*, chat: TelegramChat, code: str) -> bool:
    """Link the chat to the person whose fresh, unused code it is; False for a code that
    is unknown, used, expired, or whose person no longer belongs to the client.
    Precondition: inside a transaction."""
    since = timezone.now() - CODE_LIFETIME
    found = (
        TelegramLinkCode.objects.select_for_update()
        .filter(code=code, used_at__isnull=True, created_at__gte=since)
        .first()
    )
    if found is None or not _member(found):
        return False
    found.used_at = timezone.now()
    found.save(update_fields=["used_at"])
    chat.user_id = found.user_id
    chat.client_id = found.client_id
    chat.contact = Contact.objects.filter(user_id=found.user_id, client_id=found.client_id).first()
    chat.linked_at = found.used_at
    chat.save(update_fields=["user", "client", "contact", "linked_at"])
    return True


def _member(code: TelegramLinkCode) -> bool:
    return ClientMembership.objects.filter(
        user_id=code.user_id,
        user__is_active=True,
        client_id=code.client_id,
        client__is_active=True,
    ).exists()


def chats_of(actor: Actor) -> list[TelegramChat]:
    """The chats linked to the person, for their cabinet page."""
    if actor.client_id is None:
        return []
    return list(
        TelegramChat.objects.filter(user=actor.user, client_id=actor.client_id).select_related(
            "bot"
        )
    )
