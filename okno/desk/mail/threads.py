"""Which appeal a letter answers, in the order of trust: our own signed token in the
Message-IDs it answers; then a letter of the thread it names in In-Reply-To or
References; then the subject's tag `[№ ПР-000123]`, only when the sender is a person of
that appeal's client (a tag is easy to type, so it never lets a stranger into a thread)."""

from __future__ import annotations

from okno.desk.mail.outgoing import SUBJECT_TAG, appeal_id_from_token
from okno.desk.mail.parse import ParsedMail
from okno.desk.mail.senders import Sender
from okno.desk.models import Appeal, IncomingMail, OutgoingMail


def appeal_answered(parsed: ParsedMail, sender: Sender) -> Appeal | None:
    """The appeal the letter belongs to, or None."""
    ids = parsed.thread_ids
    appeal_id = appeal_id_from_token(ids)
    if appeal_id is not None:
        found = Appeal.objects.filter(pk=appeal_id).first()
        if found is not None:
            return found
    return _by_references(ids) or _by_subject(parsed.subject, sender)


def _by_references(ids: list[str]) -> Appeal | None:
    """The appeal of the nearest letter named, ours or the client's: two queries. A long
    chain's oldest letters add nothing."""
    nearest = ids[:20]
    if not nearest:
        return None
    came = IncomingMail.objects.filter(message_id__in=nearest, appeal__isnull=False)
    appeal_of = dict(came.values_list("message_id", "appeal_id"))
    # Our own letter of that id wins over a client's letter quoting it.
    appeal_of |= dict(
        OutgoingMail.objects.filter(message_id__in=nearest).values_list("message_id", "appeal_id")
    )
    found = next((appeal_of[message_id] for message_id in nearest if message_id in appeal_of), None)
    return Appeal.objects.filter(pk=found).first() if found is not None else None


def _by_subject(subject: str, sender: Sender) -> Appeal | None:
    if sender.client is None:
        return None
    for number in SUBJECT_TAG.findall(subject):
        found = Appeal.objects.filter(number=number, client=sender.client).first()
        if found is not None:
            return found
    return None
