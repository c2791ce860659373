"""An operator changes an appeal's priority or topic. Each change is logged (internal, with
the old and the new value) and the SLA's clocks are computed again: the priority chooses
the policy."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from okno.core.actor import Actor
from okno.core.errors import Conflict, InvalidInput
from okno.desk.models import Appeal, AppealEvent, AppealTopic, EventKind, Priority
from okno.desk.services.rules import check_works_desk
from okno.desk.sla.services import appeal_sla_refresh


def appeal_priority_set(*, actor: Actor, appeal: Appeal, priority: str) -> Appeal:
    """Give the appeal another priority. Precondition: read through `visible_to(actor)`."""
    check_works_desk(actor)
    if priority not in Priority.values:
        raise InvalidInput(_("Нет такого приоритета."), field="priority")
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if appeal.priority == priority:
            raise Conflict(_("Приоритет уже такой."), field="priority", code="unchanged")
        before = appeal.get_priority_display()
        appeal.priority = priority
        appeal.save(update_fields=["priority", "updated_at"])
        _log(actor, appeal, EventKind.PRIORITY, before, appeal.get_priority_display())
    return appeal


def appeal_topic_set(*, actor: Actor, appeal: Appeal, topic_id: int | None) -> Appeal:
    """Put the appeal under another topic (or none). Precondition: read through
    `visible_to(actor)`."""
    check_works_desk(actor)
    topic = None
    if topic_id is not None:
        topic = AppealTopic.objects.filter(pk=topic_id, is_active=True).first()
        if topic is None:
            raise InvalidInput(_("Нет такой темы."), field="topic_id")
    with transaction.atomic():
        appeal = (
            Appeal.objects.select_for_update(of=("self",)).select_related("topic").get(pk=appeal.pk)
        )
        if appeal.topic_id == topic_id:
            raise Conflict(_("Тема уже такая."), field="topic_id", code="unchanged")
        before = appeal.topic.name if appeal.topic else "—"
        appeal.topic = topic
        appeal.save(update_fields=["topic", "updated_at"])
        _log(actor, appeal, EventKind.TOPIC, before, topic.name if topic else "—")
    return appeal


def _log(actor: Actor, appeal: Appeal, kind: str, before: str, after: str) -> None:
    AppealEvent.objects.create(
        appeal=appeal, kind=kind, author=actor.user, is_public=False, body=f"{before} → {after}"
    )
    appeal_sla_refresh(appeal)
