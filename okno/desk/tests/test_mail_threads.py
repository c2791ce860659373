"""Which appeal a letter answers, against a real IMAP server and SMTP sink: our own token
in the Message-ID it answers (whoever writes), then a letter of the thread it names in
In-Reply-To or References, then the subject's tag `[№ …]` — only from a person of the
appeal's client. A forged token threads nothing; a letter to a finished appeal opens it
again within the reopening window and a new one after it; an auto-reply to our letter is
a note, never answered."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from okno.desk.models import Appeal, AppealStatus, EventKind, IncomingMail, MailState
from okno.desk.tests.mailhelpers import corpus, letter, poll

pytestmark = pytest.mark.django_db


@pytest.fixture
def take(dovecot, mailbox, smtp_sink, django_capture_on_commit_callbacks):
    def deliver(*raws: bytes) -> None:
        for raw in raws:
            dovecot.deliver(mailbox.folder, raw)
        poll(django_capture_on_commit_callbacks)

    return deliver


@pytest.fixture
def reply(client, world, django_capture_on_commit_callbacks):
    """An operator answers on the appeal's page; returns nothing (the sink has the letter)."""

    def answer(appeal: Appeal, text: str, **fields) -> None:
        client.force_login(world.operator)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("desk:staff_message", args=[appeal.pk]), {"text": text, **fields})

    return answer


def test_an_answer_to_our_reply_threads_by_our_token_whoever_writes(world, take, reply, smtp_sink):
    take(letter(sender=world.a_admin.email, subject="Где УПД?"))
    appeal = Appeal.objects.get()
    reply(appeal, "Пришлите номер заказа, пожалуйста.", await_client="on")
    ours = smtp_sink.letters[-1]["Message-ID"]

    # A colleague the portal does not know answers from their own address.
    take(
        letter(
            sender="colleague@partner.example",
            subject="Re: где УПД",
            text="Заказ 456.",
            in_reply_to=ours,
        )
    )

    assert Appeal.objects.count() == 1
    message = appeal.events.filter(kind=EventKind.MESSAGE, direction="in").get()
    assert message.body == "Заказ 456."
    assert message.author is None
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.IN_PROGRESS


def test_a_letter_naming_one_of_the_thread_threads_by_references(world, take):
    take(letter(sender=world.a_admin.email, subject="Брак в поставке"))
    first = IncomingMail.objects.get().message_id

    take(
        letter(
            sender="director@partner.example",
            subject="Тоже про брак",
            text="Подтверждаю.",
            references=f"<older@partner.example> {first}",
        )
    )

    assert Appeal.objects.count() == 1
    assert IncomingMail.objects.filter(appeal=Appeal.objects.get()).count() == 2


def test_the_subject_tag_threads_only_a_person_of_the_same_client(world, take, smtp_sink):
    take(letter(sender=world.a_admin.email, subject="Недовоз"))
    appeal = Appeal.objects.get()
    tagged = f"[№ {appeal.number}] дополнение"
    world.contact_a.email = "sklad@client-a.example"
    world.contact_a.save()

    take(
        letter(sender="sklad@client-a.example", subject=tagged, text="Не хватает двух коробок."),
        letter(sender=world.b_admin.email, subject=tagged, text="Покажите нам их обращение"),
        letter(sender="stranger@example.org", subject=tagged, text="И мне"),
    )

    assert appeal.events.filter(kind=EventKind.MESSAGE).get().body == "Не хватает двух коробок."
    others = Appeal.objects.exclude(pk=appeal.pk)
    assert {row.client_id for row in others} == {world.client_b.pk, None}
    assert all(row.subject == tagged for row in others)


def test_a_forged_token_threads_nothing(world, take, reply, smtp_sink):
    take(letter(sender=world.a_admin.email, subject="Вопрос"))
    appeal = Appeal.objects.get()
    reply(appeal, "Ответ")
    ours = smtp_sink.letters[-1]["Message-ID"]
    signature = ours.split("-")[2].split(".")[0]
    forged = ours.replace(signature, "0" * len(signature))
    assert forged != ours

    take(letter(sender="stranger@example.org", subject="Взлом", in_reply_to=forged))

    assert Appeal.objects.count() == 2
    assert Appeal.objects.get(subject="Взлом").not_client


def test_a_letter_to_a_finished_appeal_reopens_it_within_the_window(world, take, reply, smtp_sink):
    take(letter(sender=world.a_admin.email, subject="Вопрос"))
    appeal = Appeal.objects.get()
    reply(appeal, "Готово")
    Appeal.objects.filter(pk=appeal.pk).update(
        status=AppealStatus.RESOLVED, finished_at=timezone.now()
    )
    ours = smtp_sink.letters[-1]["Message-ID"]

    take(letter(sender=world.a_admin.email, subject="Re: Вопрос", in_reply_to=ours))

    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REOPENED
    assert Appeal.objects.count() == 1


def test_a_letter_to_an_appeal_finished_long_ago_opens_a_new_one(
    world, take, reply, smtp_sink, settings
):
    take(letter(sender=world.a_admin.email, subject="Вопрос"))
    appeal = Appeal.objects.get()
    reply(appeal, "Готово")
    long_ago = timezone.now() - datetime.timedelta(days=settings.OKNO_DESK_REOPEN_DAYS + 1)
    Appeal.objects.filter(pk=appeal.pk).update(status=AppealStatus.CLOSED, finished_at=long_ago)
    ours = smtp_sink.letters[-1]["Message-ID"]

    take(letter(sender=world.a_admin.email, subject="Re: Вопрос", in_reply_to=ours))

    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.CLOSED
    assert Appeal.objects.count() == 2


def test_an_auto_reply_to_our_letter_is_a_note_and_is_not_answered(world, take, reply, smtp_sink):
    take(letter(sender=world.a_admin.email, subject="Вопрос"))
    appeal = Appeal.objects.get()
    reply(appeal, "Ответ", await_client="on")
    sent = len(smtp_sink.letters)
    ours = smtp_sink.letters[-1]["Message-ID"]

    take(corpus("autoreply.eml", sender=world.a_admin.email, in_reply_to=ours))

    incoming = IncomingMail.objects.get(state=MailState.AUTOMATIC)
    assert incoming.appeal == appeal
    assert not incoming.event.is_public
    assert "I am out of office" in incoming.event.body
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.AWAITING_CLIENT
    assert len(smtp_sink.letters) == sent


def test_our_token_comes_before_the_references(world, take, reply, smtp_sink):
    take(
        letter(sender=world.a_admin.email, subject="Первое"),
        letter(sender=world.a_admin.email, subject="Второе"),
    )
    first = Appeal.objects.get(subject="Первое")
    second_letter = IncomingMail.objects.get(subject="Второе").message_id
    reply(first, "Ответ на первое")
    ours = smtp_sink.letters[-1]["Message-ID"]

    take(
        letter(
            sender=world.a_admin.email,
            subject="Re: оба",
            text="Про первое",
            in_reply_to=ours,
            references=second_letter,
        )
    )

    assert first.events.filter(kind=EventKind.MESSAGE, direction="in").get().body == "Про первое"
    assert Appeal.objects.count() == 2
