"""What the desk's staff read of the e-mail channel: the letters kept aside (quarantined
ones with their reason, machines' letters) and any letter's raw source. Only staff who
work the desk; for anyone else a letter does not exist (404)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from okno.core.actor import Actor
from okno.desk.models import Appeal, IncomingMail, MailState
from okno.desk.services.rules import works_desk

ASIDE = (MailState.QUARANTINED, MailState.AUTOMATIC)


def _letters(actor: Actor) -> QuerySet[IncomingMail]:
    if not works_desk(actor):
        raise Http404
    return IncomingMail.objects.filter(
        Q(appeal__isnull=True) | Q(appeal__in=Appeal.objects.visible_to(actor))
    )


def letters_aside(*, actor: Actor, state: str | None) -> QuerySet[IncomingMail]:
    """Letters that opened no appeal or were not filed, newest first: quarantined (with
    the reason), or written by a machine."""
    states = (state,) if state in ASIDE else ASIDE
    return (
        _letters(actor)
        .filter(state__in=states)
        .select_related("mailbox", "appeal")
        .defer("html")
        .order_by("-received_at", "-pk")
    )


def letter_get(*, actor: Actor, letter_id: int) -> IncomingMail:
    """A letter whose raw source the actor may download."""
    found = _letters(actor).filter(pk=letter_id).first()
    if found is None:
        raise Http404
    return found


def letters_of_events(*, actor: Actor, appeal_ids: list[int]) -> dict[int, IncomingMail]:
    """The letters behind the log entries of appeals (one and those merged into it), by
    entry id, for desk staff (others: none): one query for the page."""
    if not works_desk(actor):
        return {}
    rows = IncomingMail.objects.filter(appeal_id__in=appeal_ids, event__isnull=False).only(
        "pk", "event_id", "html", "from_address"
    )
    return {row.event_id: row for row in rows if row.event_id is not None}
