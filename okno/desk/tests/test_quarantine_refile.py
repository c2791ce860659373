"""«Разобрать снова» in the back office: an administrator files quarantined letters and
Telegram updates again from their raw source once the cause is fixed — each reported as
filed (with its appeal) or refused (with the error, still quarantined), never filed twice,
one audit entry per run; others may not."""

import json

import pytest
from django.urls import reverse

from okno.audit.models import AuditEvent
from okno.desk.mail import intake
from okno.desk.mail.intake import mail_store, mail_take
from okno.desk.mail.parse import MalformedMail
from okno.desk.models import (
    Appeal,
    AppealKind,
    IncomingMail,
    Mailbox,
    MailState,
    TelegramUpdate,
    UpdateState,
)
from okno.desk.tests.mailhelpers import letter

pytestmark = pytest.mark.django_db

SENDER = "buyer@client.example.ru"
LETTERS = "admin:desk_incomingmail_changelist"
UPDATES = "admin:desk_telegramupdate_changelist"


@pytest.fixture
def mailbox():
    """A mailbox whose letters are stored and taken here, as its poll would."""
    return Mailbox.objects.create(
        name="Претензии",
        address="claims@okno.local",
        imap_host="127.0.0.1",
        imap_user="claims",
        imap_password="-",
        kind=AppealKind.objects.get(code="question"),
    )


def _quarantined_letter(mailbox, uid=1, **fields) -> IncomingMail:
    stored = mail_store(
        mailbox=mailbox, uidvalidity=1, uid=uid, raw=letter(sender=SENDER, **fields)
    )
    taken = mail_take(stored)
    assert taken.state == MailState.QUARANTINED
    return taken


def _refile(client, user, changelist, *items, capture):
    client.force_login(user)
    data = {"action": "refile_selected", "_selected_action": [item.pk for item in items]}
    with capture(execute=True):
        response = client.post(reverse(changelist), data, follow=True)
    assert response.status_code == 200
    return [(message.level_tag, message.message) for message in response.context["messages"]]


def test_a_letter_past_the_senders_limit_is_filed_once_the_limit_allows(
    world, client, mailbox, settings, django_capture_on_commit_callbacks
):
    settings.OKNO_DESK_MAIL_NEW_PER_HOUR = 0
    kept = _quarantined_letter(mailbox)
    assert "0 новых обращений" in kept.reason
    settings.OKNO_DESK_MAIL_NEW_PER_HOUR = 20

    said = _refile(client, world.admin, LETTERS, kept, capture=django_capture_on_commit_callbacks)

    appeal = Appeal.objects.get()
    assert said == [("success", f"Письмо {kept.pk} от {SENDER}: в обращении {appeal.number}")]
    kept.refresh_from_db()
    assert (kept.state, kept.reason, kept.appeal) == (MailState.ACCEPTED, "", appeal)
    assert appeal.subject == "Вопрос по заказу"
    audit = AuditEvent.objects.get(action="desk.quarantine_refiled")
    assert audit.user == world.admin
    assert audit.changes["filed"] == 1
    assert appeal.number in audit.changes["filed_items"]

    again = _refile(client, world.admin, LETTERS, kept, capture=django_capture_on_commit_callbacks)

    assert again == [("error", f"Письмо {kept.pk}: не в карантине (Принято в обращение)")]
    assert Appeal.objects.count() == 1


def test_a_letter_that_fails_again_stays_quarantined_with_the_error(
    world, client, mailbox, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(raw):
        raise MalformedMail("заголовок From не читается")

    monkeypatch.setattr(intake, "mail_parse", broken)
    kept = _quarantined_letter(mailbox)

    said = _refile(client, world.admin, LETTERS, kept, capture=django_capture_on_commit_callbacks)

    assert said == [("error", f"Письмо {kept.pk} от —: заголовок From не читается")]
    kept.refresh_from_db()
    assert (kept.state, kept.reason) == (MailState.QUARANTINED, "заголовок From не читается")
    assert not Appeal.objects.exists()
    audit = AuditEvent.objects.get(action="desk.quarantine_refiled")
    assert audit.changes["refused"] == 1


def test_the_letters_page_has_the_button_once_the_parser_is_fixed(
    world, client, mailbox, monkeypatch, django_capture_on_commit_callbacks
):
    with monkeypatch.context() as patched:
        patched.setattr(intake, "mail_parse", lambda raw: (_ for _ in ()).throw(KeyError("x")))
        kept = _quarantined_letter(mailbox)
    client.force_login(world.admin)
    page = reverse("admin:desk_incomingmail_change", args=[kept.pk])
    button = reverse("admin:desk_incomingmail_refile", args=[kept.pk])
    assert button in client.get(page).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(button, follow=True)

    assert response.redirect_chain[-1][0] == page
    assert "в обращении" in response.content.decode()
    kept.refresh_from_db()
    assert kept.state == MailState.ACCEPTED
    assert button not in response.content.decode()  # nothing left to file


def test_only_an_administrator_files_again(
    world, client, mailbox, settings, django_capture_on_commit_callbacks
):
    settings.OKNO_DESK_MAIL_NEW_PER_HOUR = 0
    kept = _quarantined_letter(mailbox)
    settings.OKNO_DESK_MAIL_NEW_PER_HOUR = 20
    world.operator.is_staff = True  # even with the back office open to them
    world.operator.is_superuser = True
    world.operator.save()
    client.force_login(world.operator)

    assert client.post(reverse("admin:desk_incomingmail_refile", args=[kept.pk])).status_code == 403
    client.post(reverse(LETTERS), {"action": "refile_selected", "_selected_action": [kept.pk]})

    kept.refresh_from_db()
    assert kept.state == MailState.QUARANTINED
    assert not Appeal.objects.exists()
    assert not AuditEvent.objects.filter(action="desk.quarantine_refiled").exists()


@pytest.fixture
def deliver(client, bot, django_capture_on_commit_callbacks):
    def post(update):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("desk:telegram_webhook", args=[bot.username]),
                json.dumps(update),
                content_type="application/json",
                HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=bot.webhook_secret,
            )

    return post


def test_telegram_updates_kept_by_the_flood_limit_are_filed_and_a_bad_one_is_not(
    world, client, bot_api, deliver, settings, django_capture_on_commit_callbacks
):
    settings.OKNO_TELEGRAM_CHAT_PER_MINUTE = 1
    deliver(bot_api.message(7001, "Первое"))
    deliver(bot_api.message(7001, "Второе"))
    deliver({"update_id": 77, "message": {"message_id": 1, "text": "без чата"}})
    flooded = TelegramUpdate.objects.get(state=UpdateState.QUARANTINED, chat__isnull=False)
    bad = TelegramUpdate.objects.get(update_id=77)
    settings.OKNO_TELEGRAM_CHAT_PER_MINUTE = 20

    said = _refile(
        client, world.admin, UPDATES, flooded, bad, capture=django_capture_on_commit_callbacks
    )

    appeal = Appeal.objects.get()
    assert said == [
        ("success", f"Обновление {flooded.update_id}: в обращении {appeal.number}"),
        ("error", "Обновление 77: message without a chat"),
    ]
    assert list(appeal.events.values_list("body", flat=True).order_by("pk"))[-1] == "Второе"
    flooded.refresh_from_db()
    assert (flooded.state, flooded.reason) == (UpdateState.ACCEPTED, "")
    bad.refresh_from_db()
    assert bad.state == UpdateState.QUARANTINED

    _refile(client, world.admin, UPDATES, flooded, capture=django_capture_on_commit_callbacks)
    assert appeal.events.filter(body="Второе").count() == 1  # never filed twice
