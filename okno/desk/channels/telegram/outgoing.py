"""Messages the desk sends to a Telegram chat: an operator's public reply and the bot's own
answers (the new appeal's number, a linked chat, files not taken). Each is recorded and
sent after the transaction commits, so a rolled-back reply never reaches the client."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from okno.desk.channels.telegram.api import TelegramMessenger
from okno.desk.models import Appeal, AppealEvent, TelegramChat, TelegramOutgoing


def telegram_send_queue(
    *,
    chat: TelegramChat,
    text: str,
    appeal: Appeal | None = None,
    event: AppealEvent | None = None,
) -> TelegramOutgoing:
    message = TelegramOutgoing.objects.create(chat=chat, appeal=appeal, event=event, text=text)
    from okno.desk import tasks

    transaction.on_commit(lambda: tasks.telegram_send(outgoing_id=message.pk))
    return message


def telegram_send(*, outgoing_id: int) -> None:
    """Send a recorded message with sendMessage; one already sent is not sent again."""
    message = TelegramOutgoing.objects.select_related("chat__bot").get(pk=outgoing_id)
    if message.sent_at is not None:
        return
    TelegramMessenger(message.chat.bot).send(message.chat.chat_id, message.text)
    message.sent_at = timezone.now()
    message.save(update_fields=["sent_at"])
