"""«Who else is viewing»: an operator's open page of an appeal says so every few seconds (the
poll that also answers who else is there), and says goodbye when it is left. Presence is
a row per operator and appeal in the database, not the cache: with the local-memory cache
each server process would see only its own visitors (ADR 0016). A row counts only while it
is fresher than `OKNO_DESK_PRESENCE_SECONDS`, so a closed tab disappears by itself."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from okno.core.actor import Actor
from okno.desk.models import Appeal, AppealViewer
from okno.desk.services.rules import check_works_desk


def presence_since(now: datetime.datetime | None = None) -> datetime.datetime:
    """The oldest signal that still counts as the page being open."""
    seconds = settings.OKNO_DESK_PRESENCE_SECONDS
    return (now or timezone.now()) - datetime.timedelta(seconds=seconds)


def appeal_presence_beat(*, actor: Actor, appeal: Appeal, typing: bool = False) -> None:
    """The operator has the appeal's page open (and has just been typing a reply).
    One upsert, so a beat from two tabs or two server processes at once keeps one row; the
    appeal's stale rows go with it. Precondition: read through `visible_to`."""
    check_works_desk(actor)
    now = timezone.now()
    AppealViewer.objects.bulk_create(
        [AppealViewer(appeal_id=appeal.pk, user=actor.user, seen_at=now, typing=typing)],
        update_conflicts=True,
        unique_fields=["appeal", "user"],
        update_fields=["seen_at", "typing"],
    )
    AppealViewer.objects.filter(appeal_id=appeal.pk, seen_at__lt=presence_since(now)).delete()


def appeal_presence_leave(*, actor: Actor, appeal: Appeal) -> None:
    """The operator left the page: they disappear for the others at once."""
    check_works_desk(actor)
    AppealViewer.objects.filter(appeal_id=appeal.pk, user=actor.user).delete()


def presence_expire() -> int:
    """Clear the rows nobody renewed (pages closed without saying goodbye)."""
    deleted, _kinds = AppealViewer.objects.filter(seen_at__lt=presence_since()).delete()
    return deleted
