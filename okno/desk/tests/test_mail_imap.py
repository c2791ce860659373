"""Polling mailboxes over IMAP against a real dovecot: letters become appeals once, however
often the worker polls and even after the server renumbers the folder (new UIDVALIDITY);
a bad letter is quarantined and the letters after it are taken; the raw source is kept;
an administrator connects a mailbox in the back office; a server that does not answer is
recorded on the mailbox and the other mailboxes are still read."""

import pytest
from django.urls import reverse

from okno.core.actor import actor_for_user
from okno.desk.mail.intake import mail_store
from okno.desk.models import (
    Appeal,
    AppealKind,
    Channel,
    IncomingMail,
    Mailbox,
    MailCheckpoint,
    MailState,
)
from okno.desk.services.merge import appeal_merge
from okno.desk.tests import mailservers
from okno.desk.tests.helpers import question
from okno.desk.tests.mailhelpers import corpus, letter, poll

pytestmark = pytest.mark.django_db


def _deliver_three(dovecot, mailbox, sender):
    for name in ("gmail_alternative.eml", "koi8r.eml", "onec_1251.eml"):
        dovecot.deliver(mailbox.folder, corpus(name, sender=sender))


def test_letters_become_appeals_once_however_often_polled(
    world, dovecot, mailbox, smtp_sink, django_capture_on_commit_callbacks
):
    _deliver_three(dovecot, mailbox, world.a_admin.email)
    poll(django_capture_on_commit_callbacks)
    poll(django_capture_on_commit_callbacks)

    appeals = Appeal.objects.filter(channel=Channel.EMAIL)
    assert appeals.count() == 3
    assert set(appeals.values_list("client_id", flat=True)) == {world.client_a.pk}
    assert IncomingMail.objects.filter(state=MailState.ACCEPTED).count() == 3
    checkpoint = MailCheckpoint.objects.get(mailbox=mailbox)
    assert checkpoint.uidvalidity == dovecot.uidvalidity(mailbox.folder)
    assert checkpoint.last_uid == 3
    # One acknowledgement per new appeal, none for the second poll.
    assert len(smtp_sink.letters) == 3


def test_a_renumbered_folder_gives_no_second_appeal(
    world, dovecot, mailbox, smtp_sink, django_capture_on_commit_callbacks
):
    _deliver_three(dovecot, mailbox, world.a_admin.email)
    poll(django_capture_on_commit_callbacks)
    before = dovecot.uidvalidity(mailbox.folder)

    dovecot.folder_recreate(mailbox.folder)
    _deliver_three(dovecot, mailbox, world.a_admin.email)
    dovecot.deliver(mailbox.folder, letter(sender=world.a_admin.email, subject="Новое"))
    poll(django_capture_on_commit_callbacks)

    after = dovecot.uidvalidity(mailbox.folder)
    assert after != before
    assert Appeal.objects.filter(channel=Channel.EMAIL).count() == 4
    assert IncomingMail.objects.count() == 4
    assert MailCheckpoint.objects.get(mailbox=mailbox, uidvalidity=after).last_uid == 4
    assert MailCheckpoint.objects.get(mailbox=mailbox, uidvalidity=before).last_uid == 3


def test_a_bad_letter_is_quarantined_and_the_next_ones_are_taken(
    world, client, dovecot, mailbox, smtp_sink, django_capture_on_commit_callbacks
):
    malformed = corpus("malformed.eml", sender="x")
    dovecot.deliver(mailbox.folder, letter(sender=world.a_admin.email, subject="Первое"))
    dovecot.deliver(mailbox.folder, malformed)
    dovecot.deliver(mailbox.folder, letter(sender=world.a_admin.email, subject="Третье"))
    poll(django_capture_on_commit_callbacks)

    subjects = set(Appeal.objects.values_list("subject", flat=True))
    assert subjects == {"Первое", "Третье"}
    bad = IncomingMail.objects.get(state=MailState.QUARANTINED)
    assert bad.reason == "нет адреса отправителя"
    assert bad.appeal is None
    assert MailCheckpoint.objects.get(mailbox=mailbox).last_uid == 3

    client.force_login(world.operator)
    page = client.get(reverse("desk:mail_aside")).content.decode()
    assert "нет адреса отправителя" in page
    raw = client.get(reverse("desk:mail_raw", args=[bad.pk]))
    assert raw.status_code == 200
    assert raw["Content-Type"] == "message/rfc822"
    assert b"".join(raw.streaming_content) == malformed


def test_the_raw_letter_is_downloaded_from_the_appeals_page(
    world, client, dovecot, mailbox, smtp_sink, django_capture_on_commit_callbacks
):
    raw = corpus("outlook_related.eml", sender=world.a_admin.email)
    dovecot.deliver(mailbox.folder, raw)
    poll(django_capture_on_commit_callbacks)
    appeal = Appeal.objects.get()
    incoming = IncomingMail.objects.get()
    assert incoming.event.appeal == appeal

    client.force_login(world.operator)
    page = client.get(reverse("desk:staff_appeal", args=[appeal.pk])).content.decode()
    link = reverse("desk:mail_raw", args=[incoming.pk])
    assert link in page
    assert b"".join(client.get(link).streaming_content) == raw
    # A client's person sees the message, never the raw letter.
    client.force_login(world.a_admin)
    assert link not in client.get(reverse("desk:appeal", args=[appeal.pk])).content.decode()
    assert client.get(link).status_code == 404


def test_a_merged_letter_is_downloaded_from_the_appeal_it_was_merged_into(
    world, client, dovecot, mailbox, smtp_sink, django_capture_on_commit_callbacks
):
    target = question(world.a_admin, subject="Счёт")
    dovecot.deliver(mailbox.folder, letter(sender=world.a_admin.email, subject="Про счёт"))
    poll(django_capture_on_commit_callbacks)
    incoming = IncomingMail.objects.get()
    appeal_merge(actor=actor_for_user(world.operator), appeal=incoming.appeal, into=target)
    client.force_login(world.operator)
    page = client.get(reverse("desk:staff_appeal", args=[target.pk])).content.decode()
    assert reverse("desk:mail_raw", args=[incoming.pk]) in page


def test_an_administrator_connects_a_mailbox_in_the_back_office(
    world, client, dovecot, smtp_sink, django_capture_on_commit_callbacks
):
    dovecot.folder_create("Claims")
    dovecot.deliver("Claims", letter(sender="stranger@example.org", subject="Есть вопрос"))
    client.force_login(world.admin)
    answer = client.post(
        reverse("admin:desk_mailbox_add"),
        {
            "name": "Претензии",
            "address": "claims@okno.local",
            "imap_host": "127.0.0.1",
            "imap_port": dovecot.port,
            "imap_user": mailservers.USER,
            "imap_password": mailservers.PASSWORD,
            "folder": "Claims",
            "kind": AppealKind.objects.get(code="question").pk,
            "acknowledge": "on",
            "is_active": "on",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]

    poll(django_capture_on_commit_callbacks)

    appeal = Appeal.objects.get()
    assert appeal.subject == "Есть вопрос"
    assert appeal.not_client
    mailbox = Mailbox.objects.get()
    assert mailbox.poll_error == ""
    assert mailbox.polled_at is not None
    assert client.get(reverse("admin:desk_mailbox_changelist")).status_code == 200
    letters = client.get(reverse("admin:desk_incomingmail_changelist")).content.decode()
    assert reverse("desk:mail_raw", args=[IncomingMail.objects.get().pk]) in letters


def test_an_unreachable_server_is_recorded_and_other_mailboxes_are_read(
    world, dovecot, mailbox, smtp_sink, django_capture_on_commit_callbacks
):
    closed_port = mailservers.free_ports()[0]
    broken = Mailbox.objects.create(
        name="Старый ящик",
        address="old@okno.local",
        imap_host="127.0.0.1",
        imap_port=closed_port,
        imap_ssl=False,
        imap_user="x",
        imap_password="y",
        kind=mailbox.kind,
    )
    dovecot.deliver(mailbox.folder, letter(sender=world.a_admin.email))
    poll(django_capture_on_commit_callbacks)

    broken.refresh_from_db()
    assert "ConnectionRefusedError" in broken.poll_error
    assert Appeal.objects.count() == 1


def test_a_wrong_password_is_recorded(world, dovecot, mailbox, django_capture_on_commit_callbacks):
    mailbox.imap_password = "wrong"
    mailbox.save()
    poll(django_capture_on_commit_callbacks)
    mailbox.refresh_from_db()
    assert "AUTHENTICATIONFAILED" in mailbox.poll_error
    assert not Appeal.objects.exists()


def test_a_letter_stored_but_not_filed_is_filed_by_the_next_poll(
    world, dovecot, mailbox, smtp_sink, django_capture_on_commit_callbacks
):
    raw = letter(sender=world.a_admin.email, subject="Прервано")
    dovecot.deliver(mailbox.folder, raw)
    # The worker stopped right after keeping the raw letter, before filing it.
    uidvalidity = dovecot.uidvalidity(mailbox.folder)
    mail_store(mailbox=mailbox, uidvalidity=uidvalidity, uid=1, raw=raw)
    MailCheckpoint.objects.create(mailbox=mailbox, uidvalidity=uidvalidity, last_uid=1)

    poll(django_capture_on_commit_callbacks)

    assert Appeal.objects.get().subject == "Прервано"
    assert IncomingMail.objects.get().state == MailState.ACCEPTED


def test_an_ssl_mailbox_on_a_plain_port_is_refused_and_recorded(
    dovecot, mailbox, django_capture_on_commit_callbacks
):
    mailbox.imap_ssl = True
    mailbox.save()
    poll(django_capture_on_commit_callbacks)
    mailbox.refresh_from_db()
    assert "SSL" in mailbox.poll_error
    assert not IncomingMail.objects.exists()
