"""Messages the desk sends to a Telegram chat: an operator's public reply (its text, then its
files) and the bot's own answers (the new appeal's number, a linked chat, files not taken,
a warning to a chat that writes too fast). Each is recorded and sent after the transaction
commits, so a rolled-back reply never reaches the client."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.desk.channels.base import FileOut
from okno.desk.channels.telegram.api import TelegramMessenger
from okno.desk.models import Appeal, AppealEvent, Attachment, TelegramChat, TelegramOutgoing

Part = Callable[[TelegramMessenger, int], None]


def telegram_send_queue(
    *,
    chat: TelegramChat,
    text: str,
    appeal: Appeal | None = None,
    event: AppealEvent | None = None,
) -> TelegramOutgoing:
    """Record a message for the chat and send it after commit; with `event` the entry's
    public files follow the text."""
    message = TelegramOutgoing.objects.create(chat=chat, appeal=appeal, event=event, text=text)
    from okno.desk import tasks

    transaction.on_commit(lambda: tasks.telegram_send(outgoing_id=message.pk))
    return message


def telegram_send(*, outgoing_id: int) -> None:
    """Send a recorded message part by part (the text by sendMessage, each file by
    sendPhoto or sendDocument), counting the parts delivered: a retry after a failure
    sends only what did not go, and a message already sent is not sent again."""
    message = TelegramOutgoing.objects.select_related("chat__bot").get(pk=outgoing_id)
    if message.sent_at is not None:
        return
    messenger = TelegramMessenger(message.chat.bot)
    parts = _parts(message)
    for number in range(message.parts_sent, len(parts)):
        parts[number](messenger, message.chat.chat_id)
        message.parts_sent = number + 1
        message.save(update_fields=["parts_sent"])
    message.sent_at = timezone.now()
    message.save(update_fields=["sent_at"])


def _parts(message: TelegramOutgoing) -> list[Part]:
    parts: list[Part] = [lambda messenger, chat_id: _text(messenger, chat_id, message.text)]
    if message.event_id is None:
        return parts
    files = Attachment.objects.filter(event_id=message.event_id, is_public=True).order_by("pk")
    limit = settings.OKNO_TELEGRAM_UPLOAD_MB * 1024 * 1024
    for file in files:
        if file.size > limit:
            parts.append(_link_part(file, message.appeal_id))
        else:
            parts.append(_file_part(file))
    return parts


def _text(messenger: TelegramMessenger, chat_id: int, text: str) -> None:
    if text.strip():
        messenger.send(chat_id, text)


def _file_part(file: Attachment) -> Part:
    def send(messenger: TelegramMessenger, chat_id: int) -> None:
        with file.file.open("rb") as stored:
            content = stored.read()
        messenger.send_file(
            chat_id, FileOut(name=file.name, content=content, content_type=file.content_type)
        )

    return send


def _link_part(file: Attachment, appeal_id: int | None) -> Part:
    """A file larger than a bot may upload: the client is sent where to download it."""
    url = settings.OKNO_BASE_URL + reverse("desk:appeal", args=[appeal_id])
    text = _(
        "Файл «%(name)s» (%(mb)s МБ) слишком большой для Telegram. Скачать его можно на "
        "странице обращения в личном кабинете: %(url)s"
    ) % {"name": file.name, "mb": _megabytes(file.size), "url": url}
    return lambda messenger, chat_id: _text(messenger, chat_id, text)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")
