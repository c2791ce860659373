"""Who gets an appeal: the assignment rules applied when an appeal is created, a team's
pick of an operator on shift, operators' availability, and handing every open appeal of
an absent operator on in one action.

Locks, always in this order: the team's row (its turn), then the candidates'
availability rows by user id. Each open-appeal count is read under them, so two appeals
created at once never take an operator past the team's cap.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.accounts.models import User
from okno.audit.services import audit_record
from okno.core.actor import Actor
from okno.core.errors import Conflict, InvalidInput, NotAllowed
from okno.desk import states
from okno.desk.models import (
    Appeal,
    AppealEvent,
    AssignmentRule,
    Availability,
    EventKind,
    Method,
    OperatorAvailability,
    Team,
)
from okno.desk.services.rules import is_desk_staff, supervises_desk, works_desk
from okno.desk.sla.services import appeal_sla_refresh

# --- the rules on creation ---------------------------------------------------------------


def appeal_route(appeal: Appeal, *, author=None) -> AssignmentRule | None:
    """Apply the first matching assignment rule to a new appeal and log it naming the
    rule; with nobody free the appeal waits in the rule's team unassigned. Precondition:
    inside the creation's transaction; the caller refreshes the SLA afterwards."""
    rule = rule_for(appeal)
    if rule is None:
        return None
    if rule.operator_id is not None:
        operator_id = _operator_pick(rule.operator_id, cap=rule.team.cap if rule.team else None)
    else:
        # The rule has a team whenever it has no operator (a database constraint).
        operator_id = team_pick(rule.team_id)  # type: ignore[arg-type]
    appeal.assignee_id = operator_id
    appeal.team_id = rule.team_id
    appeal.save(update_fields=["assignee", "team", "updated_at"])
    if operator_id is None:
        reason = _("Правило «%(rule)s»: свободных операторов нет") % {"rule": rule.name}
    else:
        reason = _("Правило «%(rule)s»") % {"rule": rule.name}
    _log(appeal, author=author, reason=reason)
    return rule


def appeal_assign_auto(*, actor: Actor, appeal: Appeal) -> Appeal:
    """Hand an existing appeal on by the assignment rules, as if it were new.
    Precondition: read through `visible_to(actor)`."""
    if not works_desk(actor):
        raise NotAllowed(_("Работать с обращениями могут операторы претензионного отдела."))
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if appeal_route(appeal, author=actor.user) is None:
            raise Conflict(_("Ни одно правило назначения не подходит."), code="no_rule")
        appeal_sla_refresh(appeal)
    return appeal


def rule_for(appeal: Appeal) -> AssignmentRule | None:
    """The first active rule, in their order, whose every set condition holds."""
    manager_id = appeal.client.manager_id if appeal.client is not None else None
    facts = (appeal.kind_id, appeal.topic_id, appeal.client_id, manager_id)
    for rule in AssignmentRule.objects.filter(is_active=True).select_related("team"):
        conditions = (rule.kind_id, rule.topic_id, rule.client_id, rule.manager_id)
        if all(_holds(c, v) for c, v in zip(conditions, facts, strict=True)):
            return rule
    return None


def _holds(condition: int | None, value: int | None) -> bool:
    return condition is None or condition == value


def team_pick(team_id: int, *, exclude: Collection[int] = ()) -> int | None:
    """An operator of the team who is on shift and under the team's cap, by the team's
    method: the next in turn after the last one given an appeal, or the one with the fewest
    open appeals. None when nobody is free. Precondition: inside a transaction; takes the
    team's row lock and the members' availability locks."""
    team = Team.objects.select_for_update().get(pk=team_id)
    members = [
        user.pk
        for user in team.members.filter(is_active=True).order_by("pk")
        if is_desk_staff(user) and user.pk not in exclude
    ]
    loads = _free_loads(members, cap=team.cap)
    if not loads:
        return None
    if team.method == Method.LEAST_OPEN:
        chosen = min(loads, key=lambda user_id: (loads[user_id], user_id))
    else:
        after = [user_id for user_id in loads if user_id > (team.last_assignee_id or 0)]
        chosen = (after or sorted(loads))[0]
    team.last_assignee_id = chosen
    team.save(update_fields=["last_assignee"])
    return chosen


def _operator_pick(user_id: int, *, cap: int | None) -> int | None:
    return user_id if _free_loads([user_id], cap=cap) else None


def _free_loads(user_ids: list[int], *, cap: int | None) -> dict[int, int]:
    """{operator: open appeals} of those on shift and under the cap, ordered by id, read
    under their availability rows' locks."""
    now = timezone.now()
    rows = OperatorAvailability.objects.select_for_update().filter(user_id__in=user_ids)
    on_shift = [
        row.user_id for row in rows.order_by("user_id") if row.current(now) == Availability.ON_SHIFT
    ]
    loads = dict.fromkeys(sorted(on_shift), 0)
    counted = (
        Appeal.objects.filter(assignee_id__in=on_shift, status__in=states.OPEN)
        .values("assignee_id")
        .annotate(n=Count("pk"))
    )
    for row in counted:
        loads[row["assignee_id"]] = row["n"]
    return {user_id: n for user_id, n in loads.items() if cap is None or n < cap}


def open_loads(user_ids: Collection[int]) -> dict[int, int]:
    """Open appeals per operator, for the supervisor's page."""
    counted = (
        Appeal.objects.filter(assignee_id__in=list(user_ids), status__in=states.OPEN)
        .values("assignee_id")
        .annotate(n=Count("pk"))
    )
    return {row["assignee_id"]: row["n"] for row in counted}


def _log(appeal: Appeal, *, author, reason: str) -> AppealEvent:
    event = AppealEvent.objects.create(
        appeal=appeal,
        kind=EventKind.ASSIGNED,
        author=author,
        is_public=False,
        user_id=appeal.assignee_id,
        body=appeal.team.name if appeal.team is not None else "",
        reason=reason[:500],
    )
    return event


# --- availability ------------------------------------------------------------------------


def availability_set(
    *, actor: Actor, user_id: int, state: str, until: datetime.datetime | None = None
) -> OperatorAvailability:
    """An operator marks themselves on shift, away or on leave (optionally until a
    moment); a supervisor marks anyone of the desk."""
    if not works_desk(actor) or (user_id != actor.user_id and not supervises_desk(actor)):
        raise NotAllowed(_("Отмечать других может только руководитель отдела."))
    if state not in Availability.values:
        raise InvalidInput(_("Нет такого состояния."), field="state")
    if until is not None and until <= timezone.now():
        raise InvalidInput(_("«До» должно быть в будущем."), field="until")
    operator = desk_operator(user_id)
    row, _created = OperatorAvailability.objects.update_or_create(
        user=operator,
        defaults={"state": state, "since": timezone.now(), "until": until, "set_by": actor.user},
    )
    return row


def availability_of(user_id: int) -> OperatorAvailability:
    """The operator's availability as it stands (an unsaved «away» when never set)."""
    found = OperatorAvailability.objects.filter(user_id=user_id).first()
    return found or OperatorAvailability(user_id=user_id, state=Availability.AWAY, since=None)  # type: ignore[misc]


def desk_operator(user_id: int) -> User:
    found = User.objects.filter(pk=user_id).first()
    if found is None or not is_desk_staff(found):
        raise InvalidInput(_("Это не оператор претензионного отдела."), field="user")
    return found


# --- an absent operator's appeals --------------------------------------------------------


def operator_appeals_reassign(*, actor: Actor, user_id: int, to_user_id: int | None) -> int:
    """Hand every open appeal of an (absent) operator on at once: to a chosen operator, or,
    with none, each by its team's rules (the team it is in, else the matching rule's),
    never back to the same operator; one log entry per appeal and one audit entry. Returns
    how many were handed on."""
    if not supervises_desk(actor):
        raise NotAllowed(_("Передать все обращения оператора может только руководитель отдела."))
    absent = desk_operator(user_id)
    target = desk_operator(to_user_id) if to_user_id is not None else None
    if target is not None and target.pk == absent.pk:
        raise InvalidInput(_("Выберите другого оператора."), field="to")
    reason = _("Все обращения оператора %(name)s переданы") % {"name": absent}
    with transaction.atomic():
        appeals = list(
            Appeal.objects.select_for_update()
            .filter(assignee=absent, status__in=states.OPEN)
            .order_by("pk")
        )
        for appeal in appeals:
            _hand_on(appeal, absent=absent, target=target, actor=actor, reason=reason)
        audit_record(
            action="desk.appeals_reassigned",
            user=actor.user,
            obj=absent,
            client=None,
            changes={
                "appeals": [[appeal.number for appeal in appeals], None],
                "to": [absent.pk, target.pk if target else None],
            },
        )
    return len(appeals)


def _hand_on(appeal: Appeal, *, absent: User, target: User | None, actor: Actor, reason: str):
    if target is not None:
        appeal.assignee_id = target.pk
    else:
        team_id = appeal.team_id
        if team_id is None:
            rule = rule_for(appeal)
            team_id = rule.team_id if rule is not None else None
        appeal.team_id = team_id
        appeal.assignee_id = team_pick(team_id, exclude={absent.pk}) if team_id else None
    if appeal.locked_by_id == absent.pk:
        appeal.locked_by_id = None
        appeal.locked_until = None
    appeal.save(update_fields=["assignee", "team", "locked_by", "locked_until", "updated_at"])
    _log(appeal, author=actor.user, reason=reason)
    appeal_sla_refresh(appeal)
