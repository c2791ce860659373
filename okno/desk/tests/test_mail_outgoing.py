"""An operator's reply on an appeal that came by e-mail goes out by SMTP (a real sink) from
the appeal's mailbox, in its thread: a Message-ID with the appeal's token, In-Reply-To and
References of the letters so far, the subject's tag; with the reply's files; instead of
the portal's notice. An internal note sends nothing."""

import pytest
from django.urls import reverse

from okno.desk.mail.outgoing import appeal_id_from_token
from okno.desk.models import Appeal, Channel, EventKind, IncomingMail, OutgoingMail
from okno.desk.tests.helpers import PDF
from okno.desk.tests.mailhelpers import letter, poll

pytestmark = pytest.mark.django_db


@pytest.fixture
def appeal_by_mail(world, dovecot, mailbox, smtp_sink, django_capture_on_commit_callbacks):
    dovecot.deliver(mailbox.folder, letter(sender=world.a_admin.email, subject="Где УПД?"))
    poll(django_capture_on_commit_callbacks)
    smtp_sink.letters.clear()  # the acknowledgement
    return Appeal.objects.get()


def _post(client, world, appeal, capture, data):
    client.force_login(world.operator)
    with capture(execute=True):
        return client.post(reverse("desk:staff_message", args=[appeal.pk]), data)


def test_the_reply_goes_out_in_the_thread_with_its_files(
    world, client, appeal_by_mail, smtp_sink, django_capture_on_commit_callbacks
):
    appeal = appeal_by_mail
    client_message_id = IncomingMail.objects.get().message_id
    data = {"text": "УПД во вложении.", "files": [_upload("upd.pdf", PDF)]}
    _post(client, world, appeal, django_capture_on_commit_callbacks, data)

    (sent,) = smtp_sink.letters
    assert sent["To"] == world.a_admin.email
    assert sent["From"].addresses[0].addr_spec == "claims@okno.local"
    assert sent["Subject"].strip() == f"[№ {appeal.number}] Re: Где УПД?"
    assert sent["In-Reply-To"] == client_message_id
    assert client_message_id in sent["References"]
    assert appeal_id_from_token([sent["Message-ID"]]) == appeal.pk
    assert sent["Message-ID"].endswith("@okno.local>")
    assert sent["Auto-Submitted"] is None  # a person's reply, not a robot's
    body, attachment = list(sent.iter_parts())
    assert body.get_content().strip() == "УПД во вложении."
    assert attachment.get_filename() == "upd.pdf"
    assert attachment.get_content() == PDF
    event = appeal.events.get(kind=EventKind.MESSAGE)
    assert event.channel == Channel.EMAIL
    assert OutgoingMail.objects.get(event=event).sent_at is not None


def test_the_second_reply_references_the_whole_thread(
    world, client, appeal_by_mail, smtp_sink, django_capture_on_commit_callbacks
):
    appeal = appeal_by_mail
    _post(client, world, appeal, django_capture_on_commit_callbacks, {"text": "Первый ответ"})
    _post(client, world, appeal, django_capture_on_commit_callbacks, {"text": "Второй ответ"})

    first, second = smtp_sink.letters
    client_letter = IncomingMail.objects.get().message_id
    assert first["In-Reply-To"] == second["In-Reply-To"] == client_letter
    acknowledgement, first_reply, _second_reply = OutgoingMail.objects.values_list(
        "message_id", flat=True
    )
    assert first_reply == first["Message-ID"]
    assert second["References"].split() == [client_letter, acknowledgement, first_reply]
    assert first["Message-ID"] != second["Message-ID"]


def test_an_internal_note_sends_nothing(
    world, client, appeal_by_mail, smtp_sink, django_capture_on_commit_callbacks
):
    data = {"text": "Проверить склад", "internal": "on"}
    _post(client, world, appeal_by_mail, django_capture_on_commit_callbacks, data)
    assert smtp_sink.letters == []


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")
