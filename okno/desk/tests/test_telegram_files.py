"""The Telegram channel's operator files and flood limit, against the local fake of the Bot
API: a public reply's files follow its text into the chat (an image by sendPhoto, any
other by sendDocument, uploaded as multipart), a file over the bot's upload limit becomes
a link to the appeal in the cabinet, a failed upload is retried without sending the text
again; a chat writing faster than the limit has its further updates kept unfiled, and is
warned once."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from okno.desk import tasks
from okno.desk.channels.base import FileOut
from okno.desk.channels.telegram.api import BotApiError, TelegramMessenger
from okno.desk.models import Appeal, EventKind, TelegramOutgoing, TelegramUpdate, UpdateState
from okno.desk.tests.fake_telegram import JPEG
from okno.desk.tests.helpers import PDF

pytestmark = pytest.mark.django_db

CHAT = 555101


@pytest.fixture
def deliver(client, bot, django_capture_on_commit_callbacks):
    def post(update):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("desk:telegram_webhook", args=[bot.username]),
                json.dumps(update),
                content_type="application/json",
                HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=bot.webhook_secret,
            )

    return post


@pytest.fixture
def appeal(bot_api, deliver):
    """An appeal opened from the chat, with the bot's acknowledgement already sent."""
    deliver(bot_api.message(CHAT, "Пришёл брак"))
    bot_api.sent.clear()
    bot_api.calls.clear()
    return Appeal.objects.get()


def _reply(client, operator, appeal, text, *files, capture, execute=True):
    client.force_login(operator)
    uploads = [SimpleUploadedFile(name, content) for name, content in files]
    with capture(execute=execute) as callbacks:
        client.post(
            reverse("desk:staff_message", args=[appeal.pk]), {"text": text, "files": uploads}
        )
    return callbacks


def test_a_reply_with_files_sends_the_text_then_each_file(
    world, client, bot_api, appeal, django_capture_on_commit_callbacks
):
    files = [("Акт осмотра.pdf", PDF), ("фото.jpg", JPEG)]

    callbacks = _reply(
        client,
        world.operator,
        appeal,
        "Акт и фото во вложении.",
        *files,
        capture=django_capture_on_commit_callbacks,
        execute=False,
    )
    assert bot_api.calls == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()

    assert bot_api.calls == ["sendMessage", "sendDocument", "sendPhoto"]
    assert bot_api.sent == [{"chat_id": CHAT, "text": "Акт и фото во вложении."}]
    received = [(row.chat_id, row.name, row.content) for row in bot_api.uploads]
    assert received == [(CHAT, "Акт осмотра.pdf", PDF), (CHAT, "фото.jpg", JPEG)]
    assert bot_api.uploads[1].content_type == "image/jpeg"
    reply = appeal.events.get(kind=EventKind.MESSAGE, direction="out")
    outgoing = TelegramOutgoing.objects.get(event=reply)
    assert (outgoing.parts_sent, outgoing.sent_at is not None) == (3, True)


def test_a_file_over_the_upload_limit_becomes_a_link_to_the_appeal(
    world, client, bot_api, appeal, settings, django_capture_on_commit_callbacks
):
    settings.OKNO_TELEGRAM_UPLOAD_MB = 0  # every file is over it

    _reply(
        client,
        world.operator,
        appeal,
        "Счёт во вложении.",
        ("Счёт.pdf", PDF),
        capture=django_capture_on_commit_callbacks,
    )

    assert bot_api.uploads == []
    text, link = (row["text"] for row in bot_api.sent)
    assert text == "Счёт во вложении."
    assert "Счёт.pdf" in link
    assert settings.OKNO_BASE_URL + reverse("desk:appeal", args=[appeal.pk]) in link


def test_a_failed_upload_is_retried_without_the_text_again(
    world, client, bot_api, appeal, django_capture_on_commit_callbacks
):
    bot_api.failing["sendDocument"] = "Too Many Requests: retry after 5"
    _reply(
        client,
        world.operator,
        appeal,
        "Акт во вложении.",
        ("Акт.pdf", PDF),
        capture=django_capture_on_commit_callbacks,
        execute=False,
    )
    outgoing = TelegramOutgoing.objects.get(event__isnull=False)

    with pytest.raises(BotApiError, match="retry after"):
        tasks.telegram_send.call_local(outgoing_id=outgoing.pk)
    outgoing.refresh_from_db()
    assert (outgoing.parts_sent, outgoing.sent_at) == (1, None)

    tasks.telegram_send.call_local(outgoing_id=outgoing.pk)  # the queue's retry
    tasks.telegram_send.call_local(outgoing_id=outgoing.pk)  # and a late duplicate

    assert bot_api.calls == ["sendMessage", "sendDocument"]
    assert [row.name for row in bot_api.uploads] == ["Акт.pdf"]


def test_an_internal_notes_files_stay_inside(
    world, client, bot_api, appeal, django_capture_on_commit_callbacks
):
    client.force_login(world.operator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("desk:staff_message", args=[appeal.pk]),
            {"text": "Для склада", "internal": "on", "files": [SimpleUploadedFile("a.pdf", PDF)]},
        )

    assert bot_api.calls == []


def test_a_photo_telegram_refuses_as_one_goes_as_a_document(bot, bot_api):
    messenger = TelegramMessenger(bot)
    picture = FileOut(name="схема.png", content=JPEG, content_type="image/png")
    bot_api.failing["sendPhoto"] = "Bad Request: PHOTO_INVALID_DIMENSIONS"

    messenger.send_file(CHAT, picture)

    assert bot_api.calls == ["sendDocument"]
    assert bot_api.uploads[0].name == "схема.png"
    bot_api.failing["sendPhoto"] = "Too Many Requests: retry after 5"
    with pytest.raises(BotApiError):  # any other refusal is the queue's to retry
        messenger.send_file(CHAT, picture)


def test_a_flooding_chat_is_kept_unfiled_and_warned_once(bot_api, deliver, settings):
    settings.OKNO_TELEGRAM_CHAT_PER_MINUTE = 3
    for number in range(6):
        deliver(bot_api.message(CHAT, f"Сообщение {number}"))

    appeal = Appeal.objects.get()
    filed = appeal.events.filter(kind__in=[EventKind.CREATED, EventKind.MESSAGE])
    assert filed.count() == 3
    kept = TelegramUpdate.objects.filter(state=UpdateState.QUARANTINED)
    assert kept.count() == 3
    assert all("3" in row.reason and row.appeal is None for row in kept)
    assert all(json.loads(row.raw)["message"]["text"] for row in kept)  # the raw stays whole
    warnings = [row for row in bot_api.sent if "Слишком много сообщений" in row["text"]]
    assert warnings == [{"chat_id": CHAT, "text": warnings[0]["text"]}]


def test_another_chat_is_not_limited_by_a_flooding_one(bot_api, deliver, settings):
    settings.OKNO_TELEGRAM_CHAT_PER_MINUTE = 1
    deliver(bot_api.message(CHAT, "Первое"))
    deliver(bot_api.message(CHAT, "Второе"))

    deliver(bot_api.message(CHAT + 1, "Из другого чата"))

    assert TelegramUpdate.objects.filter(state=UpdateState.QUARANTINED).count() == 1
    assert Appeal.objects.count() == 2
