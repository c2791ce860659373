"""Long polling for an installation without a public address: the worker asks each polling
bot for the updates after the last one it took (`next_update_id`, Telegram's offset), keeps
and takes each, then moves the offset on — which also tells Telegram those are done."""

from __future__ import annotations

import json

from django.utils import timezone

from okno.desk.channels.base import BadUpdate
from okno.desk.channels.telegram.api import BotApiError, TelegramMessenger
from okno.desk.channels.telegram.intake import (
    update_id_of,
    update_store,
    update_take,
    updates_left_over_take,
)
from okno.desk.models import TelegramBot


def bots_poll() -> None:
    """The polling bots' waiting updates, and any bot's updates kept but never filed."""
    updates_left_over_take()
    for bot in TelegramBot.objects.filter(is_active=True, polling=True):
        bot_poll(bot)


def bot_poll(bot: TelegramBot) -> int:
    """Take the bot's waiting updates; returns how many came. A failed call is noted on
    the bot and tried again next time from the same offset."""
    try:
        updates = TelegramMessenger(bot).updates(bot.next_update_id)
    except BotApiError as error:
        bot.poll_error = str(error)[:500]
        bot.polled_at = timezone.now()
        bot.save(update_fields=["poll_error", "polled_at"])
        return 0
    for item in updates:
        raw = json.dumps(item, ensure_ascii=False).encode()
        try:
            update_id = update_id_of(raw)
        except BadUpdate:
            continue  # nothing to keep it by, nor to move the offset past
        stored = update_store(bot=bot, raw=raw)
        if stored is not None:
            update_take(stored)
        bot.next_update_id = max(bot.next_update_id, update_id + 1)
    bot.poll_error = ""
    bot.polled_at = timezone.now()
    bot.save(update_fields=["next_update_id", "poll_error", "polled_at"])
    return len(updates)
