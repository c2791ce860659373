"""The snapshots of calendar and policy versions survive a rolled-back transaction."""

from __future__ import annotations

import pytest
from django.db import transaction

from okno.desk.models import BusinessCalendar, CalendarVersion, PolicyVersion, SlaPolicy
from okno.desk.sla.versions import (
    calendar_version_keep,
    pause_stops,
    policy_rules,
    policy_version_keep,
    versions_forget,
)

pytestmark = pytest.mark.django_db


class RolledBack(Exception):
    pass


def _rolled_back(keep) -> None:
    """`keep()` in a transaction that then fails."""
    with transaction.atomic():
        keep()
        raise RolledBack


def test_a_calendar_kept_in_a_transaction_rolled_back_is_kept_again():
    versions_forget()
    calendar = BusinessCalendar.objects.create(name="Склад Казань")
    with pytest.raises(RolledBack):
        _rolled_back(lambda: calendar_version_keep(calendar))
    kept = CalendarVersion.objects.filter(calendar=calendar, version=calendar.version)
    assert not kept.exists()

    calendar_version_keep(calendar)
    assert kept.count() == 1


def test_a_policy_kept_in_a_transaction_rolled_back_is_kept_again():
    versions_forget()
    policy = SlaPolicy.objects.order_by("pk").first()
    assert policy is not None
    PolicyVersion.objects.filter(policy=policy).delete()
    rules = policy_rules(policy, pause_stops())
    with pytest.raises(RolledBack):
        _rolled_back(lambda: policy_version_keep(policy, rules))
    kept = PolicyVersion.objects.filter(policy=policy, version=policy.version)
    assert not kept.exists()

    policy_version_keep(policy, rules)
    assert kept.get().rules == rules
