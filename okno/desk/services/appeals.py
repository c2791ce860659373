"""Every write of an appeal but the claim lines: creating one from any channel, messages
and internal notes, status moves, assignment and watchers.

Locks: the appeal's row is taken (`select_for_update`) before its status changes, so a
client's answer and an operator's move never overwrite each other.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.clients.models import Client, Contact, LegalEntity
from okno.core.actor import Actor
from okno.core.errors import Conflict, InvalidInput, NotAllowed
from okno.desk import states
from okno.desk.models import (
    Appeal,
    AppealEvent,
    AppealKind,
    AppealStatus,
    AppealTopic,
    Channel,
    Direction,
    EventKind,
    MailThread,
    Priority,
    Team,
    TelegramThread,
)
from okno.desk.services.assign import appeal_route
from okno.desk.services.attachments import FileIn, attachments_store, files_check
from okno.desk.services.chat import note_mentions_notify
from okno.desk.services.duplicates import appeal_duplicate_flag
from okno.desk.services.locks import check_not_locked
from okno.desk.services.notify import appeal_reply_notify
from okno.desk.services.resolutions import claim_fully_resolved
from okno.desk.services.rules import check_may_file, check_works_desk, is_desk_staff
from okno.desk.sla.services import appeal_sla_refresh
from okno.orders.models import Order

S = AppealStatus
TEXT_MAX = 20_000


@dataclass(frozen=True)
class AppealIn:
    """What a new appeal says, whichever channel brought it. `client_id` is for staff
    (a client's person always files for their own client)."""

    kind: str
    subject: str
    text: str
    topic_id: int | None = None
    priority: str = Priority.NORMAL
    client_id: int | None = None
    legal_entity_id: int | None = None
    contact_id: int | None = None
    order_id: int | None = None
    external_id: str | None = None
    files: Sequence[FileIn] = field(default_factory=tuple)
    # Staff only: the person is no client the portal knows («не клиент»), as a letter or a
    # call from an unknown number; the appeal has no client until an operator sets one.
    not_client: bool = False


# --- creating --------------------------------------------------------------------------------


def appeal_create(*, actor: Actor, data: AppealIn, channel: str) -> tuple[Appeal, bool]:
    """File an appeal that is not a claim (claims: `claims.claim_create`). Returns the
    appeal and whether it is new: an `external_id` the same caller sent before answers the
    appeal made then, changing nothing."""
    check_may_file(actor)
    kind = _kind(data.kind)
    if kind.is_claim:
        raise InvalidInput(
            _("Претензию подают по отгрузке заказа: укажите отгрузку и строки."), field="kind"
        )
    existing = appeal_by_external_id(actor=actor, external_id=data.external_id)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            appeal = appeal_start(actor=actor, data=data, kind=kind, channel=channel)
            appeal_opening_event(actor=actor, appeal=appeal, data=data)
    except IntegrityError:
        return appeal_raced(actor, data), False
    return appeal, True


def appeal_by_external_id(*, actor: Actor, external_id: str | None) -> Appeal | None:
    """The appeal this caller filed before under this external id (never another's)."""
    if not external_id:
        return None
    return Appeal.objects.filter(author_id=actor.user_id, external_id=external_id).first()


def appeal_raced(actor: Actor, data: AppealIn) -> Appeal:
    """Two requests with one external id at once: the loser answers the winner's appeal."""
    found = appeal_by_external_id(actor=actor, external_id=data.external_id)
    if found is None:
        raise Conflict(_("Обращение не сохранено: повторите запрос."), code="retry")
    return found


def appeal_start(*, actor: Actor, data: AppealIn, kind: AppealKind, channel: str) -> Appeal:
    """Check the common fields and write the appeal with its number. Precondition: inside a
    transaction; the caller writes the opening event."""
    if channel not in Channel.values:
        raise InvalidInput(_("Нет такого канала."), field="channel")
    if data.not_client and not actor.is_client:
        return _start_not_client(actor, data, kind, channel)
    client = _client(actor, data.client_id)
    order = _order(actor, client, data.order_id)
    if order is None:
        legal_entity = _legal_entity(actor, client, data.legal_entity_id)
    elif data.legal_entity_id not in (None, order.legal_entity_id):
        raise InvalidInput(_("Заказ другого юрлица."), field="order_id")
    else:
        # An appeal about an order is the order's legal entity's, whichever one the
        # person has chosen in the header.
        legal_entity = order.legal_entity
    appeal = Appeal.objects.create(
        kind=kind,
        topic=_topic(data.topic_id),
        subject=_text(data.subject, "subject", 200),
        priority=_priority(data.priority, actor),
        channel=channel,
        client=client,
        legal_entity=legal_entity,
        contact=_contact(actor, client, data.contact_id),
        author=actor.user,
        order=order,
        external_id=_external_id(data.external_id),
    )
    appeal_number_give(appeal)
    return appeal


def appeal_number_give(appeal: Appeal) -> None:
    """Number a new appeal: its kind's prefix and its id (`ВП-000042`)."""
    appeal.number = f"{appeal.kind.prefix}-{appeal.pk:06d}"
    appeal.save(update_fields=["number"])


def _start_not_client(actor: Actor, data: AppealIn, kind: AppealKind, channel: str) -> Appeal:
    appeal = Appeal.objects.create(
        kind=kind,
        topic=_topic(data.topic_id),
        subject=_text(data.subject, "subject", 200),
        priority=_priority(data.priority, actor),
        channel=channel,
        client=None,
        author=actor.user,
        external_id=_external_id(data.external_id),
    )
    appeal_number_give(appeal)
    return appeal


def appeal_opening_event(*, actor: Actor, appeal: Appeal, data: AppealIn) -> AppealEvent:
    """The appeal's first entry: what the client wrote (or the operator took down), with
    its files."""
    checked = files_check(data.files)
    event = AppealEvent.objects.create(
        appeal=appeal,
        kind=EventKind.CREATED,
        author=actor.user,
        direction=Direction.IN,
        channel=appeal.channel,
        body=_text(data.text, "text", TEXT_MAX),
        to_status=appeal.status,
    )
    attachments_store(checked, appeal=appeal, user=actor.user, event=event)
    appeal_duplicate_flag(appeal)
    appeal_route(appeal)
    appeal_sla_refresh(appeal)
    return event


def _kind(code: str) -> AppealKind:
    found = AppealKind.objects.filter(code=code, is_active=True).first()
    if found is None:
        raise InvalidInput(_("Нет такого вида обращения."), field="kind")
    return found


def _topic(topic_id: int | None) -> AppealTopic | None:
    if topic_id is None:
        return None
    found = AppealTopic.objects.filter(pk=topic_id, is_active=True).first()
    if found is None:
        raise InvalidInput(_("Нет такой темы."), field="topic_id")
    return found


def _priority(value: str, actor: Actor) -> str:
    if value not in Priority.values:
        raise InvalidInput(_("Нет такого приоритета."), field="priority")
    # A client may not jump the queue: the operator sets the priority.
    return value if actor.is_staff else Priority.NORMAL


def _client(actor: Actor, client_id: int | None) -> Client:
    if actor.client_id is not None:
        return Client.objects.get(pk=actor.client_id)
    if client_id is None:
        raise InvalidInput(_("Выберите клиента."), field="client_id")
    found = Client.objects.filter(pk=client_id, is_active=True).first()
    if found is None:
        raise InvalidInput(_("Нет такого клиента."), field="client_id")
    return found


def _legal_entity(actor: Actor, client: Client, entity_id: int | None) -> LegalEntity | None:
    if entity_id is None:
        if actor.is_client and actor.current_legal_entity_id is not None:
            return LegalEntity.objects.get(pk=actor.current_legal_entity_id)
        return None
    rows = LegalEntity.objects.filter(client=client, is_active=True)
    if actor.is_client:
        rows = rows.filter(pk__in=actor.legal_entity_ids)
    found = rows.filter(pk=entity_id).first()
    if found is None:
        raise InvalidInput(_("Нет такого юрлица у клиента."), field="legal_entity_id")
    return found


def _contact(actor: Actor, client: Client, contact_id: int | None) -> Contact | None:
    if contact_id is None:
        if actor.is_client and actor.user_id is not None:
            return Contact.objects.filter(client=client, user_id=actor.user_id).first()
        return None
    found = Contact.objects.filter(client=client, pk=contact_id).first()
    if found is None:
        raise InvalidInput(_("Нет такого контакта у клиента."), field="contact_id")
    return found


def _order(actor: Actor, client: Client, order_id: int | None) -> Order | None:
    if order_id is None:
        return None
    rows = Order.objects.visible_to(actor) if actor.is_client else Order.objects.all()
    found = rows.filter(pk=order_id, client=client).select_related("legal_entity").first()
    if found is None:
        raise InvalidInput(_("Нет такого заказа у клиента."), field="order_id")
    return found


def _external_id(value: str | None) -> str | None:
    text = (value or "").strip()
    if len(text) > 80:
        raise InvalidInput(_("Не длиннее 80 символов."), field="external_id")
    return text or None


def _text(value: str | None, name: str, limit: int) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidInput(_("Заполните поле."), field=name, code="required")
    if len(text) > limit:
        raise InvalidInput(
            _("Не длиннее %(max_length)s символов.") % {"max_length": limit}, field=name
        )
    return text


# --- letters ---------------------------------------------------------------------------------


def appeal_letter_open(
    *,
    kind: AppealKind,
    subject: str,
    text: str,
    client: Client | None,
    contact: Contact | None,
    author,
    channel: str = Channel.EMAIL,
) -> tuple[Appeal, AppealEvent]:
    """A new appeal from a letter or a messenger's message (`channel`): the sender's client
    and contact as the channel found them, or none for a sender no client is known by («не
    клиент»). The text is the opening entry, cut to the log's limit (the raw input keeps
    it whole). Precondition: inside a transaction."""
    appeal = Appeal.objects.create(
        kind=kind,
        subject=(subject.strip() or _("Письмо без темы"))[:200],
        channel=channel,
        client=client,
        contact=contact,
        author=author,
    )
    appeal_number_give(appeal)
    event = AppealEvent.objects.create(
        appeal=appeal,
        kind=EventKind.CREATED,
        author=author,
        direction=Direction.IN,
        channel=channel,
        body=_letter_text(text),
        to_status=appeal.status,
    )
    appeal_duplicate_flag(appeal)
    appeal_route(appeal)
    appeal_sla_refresh(appeal)
    return appeal, event


def appeal_letter_add(
    *, appeal: Appeal, text: str, author, channel: str = Channel.EMAIL
) -> tuple[Appeal, AppealEvent]:
    """A client's letter (or messenger's message) in an appeal's thread: an appeal awaiting
    the client goes back in progress, a finished one is opened again (the caller opens a
    new appeal instead once `reopen_window_open` says it is too late). Precondition:
    inside a transaction."""
    appeal = _lock(carried_by(appeal))
    if appeal.status in states.FINISHED:
        _move(appeal, S.REOPENED, user=author, reason=_("Клиент ответил письмом"))
    event = AppealEvent.objects.create(
        appeal=appeal,
        kind=EventKind.MESSAGE,
        author=author,
        direction=Direction.IN,
        channel=channel,
        body=_letter_text(text),
    )
    if appeal.status == S.AWAITING_CLIENT:
        _move(appeal, S.IN_PROGRESS, user=author, reason=_("Клиент ответил"))
    appeal.save(update_fields=["updated_at"])
    appeal_sla_refresh(appeal)
    return appeal, event


def appeal_note_add(*, appeal: Appeal, text: str, channel: str = Channel.EMAIL) -> AppealEvent:
    """An internal entry the desk writes itself (an auto-reply that came in, files that
    were refused): staff read it, the appeal's status stays."""
    return AppealEvent.objects.create(
        appeal=appeal,
        kind=EventKind.NOTE,
        is_public=False,
        channel=channel,
        body=_letter_text(text),
    )


def _letter_text(text: str) -> str:
    return (text or "").strip()[:TEXT_MAX] or _("(письмо без текста)")


# --- messages --------------------------------------------------------------------------------


def appeal_message_add(
    *,
    actor: Actor,
    appeal: Appeal,
    text: str,
    files: Sequence[FileIn] = (),
    internal: bool = False,
    await_client: bool = False,
    channel: str = Channel.PORTAL,
) -> AppealEvent:
    """A message in the appeal's thread. A client's message goes to the operators and puts
    an appeal that awaited their answer back in progress; a finished appeal takes none
    (reopen it first). An operator's reply goes to the client (by e-mail after commit) and
    takes a new or reopened appeal into work, or, with `await_client`, waits for the
    client; an internal note is seen by staff only. A message to a merged appeal is
    written to the appeal it was merged into. Precondition: `appeal` was read through
    `visible_to(actor)`."""
    if channel not in Channel.values:
        raise InvalidInput(_("Нет такого канала."), field="channel")
    body = _text(text, "text", TEXT_MAX)
    checked = files_check(files)
    with transaction.atomic():
        appeal = _lock(carried_by(appeal))
        if actor.is_client:
            event = _client_message(actor, appeal, body, channel)
        else:
            check_works_desk(actor)
            channel = _reply_channel(appeal, channel)
            event = _staff_message(actor, appeal, body, internal, await_client, channel)
        attachments_store(
            checked, appeal=appeal, user=actor.user, event=event, is_public=event.is_public
        )
        appeal.save(update_fields=["updated_at"])
        appeal_sla_refresh(appeal)
    if event.is_public and event.direction == Direction.OUT:
        appeal_reply_notify(appeal=appeal, event=event)
    return event


def _reply_channel(appeal: Appeal, channel: str) -> str:
    """A reply goes out where the client wrote from: a letter in the e-mail thread, a
    message in the Telegram chat."""
    if TelegramThread.objects.filter(appeal=appeal).exists():
        return Channel.TELEGRAM
    if MailThread.objects.filter(appeal=appeal).exists():
        return Channel.EMAIL
    return channel


def _client_message(actor: Actor, appeal: Appeal, body: str, channel: str) -> AppealEvent:
    if appeal.status in states.FINISHED:
        raise Conflict(
            _("Обращение закрыто: чтобы написать, откройте его снова."),
            field="text",
            code="finished",
        )
    event = AppealEvent.objects.create(
        appeal=appeal,
        kind=EventKind.MESSAGE,
        author=actor.user,
        direction=Direction.IN,
        channel=channel,
        body=body,
    )
    if appeal.status == S.AWAITING_CLIENT:
        _move(appeal, S.IN_PROGRESS, user=actor.user, reason=_("Клиент ответил"))
    return event


def _staff_message(
    actor: Actor, appeal: Appeal, body: str, internal: bool, await_client: bool, channel: str
) -> AppealEvent:
    if internal:
        note = AppealEvent.objects.create(
            appeal=appeal, kind=EventKind.NOTE, author=actor.user, is_public=False, body=body
        )
        note_mentions_notify(actor=actor, appeal=appeal, text=body)
        return note
    check_not_locked(actor, appeal)
    if appeal.status == S.CLOSED:
        raise Conflict(
            _("Обращение закрыто: откройте его снова, чтобы ответить клиенту."),
            field="text",
            code="finished",
        )
    event = AppealEvent.objects.create(
        appeal=appeal,
        kind=EventKind.MESSAGE,
        author=actor.user,
        direction=Direction.OUT,
        channel=channel,
        body=body,
    )
    if await_client and states.may_follow(appeal.status, S.AWAITING_CLIENT):
        _move(appeal, S.AWAITING_CLIENT, user=actor.user, reason=_("Ждём ответа клиента"))
    elif appeal.status in (S.NEW, S.REOPENED):
        _move(appeal, S.IN_PROGRESS, user=actor.user, reason=_("Ответ клиенту"))
    return event


# --- status ------------------------------------------------------------------------------


def appeal_move(*, actor: Actor, appeal: Appeal, to: str, reason: str) -> Appeal:
    """An operator moves the appeal to another status, naming the reason; only the moves
    `states.TRANSITIONS` allows, and a claim to resolved only when each of its lines is
    resolved in full. Precondition: read through `visible_to(actor)`."""
    check_works_desk(actor)
    reason = _text(reason, "reason", 500)
    with transaction.atomic():
        appeal = _lock(appeal)
        check_not_locked(actor, appeal)
        _check_move(appeal, to)
        if to == S.RESOLVED and not claim_fully_resolved(appeal):
            raise Conflict(
                _("Претензия решена не по всем строкам: решите каждую строку целиком."),
                field="status",
                code="unresolved_lines",
            )
        _move(appeal, to, user=actor.user, reason=reason)
    return appeal


def appeal_close(*, actor: Actor, appeal: Appeal, reason: str = "") -> Appeal:
    """The client closes their own appeal (the question is settled)."""
    if not actor.is_client:
        raise NotAllowed(_("Закрыть обращение так может только клиент."))
    with transaction.atomic():
        appeal = _lock(appeal)
        if not states.client_may_close(appeal.status):
            _refuse_move(appeal, S.CLOSED)
        _move(
            appeal, S.CLOSED, user=actor.user, reason=reason.strip()[:500] or _("Закрыто клиентом")
        )
    return appeal


def appeal_reopen(*, actor: Actor, appeal: Appeal, reason: str) -> Appeal:
    """The client opens a resolved or closed appeal again, saying why, within
    `OKNO_DESK_REOPEN_DAYS` of its finishing; later they file a new one."""
    if not actor.is_client:
        raise NotAllowed(_("Открыть обращение снова так может только клиент."))
    reason = _text(reason, "reason", 500)
    with transaction.atomic():
        appeal = _lock(appeal)
        if not states.client_may_reopen(appeal.status):
            _refuse_move(appeal, S.REOPENED)
        if not reopen_window_open(appeal):
            raise Conflict(
                _(
                    "Открыть снова можно в течение %(days)s дней после решения: подайте новое "
                    "обращение."
                )
                % {"days": settings.OKNO_DESK_REOPEN_DAYS},
                field="reason",
                code="reopen_window",
            )
        _move(appeal, S.REOPENED, user=actor.user, reason=reason)
    return appeal


def reopen_window_open(appeal: Appeal, *, now: datetime.datetime | None = None) -> bool:
    if appeal.finished_at is None:
        return True
    window = datetime.timedelta(days=settings.OKNO_DESK_REOPEN_DAYS)
    return (now or timezone.now()) <= appeal.finished_at + window


def _check_move(appeal: Appeal, to: str) -> None:
    if to not in S.values:
        raise InvalidInput(_("Нет такого статуса."), field="status")
    if not states.may_follow(appeal.status, to):
        _refuse_move(appeal, to)


def _refuse_move(appeal: Appeal, to: str) -> None:
    raise Conflict(
        _("Из статуса «%(status)s» в «%(to)s» перевести нельзя.")
        % {"status": appeal.get_status_display(), "to": S(to).label},
        field="status",
        code="wrong_status",
    )


def carried_by(appeal: Appeal) -> Appeal:
    """The appeal that carries the case on: `appeal` itself, or, for one merged into
    another, the appeal it went into (in turn), where a late message belongs."""
    while appeal.merged_into_id is not None:
        appeal = Appeal.objects.get(pk=appeal.merged_into_id)
    return appeal


def _lock(appeal: Appeal) -> Appeal:
    return Appeal.objects.select_for_update().get(pk=appeal.pk)


def _move(appeal: Appeal, to: str, *, user, reason: str) -> None:
    """Change a locked appeal's status and log it with its reason."""
    AppealEvent.objects.create(
        appeal=appeal,
        kind=EventKind.STATUS,
        author=user,
        from_status=appeal.status,
        to_status=to,
        reason=reason,
    )
    appeal.status = to
    appeal.finished_at = timezone.now() if to in states.FINISHED else None
    fields = ["status", "finished_at", "updated_at"]
    if to not in states.OPEN:
        # The work is over, and so is the hold: reopened, the appeal is free to take.
        appeal.locked_by, appeal.locked_until = None, None
        fields += ["locked_by", "locked_until"]
    appeal.save(update_fields=fields)
    appeal_sla_refresh(appeal)


# --- people ------------------------------------------------------------------------------


def appeal_assign(
    *, actor: Actor, appeal: Appeal, assignee_id: int | None, team_id: int | None = None
) -> Appeal:
    """Hand the appeal to an operator (one's own id: take it) and, optionally, a team.
    Precondition: read through `visible_to(actor)`."""
    check_works_desk(actor)
    assignee = desk_user(assignee_id, "assignee_id") if assignee_id is not None else None
    team = None
    if team_id is not None:
        team = Team.objects.filter(pk=team_id).first()
        if team is None:
            raise InvalidInput(_("Нет такой группы."), field="team_id")
    with transaction.atomic():
        appeal = _lock(appeal)
        if appeal.assignee_id == assignee_id and appeal.team_id == team_id:
            return appeal
        appeal.assignee = assignee
        appeal.team = team
        appeal.save(update_fields=["assignee", "team", "updated_at"])
        AppealEvent.objects.create(
            appeal=appeal,
            kind=EventKind.ASSIGNED,
            author=actor.user,
            is_public=False,
            user=assignee,
            body=team.name if team else "",
        )
        appeal_sla_refresh(appeal)
    return appeal


def appeal_watcher_set(*, actor: Actor, appeal: Appeal, user_id: int, watching: bool) -> Appeal:
    """Add a colleague as a watcher of the appeal, or remove one; a change that changes
    nothing is not logged. Precondition: read through `visible_to(actor)`."""
    check_works_desk(actor)
    colleague = _staff_user(user_id)
    with transaction.atomic():
        appeal = _lock(appeal)
        present = appeal.watchers.filter(pk=colleague.pk).exists()
        if present == watching:
            return appeal
        if watching:
            appeal.watchers.add(colleague)
        else:
            appeal.watchers.remove(colleague)
        AppealEvent.objects.create(
            appeal=appeal,
            kind=EventKind.WATCHER_ADDED if watching else EventKind.WATCHER_REMOVED,
            author=actor.user,
            is_public=False,
            user=colleague,
        )
        appeal.save(update_fields=["updated_at"])
    return appeal


def desk_user(user_id: int, field_name: str):
    """An active desk operator by id, or a refusal naming the field."""
    from okno.accounts.models import User

    found = User.objects.filter(pk=user_id).first()
    if found is None or not is_desk_staff(found):
        raise InvalidInput(_("Это не оператор претензионного отдела."), field=field_name)
    return found


def _staff_user(user_id: int):
    from okno.accounts.models import User

    found = User.objects.filter(pk=user_id, is_active=True).exclude(staff_role="").first()
    if found is None:
        raise InvalidInput(_("Наблюдателем может быть только сотрудник."), field="user_id")
    return found
