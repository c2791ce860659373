"""Letters the desk sends from a mailbox: an operator's reply, the acknowledgement of a new
appeal, a refusal of files. Each carries a Message-ID with the appeal's token (signed, so
a forged one names no appeal), In-Reply-To and References of the thread and the subject
tag `[№ ПР-000123]`, so that the client's answer comes back to its appeal."""

from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from okno.desk.models import (
    Appeal,
    AppealEvent,
    Attachment,
    Mailbox,
    MailThread,
    OutgoingMail,
)

_TOKEN = re.compile(r"<okno-(\d+)-([0-9a-f]{12})\.")
SUBJECT_TAG = re.compile(r"\[№\s*([^\]\s]{1,20})\s*\]")


def appeal_token(appeal_id: int) -> str:
    signature = salted_hmac("okno.desk.mail", str(appeal_id)).hexdigest()[:12]
    return f"okno-{appeal_id}-{signature}"


def appeal_id_from_token(message_ids: list[str]) -> int | None:
    """The appeal named by our token in the first of `message_ids` that carries a valid
    one; a token with a wrong signature is ignored."""
    for message_id in message_ids:
        found = _TOKEN.match(message_id)
        if found and constant_time_compare(appeal_token(int(found.group(1))), found.group(0)[1:-1]):
            return int(found.group(1))
    return None


def subject_tagged(appeal: Appeal, subject: str) -> str:
    """The subject with the appeal's tag, added once."""
    tag = f"[№ {appeal.number}]"
    text = subject if tag in subject else f"{tag} {subject}"
    return text[:500]


def mail_send_queue(
    *,
    appeal: Appeal,
    mailbox: Mailbox,
    to: str,
    body: str,
    subject: str,
    event: AppealEvent | None = None,
    automatic: bool = False,
) -> OutgoingMail:
    """Record a letter in the appeal's thread and send it after commit. `automatic` marks
    the desk's own letters (acknowledgement, refusal) as auto-replies (RFC 3834), so other
    robots do not answer them."""
    thread = MailThread.objects.filter(appeal=appeal).first()
    domain = mailbox.address.rsplit("@", 1)[-1]
    message_id = f"<{appeal_token(appeal.pk)}.{uuid.uuid4().hex[:16]}@{domain}>"
    letter = OutgoingMail.objects.create(
        mailbox=mailbox,
        appeal=appeal,
        event=event,
        message_id=message_id,
        to=to,
        subject=subject_tagged(appeal, subject),
        in_reply_to=thread.last_message_id if thread else "",
        references=thread.references if thread else "",
        body=body,
    )
    _thread_follow(appeal, mailbox, to, message_id, thread)
    from okno.desk import tasks

    transaction.on_commit(lambda: tasks.mail_send(outgoing_id=letter.pk, automatic=automatic))
    return letter


def _thread_follow(
    appeal: Appeal, mailbox: Mailbox, to: str, message_id: str, thread: MailThread | None
) -> None:
    if thread is None:
        MailThread.objects.create(appeal=appeal, mailbox=mailbox, address=to, references=message_id)
        return
    thread_references_add(thread, message_id, incoming=False)


def thread_references_add(thread: MailThread, message_id: str, *, incoming: bool) -> None:
    """Remember a letter of the thread; References keep the newest 20 (what mail programs
    keep, and enough to thread). Our letters answer the client's latest letter."""
    if not message_id:
        return
    ids = [*thread.references.split(), message_id]
    thread.references = " ".join(dict.fromkeys(ids[-20:]))
    if incoming:
        thread.last_message_id = message_id
    thread.save(update_fields=["references", "last_message_id"])


def mail_send(*, outgoing_id: int, automatic: bool = False) -> None:
    """Send a recorded letter through the portal's mail server (Django's e-mail backend)
    with its threading headers; a letter already sent is not sent again."""
    letter = OutgoingMail.objects.select_related("mailbox", "appeal").get(pk=outgoing_id)
    if letter.sent_at is not None:
        return
    headers = {"Message-ID": letter.message_id}
    if letter.in_reply_to:
        headers["In-Reply-To"] = letter.in_reply_to
    if letter.references:
        headers["References"] = letter.references
    if automatic:
        headers["Auto-Submitted"] = "auto-replied"
        headers["X-Auto-Response-Suppress"] = "All"
    sender = f"{settings.OKNO_COMPANY_NAME} <{letter.mailbox.address}>"
    message = EmailMessage(
        subject=letter.subject, body=letter.body, from_email=sender, to=[letter.to], headers=headers
    )
    if letter.event_id is not None:
        # The operator's files go with the reply, as a mail program would send them.
        for attachment in Attachment.objects.filter(event_id=letter.event_id, is_public=True):
            with attachment.file.open("rb") as stored:
                message.attach(attachment.name, stored.read(), attachment.content_type)
    message.send()
    letter.sent_at = timezone.now()
    letter.save(update_fields=["sent_at"])
