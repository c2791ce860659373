"""The SLA as the queue, the appeal page and the API show it: the stored due times and
state, and the business time left to the nearest due time (or past it), counted on the
policy's calendar at the moment of the request."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from okno.desk.models import Appeal, AppealSla, SlaPauseReason, SlaPolicy, SlaState
from okno.desk.sla.calendar import business_seconds
from okno.desk.sla.services import calendar_spec


@dataclass(frozen=True)
class SlaView:
    state: str
    state_name: str
    first_response_due: datetime.datetime | None
    next_response_due: datetime.datetime | None
    resolution_due: datetime.datetime | None
    due: datetime.datetime | None
    left_seconds: int | None  # business seconds to `due`; negative once past it
    paused_for: str
    policy: str

    @property
    def left_text(self) -> str:
        return duration_text(self.left_seconds)

    @property
    def badge(self) -> str:
        """The state's colour on the pages."""
        return _BADGES.get(SlaState(self.state), "text-bg-light border")


_BADGES = {
    SlaState.OK: "text-bg-success",
    SlaState.WARNING: "text-bg-warning",
    SlaState.BREACHED: "text-bg-danger",
    SlaState.PAUSED: "text-bg-secondary",
}


def duration_text(seconds: int | None) -> str:
    """«3 ч 20 мин» left, or «−1 ч 05 мин» past the due time; empty when none runs."""
    if seconds is None:
        return ""
    minutes = abs(seconds) // 60
    text = _("%(hours)d ч %(minutes)02d мин") % {"hours": minutes // 60, "minutes": minutes % 60}
    return text if seconds >= 0 else "−" + text


def _left(row: AppealSla, policy: SlaPolicy | None, now: datetime.datetime) -> int | None:
    if row.due is None or policy is None:
        return None
    spec = calendar_spec(policy.calendar)
    if row.due >= now:
        return int(business_seconds(spec, now, row.due))
    return -int(business_seconds(spec, row.due, now))


def sla_views(
    rows: Iterable[AppealSla], *, now: datetime.datetime | None = None
) -> dict[int, SlaView]:
    """Per appeal id, its SLA as shown; two queries whatever the number of rows."""
    rows = list(rows)
    now = now or timezone.now()
    policy_ids = {row.policy_id for row in rows if row.policy_id is not None}
    policies = SlaPolicy.objects.select_related("calendar").in_bulk(policy_ids)
    reasons = dict(SlaPauseReason.objects.values_list("code", "name"))
    views = {}
    for row in rows:
        policy = policies.get(row.policy_id) if row.policy_id else None
        views[row.appeal_id] = SlaView(
            state=row.state,
            state_name=str(SlaState(row.state).label),
            first_response_due=row.first_response_due,
            next_response_due=row.next_response_due,
            resolution_due=row.resolution_due,
            due=row.due,
            left_seconds=_left(row, policy, now),
            paused_for=reasons.get(row.paused_for, row.paused_for),
            policy=policy.name if policy else "",
        )
    return views


def appeals_with_sla(appeals: Iterable[Appeal], *, now: datetime.datetime | None = None) -> list:
    """The appeals of a page, each with `sla_view` (None before its clocks are computed).
    Precondition: `sla` selected with the appeals."""
    appeals = list(appeals)
    rows = [appeal.sla for appeal in appeals if _has_sla(appeal)]
    views = sla_views(rows, now=now)
    for appeal in appeals:
        appeal.sla_view = views.get(appeal.pk)  # type: ignore[attr-defined]
    return appeals


def appeal_sla_view(appeal: Appeal, *, now: datetime.datetime | None = None) -> SlaView | None:
    row = AppealSla.objects.filter(appeal_id=appeal.pk).first()
    return sla_views([row], now=now)[appeal.pk] if row is not None else None


def _has_sla(appeal: Appeal) -> bool:
    try:
        return appeal.sla is not None
    except AppealSla.DoesNotExist:
        return False
