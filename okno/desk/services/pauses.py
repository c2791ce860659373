"""Pausing an appeal's SLA clocks for a named reason (the warehouse's inspection, data
from 1C…) and lifting the pause. Awaiting the client is the status's pause, not one of
these."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from okno.core.actor import Actor
from okno.core.errors import Conflict, InvalidInput
from okno.desk import states
from okno.desk.models import Appeal, AppealEvent, EventKind, SlaPauseReason
from okno.desk.services.rules import check_works_desk
from okno.desk.sla.clocks import AWAITING_CLIENT
from okno.desk.sla.services import appeal_sla_refresh


def pause_reasons() -> list[SlaPauseReason]:
    """The reasons an operator may pause an appeal for (not the status's own)."""
    return list(SlaPauseReason.objects.filter(is_active=True).exclude(code=AWAITING_CLIENT))


def appeal_pause(*, actor: Actor, appeal: Appeal, reason: str) -> Appeal:
    """Stop the clocks the reason is set to stop, from now until the pause is lifted.
    Precondition: read through `visible_to(actor)`."""
    check_works_desk(actor)
    found = next((item for item in pause_reasons() if item.code == reason), None)
    if found is None:
        raise InvalidInput(_("Нет такой причины паузы."), field="reason")
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if appeal.status not in states.OPEN:
            raise Conflict(_("Обращение завершено: его сроки уже не идут."), field="reason")
        if found.code in _pauses_in_force(appeal):
            return appeal
        _log(actor, appeal, EventKind.PAUSED, found)
    return appeal


def appeal_resume(*, actor: Actor, appeal: Appeal) -> Appeal:
    """Lift every pause in force (the status's own pause ends with the status)."""
    check_works_desk(actor)
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        reasons = {item.code: item for item in SlaPauseReason.objects.all()}
        for code in _pauses_in_force(appeal):
            _log(actor, appeal, EventKind.RESUMED, reasons.get(code), code=code)
    return appeal


def _pauses_in_force(appeal: Appeal) -> list[str]:
    in_force: list[str] = []
    rows = AppealEvent.objects.filter(appeal=appeal, kind__in=(EventKind.PAUSED, EventKind.RESUMED))
    for kind, code in rows.order_by("at", "pk").values_list("kind", "pause_reason"):
        if kind == EventKind.PAUSED and code not in in_force:
            in_force.append(code)
        elif kind == EventKind.RESUMED and code in in_force:
            in_force.remove(code)
    return in_force


def _log(actor: Actor, appeal: Appeal, kind: str, reason, *, code: str = "") -> None:
    AppealEvent.objects.create(
        appeal=appeal,
        kind=kind,
        author=actor.user,
        is_public=False,
        pause_reason=reason.code if reason is not None else code,
        body=reason.name if reason is not None else code,
    )
    appeal.save(update_fields=["updated_at"])
    appeal_sla_refresh(appeal)
