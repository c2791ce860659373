"""Taking a Telegram update in, as the e-mail channel takes a letter: its raw JSON is
stored first (once per `update_id` of the bot), then it is read and filed in another
transaction — `/start <code>` links the chat to a client's person; a message goes into
the chat's open appeal, or opens a new one (of no client while the chat is not linked).
Whatever goes wrong with one update quarantines it with the reason and the bot goes on."""

from __future__ import annotations

import datetime
import json

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.core.errors import InvalidInput
from okno.desk import states
from okno.desk.channels.base import BadUpdate, IncomingMessage
from okno.desk.channels.telegram.api import BotApiError, TelegramMessenger
from okno.desk.channels.telegram.linking import chat_link
from okno.desk.channels.telegram.outgoing import telegram_send_queue
from okno.desk.models import (
    Appeal,
    AppealEvent,
    Channel,
    TelegramBot,
    TelegramChat,
    TelegramThread,
    TelegramUpdate,
    UpdateState,
)
from okno.desk.services.appeals import appeal_letter_add, appeal_letter_open, appeal_note_add
from okno.desk.services.attachments import attachments_store, files_check

SUBJECT_LENGTH = 80
FLOOD_WINDOW = datetime.timedelta(minutes=1)
LEFT_OVER_AFTER = datetime.timedelta(minutes=1)


def update_id_of(raw: bytes) -> int:
    """The update's `update_id`; `BadUpdate` for a body that is not an update at all
    (nothing to keep it by)."""
    try:
        update = json.loads(raw)
    except ValueError as error:
        raise BadUpdate(f"not JSON: {error}") from error
    update_id = update.get("update_id") if isinstance(update, dict) else None
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        raise BadUpdate("no update_id")
    return update_id


def update_store(*, bot: TelegramBot, raw: bytes) -> TelegramUpdate | None:
    """Keep the raw update before anything reads it. None when it was taken before (the
    webhook retried, or polling and a webhook overlapped). `BadUpdate` for a body without
    an `update_id`."""
    update_id = update_id_of(raw)
    if TelegramUpdate.objects.filter(bot=bot, update_id=update_id).exists():
        return None
    update = TelegramUpdate(bot=bot, update_id=update_id, raw=raw.decode("utf-8", "replace"))
    try:
        with transaction.atomic():
            update.save()
    except IntegrityError:  # another request stored it a moment ago
        return None
    return update


def updates_left_over_take() -> int:
    """File the updates kept but never filed — the process stopped between the two steps,
    and Telegram, told they arrived, will not send them again. Only those a minute old,
    so that a request taking one now is not overtaken. Returns how many."""
    since = timezone.now() - LEFT_OVER_AFTER
    left = TelegramUpdate.objects.filter(state=UpdateState.RECEIVED, received_at__lt=since)
    updates = list(left.order_by("received_at", "pk"))
    for update in updates:
        update_take(update)
    return len(updates)


def update_take(update: TelegramUpdate) -> TelegramUpdate:
    """Read and file a stored update; any failure quarantines it with the reason."""
    try:
        with transaction.atomic():
            _take(update)
    except BadUpdate as refusal:
        _quarantine(update, str(refusal))
    except Exception as error:  # one bad update never stops the bot
        _quarantine(update, f"{type(error).__name__}: {error}")
    return update


def _quarantine(update: TelegramUpdate, reason: str) -> None:
    update.state = UpdateState.QUARANTINED
    update.reason = reason[:500]
    update.appeal = None
    update.event = None
    # A chat made in the rolled-back transaction is gone; one made before stays named.
    chat_id = update.chat_id
    update.chat = TelegramChat.objects.filter(pk=chat_id).first() if chat_id else None
    update.save(update_fields=["state", "reason", "appeal", "event", "chat"])


def _take(update: TelegramUpdate) -> None:
    messenger = TelegramMessenger(update.bot)
    message = messenger.message_from(json.loads(update.raw))
    if message is None:
        update.state = UpdateState.IGNORED
        update.save(update_fields=["state"])
        return
    chat = _chat(update.bot, message)
    update.chat = chat
    if _flooding(update, chat):
        return
    if message.is_start:
        _start(update, chat, message)
        return
    appeal, event = _file(update.bot, chat, message)
    _files(messenger, chat, message, appeal, event)
    update.state = UpdateState.ACCEPTED
    update.appeal = appeal
    update.event = event
    update.save(update_fields=["state", "chat", "appeal", "event"])


def _chat(bot: TelegramBot, message: IncomingMessage) -> TelegramChat:
    chat, created = TelegramChat.objects.get_or_create(
        bot=bot, chat_id=message.chat_id, defaults={"title": message.title}
    )
    if not created and message.title and chat.title != message.title:
        chat.title = message.title
        chat.save(update_fields=["title"])
    return chat


def _flooding(update: TelegramUpdate, chat: TelegramChat) -> bool:
    """At most `OKNO_TELEGRAM_CHAT_PER_MINUTE` updates of a chat are taken in a minute: past
    it the update stays in quarantine, unfiled (staff may file it from the back office),
    and the chat is warned once while it keeps flooding."""
    limit = settings.OKNO_TELEGRAM_CHAT_PER_MINUTE
    since = timezone.now() - FLOOD_WINDOW
    taken = (
        TelegramUpdate.objects.filter(chat=chat, received_at__gte=since)
        .exclude(state__in=[UpdateState.RECEIVED, UpdateState.QUARANTINED])
        .exclude(pk=update.pk)
        .count()
    )
    if taken < limit:
        return False
    update.state = UpdateState.QUARANTINED
    update.reason = _("Из чата больше %(limit)s сообщений в минуту — не принято.") % {
        "limit": limit
    }
    update.save(update_fields=["state", "reason", "chat"])
    if chat.flood_warned_at is None or chat.flood_warned_at < since:
        chat.flood_warned_at = timezone.now()
        chat.save(update_fields=["flood_warned_at"])
        telegram_send_queue(
            chat=chat,
            text=_(
                "Слишком много сообщений подряд: следующие пока не принимаем. Подождите "
                "минуту и напишите снова одним сообщением."
            ),
        )
    return True


def _start(update: TelegramUpdate, chat: TelegramChat, message: IncomingMessage) -> None:
    """`/start` with a code links the chat; without one the bot only greets."""
    if message.start_code and chat_link(chat=chat, code=message.start_code):
        update.state = UpdateState.LINKED
        text = _(
            "Telegram подключён к личному кабинету. Напишите сюда вопрос или претензию — "
            "мы ответим в этом чате."
        )
    else:
        update.state = UpdateState.IGNORED
        if message.start_code:
            update.reason = _("код привязки не подошёл")
            text = _(
                "Код привязки не подошёл или устарел. Возьмите новую ссылку в личном "
                "кабинете: «Обращения» → «Подключить Telegram». Можно и просто написать "
                "сюда вопрос."
            )
        else:
            text = _("Здравствуйте! Напишите вопрос или претензию — мы ответим в этом чате.")
    update.save(update_fields=["state", "reason", "chat"])
    telegram_send_queue(chat=chat, text=text)


def _file(
    bot: TelegramBot, chat: TelegramChat, message: IncomingMessage
) -> tuple[Appeal, AppealEvent]:
    """Into the chat's open appeal, else a new one with an acknowledgement."""
    text = message.text or _("(сообщение без текста)")
    appeal = _open_appeal(chat)
    if appeal is not None:
        return appeal_letter_add(
            appeal=appeal, text=text, author=chat.user, channel=Channel.TELEGRAM
        )
    appeal, event = appeal_letter_open(
        kind=bot.kind,
        subject=_subject(message.text),
        text=text,
        client=chat.client,
        contact=chat.contact,
        author=chat.user,
        channel=Channel.TELEGRAM,
    )
    TelegramThread.objects.create(appeal=appeal, chat=chat)
    telegram_send_queue(
        chat=chat,
        appeal=appeal,
        text=_(
            "Обращение принято, его номер %(number)s. Ответим в этом чате; чтобы дополнить "
            "обращение, просто напишите сюда."
        )
        % {"number": appeal.number},
    )
    return appeal, event


def _open_appeal(chat: TelegramChat) -> Appeal | None:
    """The chat's latest unfinished appeal of the chat's present client: after the chat is
    linked (or linked to another person) its earlier appeals take no more messages, so no
    one writes into another client's appeal."""
    thread = (
        TelegramThread.objects.filter(chat=chat, appeal__client=chat.client)
        .exclude(appeal__status__in=states.FINISHED)
        .select_related("appeal")
        .order_by("-appeal__created_at", "-pk")
        .first()
    )
    return thread.appeal if thread is not None else None


def _subject(text: str) -> str:
    first_line = (text or "").strip().split("\n", 1)[0]
    if len(first_line) > SUBJECT_LENGTH:
        first_line = first_line[: SUBJECT_LENGTH - 1].rstrip() + "…"
    return first_line or _("Сообщение в Telegram")


def _files(
    messenger: TelegramMessenger,
    chat: TelegramChat,
    message: IncomingMessage,
    appeal: Appeal,
    event: AppealEvent,
) -> None:
    """Fetch the message's files and store them through the desk's file rules; a refused
    file is named to the operators (a note) and to the person (a reply)."""
    refused = []
    limit = settings.OKNO_DESK_MAX_FILE_MB * 1024 * 1024
    for file in message.files:
        if file.size > limit:
            refused.append(f"{file.name}: " + _("больше %(mb)s МБ") % {"mb": _mb()})
            continue
        try:
            checked = files_check([messenger.file_fetch(file)])
        except InvalidInput as error:
            refused.append(error.message)
            continue
        except BotApiError as error:
            raise BadUpdate(str(error)) from error
        attachments_store(checked, appeal=appeal, user=None, event=event)
    if not refused:
        return
    listed = "\n".join(refused)
    appeal_note_add(
        appeal=appeal,
        text=_("Файлы из Telegram не приняты:\n%(files)s") % {"files": listed},
        channel=Channel.TELEGRAM,
    )
    telegram_send_queue(
        chat=chat,
        appeal=appeal,
        text=_(
            "Эти файлы не приняты:\n%(files)s\n\nПришлите, пожалуйста, фото, PDF, документы "
            "Office, текст, архив ZIP или видео MP4, каждый не больше %(mb)s МБ."
        )
        % {"files": listed, "mb": _mb()},
    )


def _mb() -> int:
    return settings.OKNO_DESK_MAX_FILE_MB
