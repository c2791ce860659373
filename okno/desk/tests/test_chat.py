"""The department chat through its page: messages in order, new ones fetched by the open
page, @mentions by login or surname told by e-mail and counted in the menu until read, an
unknown or shared name reported to the author; a mention in an appeal's internal note
makes a watcher; nobody but desk staff reaches the chat."""

import pytest
from django.core import mail
from django.urls import reverse

from okno.accounts.models import StaffRole
from okno.accounts.tests.factories import StaffFactory
from okno.desk.models import ChatMessage
from okno.desk.tests.helpers import question

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(world):
    return StaffFactory(
        staff_role=StaffRole.OPERATOR,
        manager_code=None,
        email="petrova@okno.test",
        full_name="Петрова Анна Ильинична",
    )


def _post(client, user, text, capture):
    client.force_login(user)
    with capture(execute=True):
        return client.post(reverse("desk:chat"), {"text": text}, follow=True)


def test_a_message_with_mentions_tells_the_colleagues(
    world, client, colleague, django_capture_on_commit_callbacks
):
    second = StaffFactory(
        staff_role=StaffRole.SUPERVISOR, manager_code=None, email="boss@okno.test"
    )
    text = "@petrova, @boss глянете претензию ПР-000007? Склад молчит."
    response = _post(client, world.operator, text, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    message = ChatMessage.objects.get()
    assert set(message.mentions.all()) == {colleague, second}
    assert sorted(letter.to[0] for letter in mail.outbox) == ["boss@okno.test", "petrova@okno.test"]
    assert "Склад молчит." in mail.outbox[0].body
    assert reverse("desk:chat") in mail.outbox[0].body
    assert "Склад молчит." in response.content.decode()


def test_a_surname_names_a_colleague_and_the_unread_mention_is_counted(
    world, client, colleague, django_capture_on_commit_callbacks
):
    _post(
        client, world.operator, "@Петрова посмотри, пожалуйста", django_capture_on_commit_callbacks
    )
    assert list(ChatMessage.objects.get().mentions.all()) == [colleague]
    client.force_login(colleague)
    assert reverse("desk:chat_unread") in client.get(reverse("desk:queue")).content.decode()
    badge = client.get(reverse("desk:chat_unread")).content.decode()
    assert 'data-chat-unread title="Упоминаний вас">1<' in badge
    client.get(reverse("desk:chat"))
    assert "data-chat-unread" not in client.get(reverse("desk:chat_unread")).content.decode()


def test_an_unknown_or_shared_name_is_reported_and_nobody_is_told(
    world, client, colleague, django_capture_on_commit_callbacks
):
    StaffFactory(staff_role=StaffRole.OPERATOR, manager_code=None, full_name="Петрова Ольга")
    text = "@Петрова и @nobody, добрый день"
    response = _post(client, world.operator, text, django_capture_on_commit_callbacks)
    page = response.content.decode()
    assert "Не нашли, кого вы упомянули: @Петрова, @nobody." in page
    assert not ChatMessage.objects.get().mentions.exists()
    assert not mail.outbox


def test_the_open_page_fetches_only_newer_messages(world, client, colleague):
    client.force_login(world.operator)
    client.post(reverse("desk:chat"), {"text": "Первое"})
    first = ChatMessage.objects.get()
    client.force_login(colleague)
    client.post(reverse("desk:chat"), {"text": "Второе"})
    client.force_login(world.operator)
    response = client.get(reverse("desk:chat_since"), {"after": first.pk})
    text = response.content.decode()
    assert "Второе" in text
    assert "Первое" not in text
    newest = ChatMessage.objects.latest("pk").pk
    assert f"?after={newest}" in text


def test_empty_and_overlong_messages_are_refused(world, client):
    client.force_login(world.operator)
    page = client.post(reverse("desk:chat"), {"text": "   "}, follow=True).content.decode()
    assert "Напишите сообщение." in page
    page = client.post(reverse("desk:chat"), {"text": "я" * 2001}, follow=True).content.decode()
    assert "не длиннее 2000 знаков" in page
    assert not ChatMessage.objects.exists()


def test_a_mention_in_an_internal_note_makes_a_watcher(
    world, client, colleague, django_capture_on_commit_callbacks
):
    appeal = question(world.a_admin)
    client.force_login(world.operator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("desk:staff_message", args=[appeal.pk]),
            {"text": "@petrova проверь остатки", "internal": "on"},
        )
    assert list(appeal.watchers.all()) == [colleague]
    assert [letter.to for letter in mail.outbox] == [["petrova@okno.test"]]
    assert appeal.number in mail.outbox[0].subject


@pytest.mark.parametrize("who", ["a_admin", "manager_a"])
def test_only_desk_staff_reach_the_chat(world, client, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("desk:chat")).status_code == 403
    assert client.post(reverse("desk:chat"), {"text": "Привет"}).status_code == 403
    assert client.get(reverse("desk:chat_since")).status_code == 403
    assert client.get(reverse("desk:chat_unread")).status_code == 403
    assert not ChatMessage.objects.exists()
