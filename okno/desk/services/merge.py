"""Merging two appeals of one client into one, and splitting claim lines off into a new
appeal.

A merge keeps every log append-only: the merged appeal's entries and files stay where
they were written, and the target's page and API read them with its own (each marked with
the number it came from), so every message stays traceable to its source. What is the
case's substance moves: the claim lines (with their resolutions) go under the target, the
watchers are united, and the merged appeal ends in the status «объединено», pointing at
the target. Both logs say so («merged» entries naming each other).

Locks: both appeals' rows, in the order of their ids, so two merges of the same pair at
once wait for each other instead of deadlocking.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.core.actor import Actor
from okno.core.errors import Conflict, InvalidInput
from okno.desk import states
from okno.desk.models import Appeal, AppealEvent, AppealStatus, ClaimLine, EventKind
from okno.desk.services.appeals import appeal_number_give
from okno.desk.services.rules import check_works_desk
from okno.desk.sla.services import appeal_sla_refresh

S = AppealStatus


def merge_refusal(appeal: Appeal, into: Appeal) -> str:
    """Why `appeal` may not be merged into `into`, or empty when it may: the same client
    only, both still open, a claim's lines only into a claim on the same shipment."""
    if appeal.pk == into.pk:
        return _("Обращение нельзя объединить с самим собой.")
    if appeal.client_id != into.client_id:
        return _("Объединять можно только обращения одного клиента.")
    for found in (appeal, into):
        if found.status == S.MERGED:
            return _("%(number)s уже объединено с другим обращением.") % {"number": found.number}
        if found.status in states.FINISHED:
            return _("%(number)s уже решено или закрыто.") % {"number": found.number}
    if appeal.shipment_id is not None and appeal.shipment_id != into.shipment_id:
        return _("Претензию можно объединить только с претензией по той же отгрузке.")
    return ""


def appeal_merge(*, actor: Actor, appeal: Appeal, into: Appeal) -> Appeal:
    """Merge `appeal` into `into` (see the module). Returns the target. Precondition: both
    read through `visible_to(actor)`."""
    check_works_desk(actor)
    with transaction.atomic():
        appeal, into = _lock_pair(appeal, into)
        refusal = merge_refusal(appeal, into)
        if refusal:
            raise Conflict(refusal, field="into", code="merge_refused")
        _merge_locked(actor, appeal, into)
    return into


def appeals_merge_in(*, actor: Actor, into: Appeal, appeals: Sequence[Appeal]) -> Appeal:
    """Merge each of `appeals` into `into`, all or nothing."""
    with transaction.atomic():
        for appeal in appeals:
            into = appeal_merge(actor=actor, appeal=appeal, into=into)
    return into


def _lock_pair(first: Appeal, second: Appeal) -> tuple[Appeal, Appeal]:
    ids = sorted({first.pk, second.pk})
    rows = {row.pk: row for row in Appeal.objects.select_for_update().filter(pk__in=ids)}
    return rows[first.pk], rows[second.pk]


def _merge_locked(actor: Actor, appeal: Appeal, into: Appeal) -> None:
    ClaimLine.objects.filter(appeal=appeal).update(appeal=into)
    into.watchers.add(*appeal.watchers.all())
    if appeal.assignee_id is not None and appeal.assignee_id != into.assignee_id:
        into.watchers.add(appeal.assignee_id)
    # Appeals flagged as copies of this one now point at where the case goes on.
    Appeal.objects.filter(duplicate_of=appeal).exclude(pk=into.pk).update(duplicate_of=into)
    reason = _("Объединено с %(number)s") % {"number": into.number}
    AppealEvent.objects.create(
        appeal=appeal, kind=EventKind.MERGED, author=actor.user, related_appeal=into
    )
    AppealEvent.objects.create(
        appeal=appeal,
        kind=EventKind.STATUS,
        author=actor.user,
        from_status=appeal.status,
        to_status=S.MERGED,
        reason=reason,
    )
    appeal.status = S.MERGED
    appeal.merged_into = into
    appeal.finished_at = timezone.now()
    appeal.duplicate_of = None
    appeal.duplicate_reason = ""
    appeal.save(
        update_fields=[
            "status",
            "merged_into",
            "finished_at",
            "duplicate_of",
            "duplicate_reason",
            "updated_at",
        ]
    )
    AppealEvent.objects.create(
        appeal=into, kind=EventKind.MERGED, author=actor.user, related_appeal=appeal
    )
    if into.duplicate_of_id == appeal.pk:
        into.duplicate_of = None
        into.duplicate_reason = ""
    into.save(update_fields=["duplicate_of", "duplicate_reason", "updated_at"])
    appeal_sla_refresh(appeal)
    appeal_sla_refresh(into)


# --- split -----------------------------------------------------------------------------------


def appeal_split(
    *,
    actor: Actor,
    appeal: Appeal,
    line_ids: Sequence[int],
    event_ids: Sequence[int] = (),
    subject: str = "",
) -> Appeal:
    """Take the chosen claim lines (and, optionally, copies of chosen messages) of an
    open claim into a new appeal of the same client, order and shipment, so each part is
    worked and resolved on its own. At least one line stays. Both logs name each other;
    the copied messages are internal notes of the new appeal that say where they were
    written (the originals stay). Returns the new appeal. Precondition: read through
    `visible_to(actor)`."""
    check_works_desk(actor)
    with transaction.atomic():
        source = Appeal.objects.select_for_update().select_related("kind").get(pk=appeal.pk)
        if source.status not in states.OPEN:
            raise Conflict(
                _("Разделить можно только открытое обращение."), field="lines", code="not_open"
            )
        lines = _split_lines(source, line_ids)
        new = _split_start(actor, source, subject)
        ClaimLine.objects.filter(pk__in=[line.pk for line in lines]).update(appeal=new)
        _split_log(actor, source, new, lines, event_ids)
        appeal_sla_refresh(source)
        appeal_sla_refresh(new)
    return new


def _split_lines(source: Appeal, line_ids: Sequence[int]) -> list[ClaimLine]:
    own = list(ClaimLine.objects.filter(appeal=source).select_related("order_line"))
    chosen = [line for line in own if line.pk in set(line_ids)]
    if not chosen or len(chosen) != len(set(line_ids)):
        raise InvalidInput(_("Отметьте строки претензии, которые выделить."), field="lines")
    if len(chosen) == len(own):
        raise InvalidInput(
            _("Хотя бы одна строка должна остаться в претензии."), field="lines", code="all_lines"
        )
    return chosen


def _split_start(actor: Actor, source: Appeal, subject: str) -> Appeal:
    new = Appeal.objects.create(
        kind=source.kind,
        topic_id=source.topic_id,
        subject=(subject.strip() or source.subject)[:200],
        priority=source.priority,
        channel=source.channel,
        client_id=source.client_id,
        legal_entity_id=source.legal_entity_id,
        contact_id=source.contact_id,
        author=actor.user,
        order_id=source.order_id,
        shipment_id=source.shipment_id,
        assignee_id=source.assignee_id,
        team_id=source.team_id,
    )
    appeal_number_give(new)
    new.watchers.add(*source.watchers.all())
    return new


def _split_log(
    actor: Actor, source: Appeal, new: Appeal, lines: list[ClaimLine], event_ids: Sequence[int]
) -> None:
    articles = ", ".join(line.order_line.article for line in lines)
    AppealEvent.objects.create(
        appeal=new,
        kind=EventKind.CREATED,
        author=actor.user,
        channel=new.channel,
        body=_("Выделено из %(number)s: %(articles)s")
        % {"number": source.number, "articles": articles},
        to_status=new.status,
    )
    AppealEvent.objects.create(
        appeal=new, kind=EventKind.SPLIT, author=actor.user, related_appeal=source, body=articles
    )
    AppealEvent.objects.create(
        appeal=source, kind=EventKind.SPLIT, author=actor.user, related_appeal=new, body=articles
    )
    copied = AppealEvent.objects.filter(
        appeal=source, pk__in=list(event_ids), kind__in=(EventKind.CREATED, EventKind.MESSAGE)
    )
    for message in copied:
        AppealEvent.objects.create(
            appeal=new,
            kind=EventKind.NOTE,
            author=actor.user,
            is_public=False,
            related_appeal=source,
            reason=_("Сообщение из %(number)s от %(at)s")
            % {
                "number": source.number,
                "at": timezone.localtime(message.at).strftime("%d.%m.%Y %H:%M"),
            },
            body=message.body,
        )


def merge_target(*, actor: Actor, value: str | int | None) -> Appeal:
    """The appeal to merge into, named by its number («ПР-000123») or id, among those the
    actor sees; anything else is refused the same way."""
    text = str(value or "").strip()
    rows = Appeal.objects.visible_to(actor)
    found = None
    if text.isdigit():
        found = rows.filter(pk=int(text)).first()
    elif text:
        found = rows.filter(number__iexact=text).first()
    if found is None:
        raise InvalidInput(_("Нет такого обращения."), field="into")
    return found
