"""Time entries on an appeal and canned replies filled from it; desk staff only.

Time is written as an operator says it: «45», «1:30», «1 ч 30 мин», «2ч», «90 мин». An
entry is the operator's own: only they (or a supervisor) may take it back, the same day's
mistakes included, since the reports sum these minutes per client."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.core.actor import Actor
from okno.core.errors import InvalidInput, NotAllowed
from okno.core.money import format_money
from okno.core.roles import Perm
from okno.desk.models import Appeal, CannedReply, TimeEntry
from okno.desk.models.work import MINUTES_IN_DAY
from okno.desk.services.rules import check_works_desk

NOTE_MAX = 300
# «1:30», «1 ч 30 мин», «2ч», «90 мин», «45»
_CLOCK = re.compile(r"^(\d{1,2}):([0-5]\d)$")
_WORDS = re.compile(r"^(?:(\d{1,2})\s*ч\w*\.?)?\s*(?:(\d{1,4})\s*(?:м\w*\.?)?)?$")


def minutes_parse(raw: str) -> int:
    """Minutes from what an operator typed; refused with the reason when it is not a time
    or not within one day."""
    text = (raw or "").strip().lower().replace(",", ".")
    clock = _CLOCK.match(text)
    words = _WORDS.match(text) if clock is None else None
    if clock is not None:
        minutes = int(clock[1]) * 60 + int(clock[2])
    elif text and words is not None and (words[1] or words[2]):
        minutes = int(words[1] or 0) * 60 + int(words[2] or 0)
    else:
        raise InvalidInput(
            _("Время не распознано: «%(raw)s». Пишите минуты (45) или часы и минуты (1:30).")
            % {"raw": raw},
            field="minutes",
        )
    if not 1 <= minutes <= MINUTES_IN_DAY:
        raise InvalidInput(_("Время записывается от 1 минуты до 24 часов за раз."), field="minutes")
    return minutes


def appeal_time_add(
    *, actor: Actor, appeal: Appeal, minutes: int, day: dt.date | None = None, note: str = ""
) -> TimeEntry:
    """The actor's minutes on the appeal on `day` (today by default, never a future day).
    Precondition: `appeal` was read through `visible_to(actor)`."""
    check_works_desk(actor)
    today = timezone.localdate()
    day = day or today
    if day > today:
        raise InvalidInput(_("Время нельзя записать на будущий день."), field="day")
    if not 1 <= minutes <= MINUTES_IN_DAY:
        raise InvalidInput(_("Время записывается от 1 минуты до 24 часов за раз."), field="minutes")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise InvalidInput(
            _("Описание — не длиннее %(limit)s знаков.") % {"limit": NOTE_MAX}, field="note"
        )
    return TimeEntry.objects.create(
        appeal=appeal, user=actor.user, day=day, minutes=minutes, note=note
    )


def appeal_time_remove(*, actor: Actor, appeal: Appeal, entry_id: int) -> None:
    """Take back an entry: the operator's own, or anyone's for a supervisor."""
    check_works_desk(actor)
    with transaction.atomic():
        entry = TimeEntry.objects.select_for_update().filter(appeal=appeal, pk=entry_id).first()
        if entry is None:
            raise InvalidInput(_("Такой записи времени нет."), field="entry")
        if entry.user_id != actor.user_id and not actor.can(Perm.DESK_SUPERVISE):
            raise NotAllowed(_("Удалить можно только своё время."))
        entry.delete()


def canned_replies() -> list[CannedReply]:
    return list(CannedReply.objects.filter(is_active=True))


def canned_reply_fill(*, actor: Actor, appeal: Appeal, reply_id: int) -> str:
    """The reply's text with the appeal's fields in place; a field the appeal lacks (no
    order) is left as a dash for the operator to see and edit."""
    check_works_desk(actor)
    reply = CannedReply.objects.filter(is_active=True, pk=reply_id).first()
    if reply is None:
        raise InvalidInput(_("Такого шаблона ответа нет."), field="canned")
    values = _fields(actor, appeal)
    return re.sub(r"\{([^{}]+)\}", lambda found: values.get(found[1].strip(), found[0]), reply.body)


def _fields(actor: Actor, appeal: Appeal) -> dict[str, str]:
    order, shipment = appeal.order, appeal.shipment
    dash = "—"
    return {
        "клиент": appeal.client.name if appeal.client else dash,
        "юрлицо": appeal.legal_entity.name if appeal.legal_entity else dash,
        "контакт": (appeal.contact.full_name or dash) if appeal.contact else dash,
        "обращение": appeal.number or dash,
        "тема": appeal.subject,
        "заказ": (order.number or dash) if order else dash,
        "дата заказа": f"{timezone.localtime(order.created_at):%d.%m.%Y}" if order else dash,
        "сумма заказа": format_money(order.total) if order else dash,
        "отгрузка": str(shipment) if shipment else dash,
        "оператор": str(actor.user),
    }
