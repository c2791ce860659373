"""«Take into work»: one operator holds an open appeal for a few minutes
(`OKNO_DESK_LOCK_MINUTES`), renewed while their page of it is open; meanwhile the others'
replies and status moves are refused unless they break the lock, which the log keeps. A
lock nobody renews runs out by itself; finishing the appeal ends it."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from okno.core.actor import Actor
from okno.core.errors import Conflict
from okno.desk.models import Appeal, AppealEvent, AppealStatus, EventKind
from okno.desk.services.rules import check_works_desk
from okno.desk.sla.services import appeal_sla_refresh


def _until() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(minutes=settings.OKNO_DESK_LOCK_MINUTES)


def check_not_locked(actor: Actor, appeal: Appeal) -> None:
    """Refuse a reply or a move while a colleague holds the appeal. Precondition: the
    appeal's row is locked by the caller's transaction."""
    if appeal.locked_for(actor.user_id):
        raise Conflict(locked_message(appeal), field="lock", code="locked")


def check_may_be_taken(appeal: Appeal) -> None:
    """Refuse to take a finished or merged appeal into work, saying what to do instead."""
    if appeal.may_be_taken:
        return
    if appeal.status == AppealStatus.MERGED:
        message = _("Обращение %(number)s объединено с другим: работа идёт там.")
    else:
        message = _(
            "Обращение %(number)s в статусе «%(status)s»: взять в работу можно только открытое "
            "обращение. Чтобы продолжить работу, откройте его повторно."
        )
    status = AppealStatus(appeal.status).label
    raise Conflict(
        message % {"number": appeal.number, "status": status}, field="lock", code="finished"
    )


def locked_message(appeal: Appeal) -> str:
    until = formats.time_format(timezone.localtime(appeal.locked_until), "H:i")
    return _(
        "Обращение в работе у %(name)s до %(until)s. Чтобы ответить или сменить статус, "
        "снимите блокировку."
    ) % {"name": appeal.locked_by, "until": until}


def appeal_take(*, actor: Actor, appeal: Appeal, force: bool = False) -> Appeal:
    """Take the appeal into work: hold it for a few minutes, and become its assignee when
    it has none. A colleague's lock that still holds is refused unless `force` breaks it,
    which is logged with whose lock it was. Precondition: read through `visible_to`."""
    check_works_desk(actor)
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        check_may_be_taken(appeal)
        if appeal.locked_for(actor.user_id):
            if not force:
                check_not_locked(actor, appeal)
            _event(appeal, actor, EventKind.LOCK_BROKEN, reason=str(appeal.locked_by))
        # Taking again one's own hold that still holds is not a new take.
        held = appeal.locked_by_id == actor.user_id and appeal.locked_for(None)
        appeal.locked_by_id = actor.user_id
        appeal.locked_until = _until()
        fields = ["locked_by", "locked_until", "updated_at"]
        if appeal.assignee_id is None:
            appeal.assignee_id = actor.user_id
            fields.append("assignee")
            _event(appeal, actor, EventKind.ASSIGNED, user_id=actor.user_id)
        appeal.save(update_fields=fields)
        if not held:
            _event(appeal, actor, EventKind.TAKEN)
        appeal_sla_refresh(appeal)
    return appeal


def appeal_lock_renew(*, actor: Actor, appeal: Appeal) -> Appeal:
    """Keep one's own hold while the page is open (not logged); a hold a colleague took
    meanwhile is left to them."""
    check_works_desk(actor)
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if appeal.locked_by_id == actor.user_id:
            appeal.locked_until = _until()
            appeal.save(update_fields=["locked_until"])
    return appeal


def appeal_release(*, actor: Actor, appeal: Appeal) -> Appeal:
    """Let go of one's own hold before it runs out."""
    check_works_desk(actor)
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if appeal.locked_by_id == actor.user_id:
            appeal.locked_by_id = None
            appeal.locked_until = None
            appeal.save(update_fields=["locked_by", "locked_until"])
    return appeal


def _event(appeal: Appeal, actor: Actor, kind: str, *, reason: str = "", user_id=None):
    return AppealEvent.objects.create(
        appeal=appeal,
        kind=kind,
        author=actor.user,
        is_public=False,
        reason=reason[:500],
        user_id=user_id,
    )
