"""Taking a letter in: its raw source is stored first (one transaction), then it is read
and filed (another): into the appeal it answers, or as a new appeal of the mailbox's kind.
Whatever goes wrong with one letter quarantines that letter with the reason and the
mailbox goes on. A machine's letter (auto-reply, delivery report) is kept and never
answered; nor is a sender past the limit of new appeals per hour."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.core.errors import InvalidInput
from okno.desk.mail.outgoing import mail_send_queue, thread_references_add
from okno.desk.mail.parse import MailPart, MalformedMail, ParsedMail, html_with_files, mail_parse
from okno.desk.mail.senders import Sender, sender_find
from okno.desk.mail.threads import appeal_answered
from okno.desk.models import (
    Appeal,
    AppealEvent,
    Attachment,
    IncomingMail,
    Mailbox,
    MailState,
    MailThread,
)
from okno.desk.services.appeals import (
    appeal_letter_add,
    appeal_letter_open,
    appeal_note_add,
    reopen_window_open,
)
from okno.desk.services.attachments import FileIn, attachments_store, files_check


class Quarantine(Exception):
    """A letter the desk keeps but does not file; the message is the reason staff read."""


def mail_store(*, mailbox: Mailbox, uidvalidity: int, uid: int, raw: bytes) -> IncomingMail | None:
    """Keep the raw letter before anything reads it. None when it was taken before: the
    same UID under the same UIDVALIDITY, or the same bytes in this mailbox (a folder the
    server renumbered gives old letters new UIDs)."""
    digest = hashlib.sha256(raw).hexdigest()
    letters = IncomingMail.objects.filter(mailbox=mailbox)
    if letters.filter(uidvalidity=uidvalidity, uid=uid).exists():
        return None
    if letters.filter(sha256=digest).exists():
        return None
    letter = IncomingMail(
        mailbox=mailbox, uidvalidity=uidvalidity, uid=uid, sha256=digest, size=len(raw)
    )
    letter.raw.save(f"{digest}.eml", ContentFile(raw), save=False)
    try:
        with transaction.atomic():
            letter.save()
    except IntegrityError:  # another worker stored it a moment ago
        return None
    return letter


def mail_take(letter: IncomingMail) -> IncomingMail:
    """Read and file a stored letter; any failure quarantines it with the reason."""
    try:
        with transaction.atomic():
            _take(letter)
    except (Quarantine, MalformedMail) as refusal:
        _quarantine(letter, str(refusal))
    except Exception as error:  # one bad letter never stops the mailbox
        _quarantine(letter, f"{type(error).__name__}: {error}")
    return letter


def _quarantine(letter: IncomingMail, reason: str) -> None:
    letter.state = MailState.QUARANTINED
    letter.reason = reason[:500]
    letter.appeal = None
    letter.event = None
    letter.save(
        update_fields=[
            "state",
            "reason",
            "from_address",
            "subject",
            "message_id",
            "appeal",
            "event",
        ]
    )


def _take(letter: IncomingMail) -> None:
    with letter.raw.open("rb") as stored:
        parsed = mail_parse(stored.read())
    letter.from_address = parsed.from_address[:254]
    letter.subject = parsed.subject
    letter.message_id = parsed.message_id
    sender = sender_find(parsed.from_address)
    appeal = appeal_answered(parsed, sender)
    reason = parsed.machine_reason or _own_mailbox(parsed.from_address)
    if reason:
        _take_machine(letter, parsed, appeal, reason)
        return
    if appeal is not None and not reopen_window_open(appeal):
        appeal = None  # too late to reopen: the letter opens a new appeal
    if appeal is None:
        _check_rate(parsed.from_address)
        appeal, event = _open(letter.mailbox, parsed, sender)
        letter.opened_appeal = True
    else:
        same_client = sender.client is not None and sender.client.pk == appeal.client_id
        appeal, event = appeal_letter_add(
            appeal=appeal, text=parsed.text, author=sender.user if same_client else None
        )
    refused = _files(letter, parsed, appeal, event)
    letter.state = MailState.ACCEPTED
    letter.appeal = appeal
    letter.event = event
    letter.save()
    _thread_note(appeal, letter, parsed)
    _answer(letter, parsed, appeal, refused)


def _own_mailbox(address: str) -> str:
    """A letter from one of the desk's own mailboxes (a copy of our reply that came back):
    answering it would start a loop."""
    if Mailbox.objects.filter(address__iexact=address).exists():
        return _("письмо из почтового ящика портала")
    return ""


def _take_machine(
    letter: IncomingMail, parsed: ParsedMail, appeal: Appeal | None, reason: str
) -> None:
    """An auto-reply, a delivery report or our own letter: an internal note on the appeal
    it answers (an operator sees that the reply did not reach the client), otherwise only
    kept."""
    letter.state = MailState.AUTOMATIC
    letter.reason = reason[:500]
    if appeal is not None:
        letter.appeal = appeal
        letter.event = appeal_note_add(
            appeal=appeal,
            text=_("Автоматическое письмо от %(address)s (%(reason)s):\n\n%(text)s")
            % {
                "address": parsed.from_address,
                "reason": reason,
                "text": parsed.text,
            },
        )
    letter.save()


def _check_rate(address: str) -> None:
    """At most `OKNO_DESK_MAIL_NEW_PER_HOUR` new appeals an hour from one address: a
    runaway robot or a flood is kept in quarantine, unanswered."""
    limit = settings.OKNO_DESK_MAIL_NEW_PER_HOUR
    since = timezone.now() - datetime.timedelta(hours=1)
    opened = IncomingMail.objects.filter(
        from_address=address, opened_appeal=True, received_at__gte=since
    ).count()
    if opened >= limit:
        raise Quarantine(
            _("С адреса %(address)s уже %(count)s новых обращений за час — больше не принимаем.")
            % {"address": address, "count": opened}
        )


def _open(mailbox: Mailbox, parsed: ParsedMail, sender: Sender) -> tuple[Appeal, AppealEvent]:
    appeal, event = appeal_letter_open(
        kind=mailbox.kind,
        subject=parsed.subject,
        text=parsed.text,
        client=sender.client,
        contact=sender.contact,
        author=sender.user,
    )
    MailThread.objects.create(appeal=appeal, mailbox=mailbox, address=parsed.from_address)
    return appeal, event


@dataclass(frozen=True)
class _Refused:
    name: str
    reason: str


def _files(
    letter: IncomingMail, parsed: ParsedMail, appeal: Appeal, event: AppealEvent
) -> list[_Refused]:
    """Store the letter's files through the desk's file rules, each checked alone so one
    bad file refuses only itself; point the HTML's inline images at the stored ones.
    Returns the refused files with the reason."""
    refused: list[_Refused] = []
    seen: dict[str, Attachment] = {}
    urls_by_cid: dict[str, str] = {}
    for part in parsed.parts:
        digest = hashlib.sha256(part.content).hexdigest()
        stored = seen.get(digest)
        if stored is None:
            if len(seen) >= settings.OKNO_DESK_MAX_FILES:
                refused.append(_Refused(part.name, _("в письме больше файлов, чем принимаем")))
                continue
            try:
                stored = _file_store(part, appeal, event)
            except InvalidInput as error:
                refused.append(_Refused(part.name, error.message))
                continue
            seen[digest] = stored
        if part.content_id:
            urls_by_cid[part.content_id] = reverse("desk:attachment", args=[stored.pk])
    letter.html = html_with_files(parsed.html, urls_by_cid) if parsed.html else ""
    if refused:
        appeal_note_add(
            appeal=appeal,
            text=_("Файлы письма не приняты:\n%(files)s")
            % {"files": "\n".join(f"{row.name}: {row.reason}" for row in refused)},
        )
    return refused


def _file_store(part: MailPart, appeal: Appeal, event: AppealEvent) -> Attachment:
    checked = files_check([FileIn(name=part.name, content=part.content)])
    return attachments_store(checked, appeal=appeal, user=None, event=event)[0]


def _thread_note(appeal: Appeal, letter: IncomingMail, parsed: ParsedMail) -> None:
    thread = MailThread.objects.filter(appeal=appeal).first()
    if thread is None:
        thread = MailThread.objects.create(
            appeal=appeal, mailbox=letter.mailbox, address=parsed.from_address
        )
    thread_references_add(thread, parsed.message_id, incoming=True)


def _answer(
    letter: IncomingMail, parsed: ParsedMail, appeal: Appeal, refused: list[_Refused]
) -> None:
    """The desk's own answers to a person's letter: the new appeal's number, and which
    files were not taken and why."""
    mailbox = letter.mailbox
    if refused:
        lines = "\n".join(f"— {row.name}: {row.reason}" for row in refused)
        body = _(
            "Здравствуйте!\n\nВаше письмо получено (обращение %(number)s), но эти файлы не "
            "приняты:\n%(files)s\n\nПришлите их, пожалуйста, в допустимом виде: фото, PDF, "
            "документы Office, текст, архив ZIP, видео MP4, каждый не больше %(mb)s МБ."
        ) % {"number": appeal.number, "files": lines, "mb": settings.OKNO_DESK_MAX_FILE_MB}
        subject = _("Файлы не приняты: %(subject)s") % {"subject": parsed.subject}
    elif letter.opened_appeal and mailbox.acknowledge:
        body = _(
            "Здравствуйте!\n\nВаше обращение принято, его номер %(number)s. Ответим в этой "
            "переписке: чтобы дополнить обращение, просто ответьте на это письмо."
        ) % {"number": appeal.number}
        subject = _("Обращение принято: %(subject)s") % {"subject": parsed.subject}
    else:
        return
    mail_send_queue(
        appeal=appeal,
        mailbox=mailbox,
        to=parsed.from_address,
        body=body,
        subject=subject,
        automatic=True,
    )
