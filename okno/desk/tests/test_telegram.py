"""The Telegram channel against a local fake of the Bot API: a person links their chat by
the cabinet's deep link; a message and a photo make an appeal (of no client from a chat
not linked); the operator's reply goes out by sendMessage after commit; an update
delivered twice is taken once; a bad one is quarantined and the bot goes on; a webhook
call without the secret is refused; long polling moves its offset."""

import datetime
import json
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from okno.desk import tasks
from okno.desk.channels.telegram.intake import update_store
from okno.desk.models import (
    Appeal,
    Attachment,
    Channel,
    EventKind,
    TelegramChat,
    TelegramOutgoing,
    TelegramUpdate,
    UpdateState,
)
from okno.desk.tests.fake_telegram import JPEG
from okno.desk.tests.helpers import finish

pytestmark = pytest.mark.django_db

CHAT = 555001


@pytest.fixture
def deliver(client, bot, django_capture_on_commit_callbacks):
    """Post an update to the bot's webhook as Telegram does; returns the response."""

    def post(update, *, secret=bot.webhook_secret, body=None):
        headers = {"HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": secret} if secret else {}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("desk:telegram_webhook", args=[bot.username]),
                body if body is not None else json.dumps(update),
                content_type="application/json",
                **headers,
            )

    return post


def _link_code(client, user) -> str:
    client.force_login(user)
    page = client.get(reverse("desk:appeals")).content.decode()
    assert reverse("desk:telegram_link") in page
    answer = client.post(reverse("desk:telegram_link")).content.decode()
    client.logout()
    return re.search(r"https://t\.me/okno_support_bot\?start=([\w-]+)", answer).group(1)


def test_a_linked_chat_writes_as_the_clients_person(world, client, bot_api, deliver):
    code = _link_code(client, world.a_admin)

    assert deliver(bot_api.message(CHAT, f"/start {code}")).status_code == 200
    chat = TelegramChat.objects.get(chat_id=CHAT)
    assert (chat.user, chat.client) == (world.a_admin, world.client_a)
    assert "подключён" in bot_api.sent[-1]["text"]
    deliver(bot_api.message(CHAT, "Где УПД по заказу?"))

    appeal = Appeal.objects.get()
    assert (appeal.client, appeal.author, appeal.channel) == (
        world.client_a,
        world.a_admin,
        Channel.TELEGRAM,
    )
    assert appeal.subject == "Где УПД по заказу?"
    client.force_login(world.a_admin)
    assert appeal.number in client.get(reverse("desk:appeals")).content.decode()
    client.force_login(world.a_admin)
    linked = client.get(reverse("desk:telegram_link")).content.decode()
    assert "Иван (@ivan)" in linked


def test_a_code_links_once(world, client, bot_api, deliver):
    code = _link_code(client, world.a_admin)
    deliver(bot_api.message(CHAT, f"/start {code}"))

    deliver(bot_api.message(CHAT + 1, f"/start {code}"))

    other = TelegramChat.objects.get(chat_id=CHAT + 1)
    assert other.client is None
    assert "не подошёл" in bot_api.sent[-1]["text"]
    assert TelegramUpdate.objects.filter(state=UpdateState.LINKED).count() == 1


def test_after_linking_the_chat_no_longer_writes_into_its_appeal_of_no_client(
    world, client, bot_api, deliver
):
    deliver(bot_api.message(CHAT, "Вопрос до подключения"))
    code = _link_code(client, world.a_admin)
    deliver(bot_api.message(CHAT, f"/start {code}"))

    deliver(bot_api.message(CHAT, "Вопрос после подключения"))

    before, after = Appeal.objects.order_by("pk")
    assert before.client is None
    assert after.client == world.client_a
    assert after.subject == "Вопрос после подключения"


def test_an_unlinked_chat_makes_an_appeal_of_no_client_and_a_photo_joins_it(bot_api, deliver):
    deliver(bot_api.message(CHAT, "Здравствуйте, пришёл не тот товар"))
    appeal = Appeal.objects.get()
    assert appeal.client is None
    assert appeal.channel == Channel.TELEGRAM
    assert appeal.number in bot_api.sent[-1]["text"]
    assert bot_api.sent[-1]["chat_id"] == CHAT

    deliver(bot_api.photo(CHAT, JPEG, caption="Вот фото"))

    assert Appeal.objects.count() == 1
    message = appeal.events.filter(kind=EventKind.MESSAGE).get()
    assert message.body == "Вот фото"
    assert message.channel == Channel.TELEGRAM
    photo = Attachment.objects.get(event=message)
    assert photo.file.read() == JPEG  # the largest of the photo's sizes
    assert photo.content_type == "image/jpeg"


def test_a_file_of_a_refused_type_is_named_to_both_sides(bot_api, deliver):
    deliver(bot_api.message(CHAT, "Прайс"))
    deliver(bot_api.document(CHAT, "price.exe", b"MZ\x90\x00"))

    appeal = Appeal.objects.get()
    assert not Attachment.objects.filter(appeal=appeal).exists()
    note = appeal.events.get(kind=EventKind.NOTE)
    assert "price.exe" in note.body
    assert "price.exe" in bot_api.sent[-1]["text"]
    assert TelegramUpdate.objects.filter(state=UpdateState.ACCEPTED).count() == 2


def test_a_finished_appeal_is_not_continued(world, bot_api, deliver):
    deliver(bot_api.message(CHAT, "Первый вопрос"))
    finish(world.operator, Appeal.objects.get(), to="closed")

    deliver(bot_api.message(CHAT, "Второй вопрос"))

    assert Appeal.objects.count() == 2
    assert Appeal.objects.order_by("-pk").first().subject == "Второй вопрос"


def test_the_operators_reply_goes_to_the_chat_after_commit(
    world, client, bot_api, deliver, django_capture_on_commit_callbacks
):
    deliver(bot_api.message(CHAT, "Когда доставка?"))
    appeal = Appeal.objects.get()
    bot_api.sent.clear()
    client.force_login(world.operator)
    url = reverse("desk:staff_message", args=[appeal.pk])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(url, {"text": "Завтра до 18:00."})
        assert bot_api.sent == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()

    assert bot_api.sent == [{"chat_id": CHAT, "text": "Завтра до 18:00."}]
    reply = appeal.events.get(kind=EventKind.MESSAGE, direction="out")
    assert reply.channel == Channel.TELEGRAM
    assert TelegramOutgoing.objects.get(event=reply).sent_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"text": "Проверить склад", "internal": "on"})
    assert len(bot_api.sent) == 1  # an internal note stays inside


def test_an_update_delivered_twice_is_taken_once(bot_api, deliver):
    update = bot_api.message(CHAT, "Один раз")

    assert deliver(update).status_code == 200
    assert deliver(update).status_code == 200

    assert Appeal.objects.count() == 1
    assert TelegramUpdate.objects.count() == 1
    assert len(bot_api.sent) == 1


def test_a_bad_update_is_quarantined_and_the_bot_goes_on(bot_api, deliver):
    bad = {"update_id": 77, "message": {"message_id": 1, "text": "без чата"}}

    assert deliver(bad).status_code == 200
    kept = TelegramUpdate.objects.get(update_id=77)
    assert kept.state == UpdateState.QUARANTINED
    assert "chat" in kept.reason
    assert json.loads(kept.raw) == bad
    assert not Appeal.objects.exists()

    deliver(bot_api.message(CHAT, "А это дойдёт"))
    assert Appeal.objects.get().subject == "А это дойдёт"


def test_a_body_that_is_no_update_is_refused(deliver):
    assert deliver(None, body="not json").status_code == 400
    assert deliver(None, body=json.dumps({"message": {}})).status_code == 400
    assert not TelegramUpdate.objects.exists()


@pytest.mark.parametrize("secret", ["", "wrong"])
def test_the_webhook_refuses_a_call_without_the_secret(bot_api, deliver, secret):
    assert deliver(bot_api.message(CHAT, "Подделка"), secret=secret).status_code == 403
    assert not TelegramUpdate.objects.exists()
    assert not Appeal.objects.exists()


def test_long_polling_moves_its_offset(bot, bot_api, django_capture_on_commit_callbacks):
    bot.polling = True
    bot.save(update_fields=["polling"])
    first, second = bot_api.message(CHAT, "Первое"), bot_api.message(CHAT, "Второе")
    bot_api.waiting += [first, second]

    with django_capture_on_commit_callbacks(execute=True):
        tasks.telegram_poll.call_local()
    bot.refresh_from_db()
    assert bot.next_update_id == second["update_id"] + 1
    assert Appeal.objects.get().events.filter(kind=EventKind.MESSAGE).count() == 1

    third = bot_api.message(CHAT, "Третье")
    bot_api.waiting.append(third)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.telegram_poll.call_local()

    assert bot_api.offsets == [0, second["update_id"] + 1]
    assert TelegramUpdate.objects.count() == 3
    bot.refresh_from_db()
    assert bot.next_update_id == third["update_id"] + 1
    assert bot.poll_error == ""


def test_an_update_kept_but_never_filed_is_filed_by_the_worker(
    bot, bot_api, django_capture_on_commit_callbacks
):
    """The process stopped between keeping an update and filing it; Telegram will not
    send it again."""
    raw = json.dumps(bot_api.message(CHAT, "Потерянное")).encode()
    kept = update_store(bot=bot, raw=raw)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.telegram_poll.call_local()
    assert Appeal.objects.count() == 0  # a request may be filing it right now
    later = timezone.now() + datetime.timedelta(minutes=2)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        tasks.telegram_poll.call_local()
    kept.refresh_from_db()
    assert kept.state == UpdateState.ACCEPTED
    assert Appeal.objects.get().subject.startswith("Потерянное")


def test_a_failed_poll_keeps_the_offset(bot, bot_api):
    bot.polling = True
    bot.token = "999:unknown"
    bot.save(update_fields=["polling", "token"])

    tasks.telegram_poll.call_local()

    bot.refresh_from_db()
    assert bot.next_update_id == 0
    assert "Unauthorized" in bot.poll_error


def test_a_polling_bot_has_no_webhook(bot, bot_api, deliver):
    bot.polling = True
    bot.save(update_fields=["polling"])

    assert deliver(bot_api.message(CHAT, "Сюда")).status_code == 404
