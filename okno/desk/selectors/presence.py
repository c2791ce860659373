"""Who else has an appeal's page open right now, for the appeal page's line «Сейчас
смотрят»."""

from __future__ import annotations

from dataclasses import dataclass

from okno.core.actor import Actor
from okno.desk.models import Appeal, AppealViewer
from okno.desk.services.presence import presence_since
from okno.desk.services.rules import works_desk


@dataclass(frozen=True)
class Viewer:
    user_id: int
    name: str
    typing: bool


def appeal_viewers(*, actor: Actor, appeal: Appeal) -> list[Viewer]:
    """The colleagues whose open page of the appeal signalled within the freshness window,
    by name; never the actor, never a client's person (only staff signal). Nobody for
    whoever does not work the desk."""
    if not works_desk(actor):
        return []
    rows = (
        AppealViewer.objects.filter(appeal_id=appeal.pk, seen_at__gte=presence_since())
        .exclude(user=actor.user)
        .exclude(user__staff_role="")
        .select_related("user")
        .order_by("user__full_name", "user_id")
    )
    return [Viewer(row.user_id, str(row.user), row.typing) for row in rows]
