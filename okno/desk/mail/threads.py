"""Which appeal a letter answers, in the order of trust: our own signed token in the
Message-IDs it answers; then a letter of the thread it names in In-Reply-To or
References; then the subject's tag `[№ ПР-000123]`, only when the sender is a person of
that appeal's client (a tag is easy to type, so it never lets a stranger into a thread)."""

from __future__ import annotations

from okno.desk.mail.outgoing import SUBJECT_TAG, appeal_id_from_token
from okno.desk.mail.parse import ParsedMail
from okno.desk.mail.senders import Sender
from okno.desk.models import Appeal, IncomingMail, OutgoingMail

BY_TOKEN = "token"
BY_REFERENCES = "references"
BY_SUBJECT = "subject"


def appeal_answered(parsed: ParsedMail, sender: Sender) -> tuple[Appeal | None, str]:
    """The appeal the letter belongs to and how it was found, or (None, "")."""
    ids = parsed.thread_ids
    appeal_id = appeal_id_from_token(ids)
    if appeal_id is not None:
        found = Appeal.objects.filter(pk=appeal_id).first()
        if found is not None:
            return found, BY_TOKEN
    found = _by_references(ids)
    if found is not None:
        return found, BY_REFERENCES
    found = _by_subject(parsed.subject, sender)
    if found is not None:
        return found, BY_SUBJECT
    return None, ""


def _by_references(ids: list[str]) -> Appeal | None:
    if not ids:
        return None
    # The nearest letters first; a long chain's oldest add nothing.
    for message_id in ids[:20]:
        sent = OutgoingMail.objects.filter(message_id=message_id).select_related("appeal").first()
        if sent is not None:
            return sent.appeal
        came = (
            IncomingMail.objects.filter(message_id=message_id, appeal__isnull=False)
            .select_related("appeal")
            .first()
        )
        if came is not None:
            return came.appeal
    return None


def _by_subject(subject: str, sender: Sender) -> Appeal | None:
    if sender.client is None:
        return None
    for number in SUBJECT_TAG.findall(subject):
        found = Appeal.objects.filter(number=number, client=sender.client).first()
        if found is not None:
            return found
    return None
