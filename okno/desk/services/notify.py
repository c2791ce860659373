"""Telling the client that an operator answered, after the transaction commits: an appeal
that came from Telegram gets the reply in its chat; one that came by e-mail (or has a
correspondent by e-mail) the reply itself in its thread from its mailbox; any other a
notice to whoever filed it (or its contact)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from okno.accounts import tasks
from okno.desk.channels.telegram.outgoing import telegram_send_queue
from okno.desk.mail.outgoing import mail_send_queue
from okno.desk.models import MailThread, TelegramThread


def appeal_reply_notify(*, appeal, event) -> None:
    """Enqueue a letter with the operator's reply; staff-filed appeals go to the contact."""
    chat = TelegramThread.objects.filter(appeal=appeal).select_related("chat__bot").first()
    if chat is not None:
        telegram_send_queue(chat=chat.chat, appeal=appeal, event=event, text=event.body)
        return
    thread = MailThread.objects.filter(appeal=appeal).select_related("mailbox").first()
    if thread is not None:
        mail_send_queue(
            appeal=appeal,
            mailbox=thread.mailbox,
            to=thread.address,
            body=event.body,
            subject=f"Re: {appeal.subject}",
            event=event,
        )
        return
    to = _address(appeal)
    if not to:
        return
    subject = _("Ответ по обращению %(number)s: %(subject)s") % {
        "number": appeal.number,
        "subject": appeal.subject,
    }
    text = "\n\n".join(
        [
            event.body,
            _("Ответить и посмотреть обращение: %(url)s")
            % {"url": settings.OKNO_BASE_URL + reverse("desk:appeal", args=[appeal.pk])},
        ]
    )
    transaction.on_commit(lambda: tasks.send_email(to=[to], subject=subject, text=text))


def _address(appeal) -> str:
    author = appeal.author
    if author is not None and not author.staff_role and author.email:
        return author.email
    contact = appeal.contact
    return contact.email if contact is not None and contact.email else ""
