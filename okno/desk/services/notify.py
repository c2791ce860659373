"""Telling the client that an operator answered: an e-mail to whoever filed the appeal
(or its contact), sent after the transaction commits."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from okno.accounts import tasks


def appeal_reply_notify(*, appeal, event) -> None:
    """Enqueue a letter with the operator's reply; staff-filed appeals go to the contact."""
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
