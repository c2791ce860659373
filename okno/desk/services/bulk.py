"""Bulk operations on appeals chosen in the queue: assign, change the status (with a
reason), the priority or the topic, merge into one appeal, close.

`bulk_preview` tells, without writing, what each appeal would become and which would be
refused and why; `bulk_apply` then changes them one at a time through the desk's own
services, each in its own transaction (its log entry and its SLA's clocks with it), so one
refused appeal never holds back the rest, and records one audit entry naming the
operation, who ran it and how many were done and refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import F, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from okno.audit.services import audit_record
from okno.core.actor import Actor
from okno.core.errors import DomainError, InvalidInput
from okno.desk import states
from okno.desk.models import Appeal, AppealStatus, AppealTopic, ClaimLine, Priority, Team
from okno.desk.services.appeals import appeal_assign, appeal_move, desk_user
from okno.desk.services.details import appeal_priority_set, appeal_topic_set
from okno.desk.services.merge import appeal_merge, merge_refusal, merge_target
from okno.desk.services.rules import check_works_desk

BULK_MAX = 200

OPERATIONS = {
    "assign": gettext_lazy("Назначить"),
    "status": gettext_lazy("Сменить статус"),
    "priority": gettext_lazy("Сменить приоритет"),
    "topic": gettext_lazy("Сменить тему"),
    "merge": gettext_lazy("Объединить с обращением"),
    "close": gettext_lazy("Закрыть"),
}


@dataclass(frozen=True)
class BulkChange:
    """What to do with every chosen appeal. `status` and `close` need a `reason`, `merge`
    the appeal to merge into (`into`: its number or id)."""

    operation: str
    assignee_id: int | None = None
    team_id: int | None = None
    status: str = ""
    reason: str = ""
    priority: str = ""
    topic_id: int | None = None
    into: str = ""

    @property
    def target_status(self) -> str:
        return AppealStatus.CLOSED if self.operation == "close" else self.status


@dataclass
class BulkOutcome:
    """One appeal's part: its value now, the value it gets, and why it is refused (empty
    when it changes)."""

    appeal: Appeal
    before: str
    after: str
    refused: str = ""

    @property
    def done(self) -> bool:
        return not self.refused


def bulk_check(*, actor: Actor, change: BulkChange) -> BulkChange:
    """Refuse an operation no appeal could take (an unknown status, an operator who is
    not one, a missing reason) before looking at the appeals."""
    check_works_desk(actor)
    if change.operation not in OPERATIONS:
        raise InvalidInput(_("Выберите действие."), field="operation")
    if change.operation == "assign":
        _check_assign(change)
    if change.operation == "status" and change.status not in AppealStatus.values:
        raise InvalidInput(_("Выберите статус."), field="status")
    if change.operation in ("status", "close") and not change.reason.strip():
        raise InvalidInput(_("Назовите причину смены статуса."), field="reason")
    if change.operation == "priority" and change.priority not in Priority.values:
        raise InvalidInput(_("Выберите приоритет."), field="priority")
    if change.operation == "topic" and change.topic_id is not None:
        _check_topic(change.topic_id)
    if change.operation == "merge":
        merge_target(actor=actor, value=change.into)
    return change


def _check_assign(change: BulkChange) -> None:
    if change.assignee_id is not None:
        desk_user(change.assignee_id, "assignee_id")
    if change.team_id is not None and not Team.objects.filter(pk=change.team_id).exists():
        raise InvalidInput(_("Нет такой группы."), field="team_id")


def _check_topic(topic_id: int) -> None:
    if not AppealTopic.objects.filter(pk=topic_id, is_active=True).exists():
        raise InvalidInput(_("Нет такой темы."), field="topic_id")


def bulk_preview(
    *, actor: Actor, appeals: Sequence[Appeal], change: BulkChange
) -> list[BulkOutcome]:
    """What `bulk_apply` would do to each appeal; writes nothing. A fixed number of
    queries for any number of appeals (read with `bulk_appeals`)."""
    bulk_check(actor=actor, change=change)
    if change.operation == "merge":
        into = merge_target(actor=actor, value=change.into)
        return [_foresee_merge(appeal, into) for appeal in appeals]
    names = _target_names(change)
    unresolved = _unresolved_claims(appeals, change)
    return [_foresee(appeal, change, names, unresolved) for appeal in appeals]


def _foresee_merge(appeal: Appeal, into: Appeal) -> BulkOutcome:
    after = _("Объединено с %(number)s") % {"number": into.number}
    return BulkOutcome(appeal, appeal.get_status_display(), after, merge_refusal(appeal, into))


def bulk_apply(*, actor: Actor, appeals: Sequence[Appeal], change: BulkChange) -> list[BulkOutcome]:
    """Change each appeal in its own transaction through the desk's services; a refusal
    of one (a move its status does not allow, a claim not resolved in full, a change
    that changes nothing) is its outcome, and the rest go on. One audit entry at the end.
    Precondition: `appeals` read through `visible_to(actor)`."""
    outcomes = bulk_preview(actor=actor, appeals=appeals, change=change)
    for outcome in outcomes:
        if outcome.done:
            try:
                _apply_one(actor, outcome.appeal, change)
            except DomainError as refusal:
                outcome.refused = refusal.message
    _audit(actor, change, outcomes)
    return outcomes


def _apply_one(actor: Actor, appeal: Appeal, change: BulkChange) -> None:
    operation = change.operation
    if operation == "assign":
        appeal_assign(
            actor=actor, appeal=appeal, assignee_id=change.assignee_id, team_id=change.team_id
        )
    elif operation in ("status", "close"):
        appeal_move(actor=actor, appeal=appeal, to=change.target_status, reason=change.reason)
    elif operation == "merge":
        into = merge_target(actor=actor, value=change.into)
        appeal_merge(actor=actor, appeal=appeal, into=into)
    elif operation == "priority":
        appeal_priority_set(actor=actor, appeal=appeal, priority=change.priority)
    else:
        appeal_topic_set(actor=actor, appeal=appeal, topic_id=change.topic_id)


def _foresee(
    appeal: Appeal, change: BulkChange, names: dict[str, str], unresolved: set[int]
) -> BulkOutcome:
    operation = change.operation
    if operation == "assign":
        same = appeal.assignee_id == change.assignee_id and appeal.team_id == change.team_id
        before = _people(appeal.assignee, appeal.team)
        return BulkOutcome(appeal, before, names["after"], _("Уже назначено так.") if same else "")
    if operation == "priority":
        same = appeal.priority == change.priority
        refused = _("Приоритет уже такой.") if same else ""
        return BulkOutcome(appeal, appeal.get_priority_display(), names["after"], refused)
    if operation == "topic":
        same = appeal.topic_id == change.topic_id
        before = appeal.topic.name if appeal.topic else "—"
        return BulkOutcome(appeal, before, names["after"], _("Тема уже такая.") if same else "")
    return BulkOutcome(
        appeal,
        appeal.get_status_display(),
        names["after"],
        _move_refusal(appeal, change.target_status, unresolved),
    )


def _move_refusal(appeal: Appeal, to: str, unresolved: set[int]) -> str:
    if not states.may_follow(appeal.status, to):
        return _("Из статуса «%(status)s» в «%(to)s» перевести нельзя.") % {
            "status": appeal.get_status_display(),
            "to": AppealStatus(to).label,
        }
    if to == AppealStatus.RESOLVED and appeal.pk in unresolved:
        return _("Претензия решена не по всем строкам.")
    return ""


def _target_names(change: BulkChange) -> dict[str, str]:
    """The new value as the preview names it, read once for every appeal."""
    operation = change.operation
    if operation == "assign":
        from okno.accounts.models import User

        assignee = _found(User, change.assignee_id)
        team = _found(Team, change.team_id)
        return {"after": _people(assignee, team)}
    if operation == "priority":
        return {"after": str(Priority(change.priority).label)}
    if operation == "topic":
        topic = _found(AppealTopic, change.topic_id)
        return {"after": topic.name if topic else "—"}
    return {"after": str(AppealStatus(change.target_status).label)}


def _found(model, pk: int | None):
    return None if pk is None else model.objects.filter(pk=pk).first()


def _people(assignee, team) -> str:
    named = [str(found) for found in (assignee, team) if found is not None]
    return " · ".join(named) or "—"


def _unresolved_claims(appeals: Sequence[Appeal], change: BulkChange) -> set[int]:
    """Appeals with a claim line not resolved in full, for a move to «resolved»."""
    if change.target_status != AppealStatus.RESOLVED:
        return set()
    lines = (
        ClaimLine.objects.filter(appeal_id__in=[appeal.pk for appeal in appeals])
        .annotate(resolved=Sum("resolutions__quantity"))
        .filter(Q(resolved__isnull=True) | Q(resolved__lt=F("quantity")))
    )
    return set(lines.values_list("appeal_id", flat=True))


def _audit(actor: Actor, change: BulkChange, outcomes: list[BulkOutcome]) -> None:
    done = [outcome.appeal.number for outcome in outcomes if outcome.done]
    refused = [outcome.appeal.number for outcome in outcomes if not outcome.done]
    after = outcomes[0].after if outcomes else ""
    audit_record(
        action="desk.bulk",
        user=actor.user,
        changes={
            "operation": f"{OPERATIONS[change.operation]}: {after}",
            "reason": change.reason,
            "done": len(done),
            "refused": len(refused),
            "done_appeals": ", ".join(number or "" for number in done),
            "refused_appeals": ", ".join(number or "" for number in refused),
        },
    )
