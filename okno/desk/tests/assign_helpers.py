"""Operators, teams and rules for the assignment tests, made as an administrator and the
operators themselves would: the back office's rows and the availability service."""

from __future__ import annotations

from okno.accounts.tests.factories import StaffFactory
from okno.core.actor import actor_for_user
from okno.core.roles import StaffRole
from okno.desk.models import AppealKind, AssignmentRule, Team
from okno.desk.services.assign import availability_set


def operator(name: str, *, state: str = "on_shift"):
    person = StaffFactory(staff_role=StaffRole.OPERATOR, full_name=name, manager_code=None)
    if state:
        availability_set(actor=actor_for_user(person), user_id=person.pk, state=state)
    return person


def team(name: str, members, *, method: str = "round_robin", cap: int | None = None) -> Team:
    made = Team.objects.create(name=name, method=method, cap=cap)
    made.members.set(members)
    return made


def rule(name: str, *, position: int = 0, kind: str | None = None, **fields) -> AssignmentRule:
    if kind is not None:
        fields["kind"] = AppealKind.objects.get(code=kind)
    return AssignmentRule.objects.create(name=name, position=position, **fields)
