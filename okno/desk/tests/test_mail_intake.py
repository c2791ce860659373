"""Taking letters in, through a real IMAP server and SMTP sink: the corpus of real-world
letters (Outlook with inline images, Gmail, 1C in windows-1251, KOI8-R, RFC 2231 names,
HTML with scripts) becomes appeals with the right text, files and sender; files go through
the desk's rules (a duplicate stored once, an oversized or disguised one refused with a
letter saying so); machines' letters and senders past the hourly limit are never
answered."""

import hashlib

import pytest
from django.urls import reverse

from okno.desk.models import (
    Appeal,
    AppealEvent,
    Attachment,
    Channel,
    EventKind,
    IncomingMail,
    MailState,
)
from okno.desk.tests.helpers import PDF, PNG
from okno.desk.tests.mailhelpers import corpus, letter, poll

pytestmark = pytest.mark.django_db


@pytest.fixture
def take(dovecot, mailbox, smtp_sink, django_capture_on_commit_callbacks):
    """Deliver letters to the mailbox and poll it once."""

    def deliver(*raws: bytes) -> None:
        for raw in raws:
            dovecot.deliver(mailbox.folder, raw)
        poll(django_capture_on_commit_callbacks)

    return deliver


def _opening(appeal: Appeal) -> AppealEvent:
    return appeal.events.get(kind=EventKind.CREATED)


def test_outlook_letter_with_an_inline_image_and_a_named_pdf(world, take, client):
    take(corpus("outlook_related.eml", sender=world.a_admin.email))

    appeal = Appeal.objects.get()
    assert appeal.subject == "Пересорт по заказу 456"
    assert appeal.channel == Channel.EMAIL
    assert appeal.client == world.client_a
    assert appeal.author == world.a_admin
    assert "пришла пересортица" in _opening(appeal).body
    files = {row.name: row for row in Attachment.objects.filter(appeal=appeal)}
    assert set(files) == {"image001.png", "Накладная 456.pdf"}
    assert files["Накладная 456.pdf"].event == _opening(appeal)
    # The inline image is shown from the stored file, never by cid:.
    html = IncomingMail.objects.get().html
    assert reverse("desk:attachment", args=[files["image001.png"].pk]) in html
    assert "cid:" not in html
    client.force_login(world.operator)
    page = client.get(reverse("desk:staff_appeal", args=[appeal.pk])).content.decode()
    assert reverse("desk:attachment", args=[files["image001.png"].pk]) in page


def test_gmail_alternative_keeps_the_text_and_an_rfc2231_named_photo(world, take):
    take(corpus("gmail_alternative.eml", sender=world.a_admin.email))

    appeal = Appeal.objects.get()
    assert _opening(appeal).body.startswith("Здравствуйте!\nНе пришла счёт-фактура")
    assert "<b>счёт-фактура</b>" in IncomingMail.objects.get().html
    assert list(Attachment.objects.values_list("name", flat=True)) == ["Фото упаковки.jpg"]


def test_a_1c_letter_in_windows_1251(world, take):
    world.contact_a.email = "buh@romashka.ru"
    world.contact_a.save()
    take(corpus("onec_1251.eml", sender="buh@romashka.ru"))

    appeal = Appeal.objects.get()
    assert appeal.subject == "Претензия по реализации № 00000123 от 20.11.2026"
    assert "Недостача: 2 шт. артикул А-100." in _opening(appeal).body
    assert appeal.client == world.client_a
    assert appeal.contact == world.contact_a
    assert list(Attachment.objects.values_list("name", flat=True)) == ["Претензия 123.pdf"]


def test_a_koi8_r_letter(world, take):
    take(corpus("koi8r.eml", sender=world.a_admin.email))
    appeal = Appeal.objects.get()
    assert appeal.subject == "Вопрос о доставке"
    assert _opening(appeal).body == "Добрый день. Когда привезут заказ 789? Склад ждёт с утра."


def test_rfc2231_file_names_continued_and_in_koi8_r(world, take):
    take(corpus("rfc2231_names.eml", sender=world.a_admin.email))
    names = set(Attachment.objects.values_list("name", flat=True))
    assert names == {"Акт о браке № 5.pdf", "Фото.png"}
    assert _opening(Appeal.objects.get()).body == "Акт и фото во вложении."


def test_html_with_scripts_is_sanitised_and_read_as_text(world, take, client):
    take(corpus("html_script.eml", sender=world.a_admin.email))

    incoming = IncomingMail.objects.get()
    for unsafe in ("<script", "alert", "onclick", "onerror", "javascript:", 'src="x"'):
        assert unsafe not in incoming.html
    assert "<p>Hello</p>" in incoming.html
    body = _opening(Appeal.objects.get()).body
    assert "Hello" in body
    assert "Second line" in body
    assert "<" not in body
    client.force_login(world.operator)
    page = client.get(reverse("desk:staff_appeal", args=[incoming.appeal_id])).content.decode()
    assert "alert(" not in page


def test_a_file_sent_twice_is_stored_once(world, take):
    files = (("scan.pdf", "application/pdf", PDF), ("scan-copy.pdf", "application/pdf", PDF))
    take(
        letter(sender=world.a_admin.email, subject="Первое", files=files),
        letter(sender=world.a_admin.email, subject="Второе", files=files[:1]),
    )
    rows = Attachment.objects.filter(sha256=hashlib.sha256(PDF).hexdigest())
    # One file in the first letter (the copy is the same bytes), one in the second.
    assert rows.count() == 2
    assert len({row.file.name for row in rows}) == 1


def test_an_oversized_or_disguised_file_is_refused_with_a_letter(world, take, smtp_sink, settings):
    settings.OKNO_DESK_MAX_FILE_MB = 1
    big = PNG + b"\x00" * (1024 * 1024)
    files = (
        ("big.png", "image/png", big),
        ("invoice.pdf", "application/pdf", b"MZ\x90\x00 a program"),
        ("photo.png", "image/png", PNG),
    )
    take(letter(sender=world.a_admin.email, subject="Брак", files=files))

    appeal = Appeal.objects.get()
    assert list(Attachment.objects.values_list("name", flat=True)) == ["photo.png"]
    note = appeal.events.get(kind=EventKind.NOTE)
    assert "big.png" in note.body
    assert "invoice.pdf" in note.body
    assert not note.is_public
    refusal = smtp_sink.letters[-1]
    assert refusal["To"] == world.a_admin.email
    assert refusal["Auto-Submitted"] == "auto-replied"
    text = refusal.get_content()
    assert "«big.png»: файл больше 1 МБ." in text
    assert "«invoice.pdf»: содержимое не похоже на файл этого типа." in text
    assert appeal.number in text


def test_an_unknown_sender_opens_an_appeal_of_no_client(world, take, client):
    take(letter(sender="stranger@example.org", subject="Хотим стать клиентом"))

    appeal = Appeal.objects.get()
    assert appeal.not_client
    assert appeal.author is None
    assert appeal.sla.first_response_due is not None  # its clocks run from the letter
    client.force_login(world.operator)
    assert "не клиент" in client.get(reverse("desk:queue")).content.decode()
    page = client.get(reverse("desk:staff_appeal", args=[appeal.pk])).content.decode()
    assert "stranger@example.org" in page
    # No client's person sees it.
    client.force_login(world.a_admin)
    assert client.get(reverse("desk:appeal", args=[appeal.pk])).status_code == 404


def test_an_address_of_two_clients_names_neither(world, take):
    world.contact_a.email = "shared@example.ru"
    world.contact_a.save()
    world.b_admin.email = "shared@example.ru"
    world.b_admin.save()
    take(letter(sender="shared@example.ru"))
    assert Appeal.objects.get().not_client


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("autoreply.eml", "Auto-Submitted: auto-replied"),
        ("dsn_bounce.eml", "Auto-Submitted: auto-replied"),
    ],
)
def test_machines_letters_open_nothing_and_get_no_answer(world, take, smtp_sink, name, reason):
    take(corpus(name, sender=world.a_admin.email))

    assert not Appeal.objects.exists()
    incoming = IncomingMail.objects.get()
    assert incoming.state == MailState.AUTOMATIC
    assert incoming.reason == reason
    assert smtp_sink.letters == []


@pytest.mark.parametrize(
    ("headers", "sender", "reason"),
    [
        ({"Precedence": "bulk"}, "news@shop.example", "Precedence: bulk"),
        ({"Precedence": "list"}, "list@lists.example", "Precedence: list"),
        ({"Precedence": "junk"}, "spam@spam.example", "Precedence: junk"),
        ({"X-Auto-Response-Suppress": "OOF"}, "boss@client.example", "X-Auto-Response-Suppress"),
        ({}, "postmaster@client.example", "postmaster@"),
        ({}, "MAILER-DAEMON@client.example", "mailer-daemon@"),
    ],
)
def test_every_kind_of_machine_letter_is_recognised(take, smtp_sink, headers, sender, reason):
    take(letter(sender=sender, headers=headers))
    assert IncomingMail.objects.get().reason == reason
    assert not Appeal.objects.exists()
    assert smtp_sink.letters == []


def test_a_letter_from_our_own_mailbox_is_never_answered(take, smtp_sink):
    take(letter(sender="Claims@okno.local", subject="Копия нашего ответа"))
    incoming = IncomingMail.objects.get()
    assert incoming.state == MailState.AUTOMATIC
    assert incoming.reason == "письмо из почтового ящика портала"
    assert not Appeal.objects.exists()
    assert smtp_sink.letters == []


def test_a_sender_past_the_hourly_limit_is_quarantined_unanswered(
    world, take, smtp_sink, settings, client
):
    settings.OKNO_DESK_MAIL_NEW_PER_HOUR = 2
    take(*(letter(sender="flood@example.org", subject=f"Письмо {n}") for n in range(3)))

    assert Appeal.objects.count() == 2
    kept = IncomingMail.objects.get(state=MailState.QUARANTINED)
    assert kept.subject == "Письмо 2"
    assert "flood@example.org" in kept.reason
    assert len(smtp_sink.letters) == 2  # the acknowledgements of the two appeals
    client.force_login(world.operator)
    page = client.get(reverse("desk:mail_aside") + "?state=quarantined").content.decode()
    assert "Письмо 2" in page


def test_the_acknowledgement_carries_the_number_and_threading_headers(world, take, smtp_sink):
    raw = letter(sender=world.a_admin.email, subject="Где УПД?")
    take(raw)

    appeal = Appeal.objects.get()
    (ack,) = smtp_sink.letters
    assert ack["Subject"].strip() == f"[№ {appeal.number}] Обращение принято: Где УПД?"
    assert ack["From"].addresses[0].addr_spec == "claims@okno.local"
    assert ack["Auto-Submitted"] == "auto-replied"
    client_id = IncomingMail.objects.get().message_id
    assert ack["In-Reply-To"] == client_id
    assert ack["References"] == client_id
    assert appeal.number in ack.get_content()
