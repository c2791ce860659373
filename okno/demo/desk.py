"""The demo's appeals and claims, so the desk shows real work on the first `okno demo`:
claims on the demo clients' delivered orders (on time and late), questions and requests
from the cabinet and taken by phone, in every status, some assigned to the demo operator,
with replies, notes, time spent and a client's answer; claims already resolved line by
line (a credit note and a rejection, a refund and a return pickup, a replacement), rated
by the client; the operators' canned replies and views of the queue. Made through the
desk's own services, so every rule and the log apply. A database that has any appeal is
left as it is."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from okno.accounts.models import User
from okno.clients.models import ClientMembership
from okno.core.actor import Actor, actor_for_user
from okno.core.errors import Conflict
from okno.desk.defaults import desk_defaults_ensure
from okno.desk.models import (
    Appeal,
    AppealKind,
    AppealTopic,
    AssignmentRule,
    CannedReply,
    Method,
    RejectionReason,
    Team,
)
from okno.desk.services import (
    AppealIn,
    ClaimLineIn,
    FileIn,
    appeal_assign,
    appeal_close,
    appeal_create,
    appeal_message_add,
    appeal_move,
    appeal_rate,
    claim_create,
    claim_resolution_add,
)
from okno.desk.services.assign import availability_set
from okno.desk.services.claims import CLAIMABLE_SHIPMENTS
from okno.desk.services.resolutions import ResolutionIn
from okno.desk.services.views import ViewIn, saved_view_create
from okno.desk.services.work import appeal_time_add
from okno.orders.models import Shipment, ShipmentLine

# A small valid PNG (1×1, grey): the photo of a broken box.
PHOTO = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010800000000"
    "3a7e9b550000000a49444154789c63680000000201010078a5d6a30000000049454e44ae426082"
)


def demo_desk_ensure(*, stdout) -> None:
    if Appeal.objects.exists():
        return
    operator = User.objects.filter(email="operator@okno.demo").first()
    supervisor = User.objects.filter(email="supervisor@okno.demo").first()
    if operator is None:
        return
    desk = actor_for_user(operator)
    made = 0
    with transaction.atomic():
        desk_defaults_ensure()
        for login in ("client1.admin@okno.demo", "client2.buyer@okno.demo"):
            person = User.objects.filter(email=login).first()
            if person is None or not ClientMembership.objects.filter(user=person).exists():
                continue
            made += _client_appeals(actor_for_user(person), desk, supervisor)
        _canned_replies()
        _queue_views(operator, supervisor)
        _assignment(operator, supervisor)
    stdout.write(f"  обращения и претензии демо-клиентов: {made}\n")


CANNED_REPLIES = (
    (
        "Претензия принята",
        "Здравствуйте! Претензия {обращение} по заказу {заказ} от {дата заказа} принята. "
        "Склад проверит отгрузку {отгрузка}, ответим в течение двух рабочих дней.\n\n"
        "С уважением, {оператор}",
    ),
    (
        "Нужны фото",
        "Здравствуйте! Чтобы рассмотреть обращение {обращение}, пришлите, пожалуйста, фото "
        "упаковки и маркировки товара.\n\nС уважением, {оператор}",
    ),
    (
        "Кредит-нота оформлена",
        "Здравствуйте! По претензии {обращение} оформлена кредит-нота, она уменьшит долг "
        "{юрлицо} по договору. Документ появится в разделе «Финансы».\n\n"
        "С уважением, {оператор}",
    ),
)


def _assignment(operator: User, supervisor: User | None) -> None:
    """A claims team sharing new claims to the least loaded operator on shift (at most 25
    open each), and the demo operator on shift; made after the demo's appeals, so those
    keep the assignees the story gives them."""
    team, _created = Team.objects.get_or_create(
        name="Претензионный отдел", defaults={"method": Method.LEAST_OPEN, "cap": 25}
    )
    team.members.add(operator, *([supervisor] if supervisor else []))
    AssignmentRule.objects.get_or_create(
        name="Претензии — в претензионный отдел",
        defaults={"kind": AppealKind.objects.get(code="claim"), "team": team},
    )
    availability_set(actor=actor_for_user(operator), user_id=operator.pk, state="on_shift")


def _canned_replies() -> None:
    for position, (title, body) in enumerate(CANNED_REPLIES):
        CannedReply.objects.get_or_create(
            title=title, defaults={"body": body, "position": position}
        )


# (name, shared, filters, sort): the supervisor's shared views and the operator's own.
QUEUE_VIEWS = (
    ("Не назначены", True, {"status": "open", "assignee": "none"}, "oldest"),
    ("Срок SLA истёк", True, {"status": "open", "sla": "breached"}, "due"),
    ("Мои в работе", False, {"status": "open", "assignee": "me"}, "due"),
)


def _queue_views(operator: User, supervisor: User | None) -> None:
    for name, shared, filters, sort in QUEUE_VIEWS:
        owner = supervisor if shared and supervisor is not None else operator
        saved_view_create(
            actor=actor_for_user(owner),
            data=ViewIn(name=name, is_shared=shared, sort=sort, filters=filters),
        )


def _client_appeals(client: Actor, desk: Actor, supervisor: User | None) -> int:
    topics = {topic.name: topic.pk for topic in AppealTopic.objects.all()}
    shipments = list(
        Shipment.objects.filter(order__client_id=client.client_id, status__in=CLAIMABLE_SHIPMENTS)
        .prefetch_related("lines")
        .order_by("-date", "-pk")[:6]
    )
    made = 0
    for index, shipment in enumerate(shipments[:3]):
        made += _claim(client, desk, shipment, index)
    for index, shipment in enumerate(shipments[3:]):
        made += _resolved_claim(client, desk, shipment, index)
    first = _question(
        client,
        "question",
        "Когда придёт УПД по последней поставке?",
        "Бухгалтерия ждёт УПД, в ЭДО его пока нет.",
        topics.get("Документы"),
    )
    appeal_message_add(
        actor=desk,
        appeal=first,
        text="Проверяем отправку в ЭДО. Подскажите, через какого оператора вы работаете?",
        await_client=True,
    )
    second = _question(
        client,
        "request",
        "Нужен акт сверки за квартал",
        "Пришлите, пожалуйста, акт сверки за III квартал.",
        topics.get("Оплата и взаиморасчёты"),
    )
    appeal_assign(actor=desk, appeal=second, assignee_id=desk.user_id)
    appeal_message_add(actor=desk, appeal=second, text="Акт сверки отправлен на почту.")
    appeal_move(actor=desk, appeal=second, to="resolved", reason="Акт сверки отправлен")
    third = _question(
        client,
        "error",
        "Не открывается счёт в PDF",
        "При скачивании счёта браузер показывает ошибку.",
        topics.get("Работа портала"),
    )
    appeal_message_add(
        actor=desk,
        appeal=third,
        text="Воспроизвести не удалось, уточним у техподдержки.",
        internal=True,
    )
    appeal_time_add(actor=desk, appeal=third, minutes=25, note="Проверили скачивание счёта")
    if supervisor is not None:
        from okno.desk.services import appeal_watcher_set

        appeal_watcher_set(actor=desk, appeal=third, user_id=supervisor.pk, watching=True)
    phoned, _created = appeal_create(
        actor=desk,
        data=AppealIn(
            kind="question",
            subject="Звонок: можно ли забрать заказ самовывозом?",
            text="Клиент спросил по телефону, можно ли забрать заказ со склада самому.",
            client_id=client.client_id,
            topic_id=topics.get("Доставка"),
            priority="high",
        ),
        channel="phone",
    )
    appeal_message_add(actor=desk, appeal=phoned, text="Да, самовывоз с 9 до 18 по будням.")
    appeal_close(actor=client, appeal=phoned, reason="Вопрос решён")
    return made + 4


def _question(client: Actor, kind: str, subject: str, text: str, topic_id) -> Appeal:
    appeal, _created = appeal_create(
        actor=client,
        data=AppealIn(kind=kind, subject=subject, text=text, topic_id=topic_id),
        channel="portal",
    )
    return appeal


def _claim(client: Actor, desk: Actor, shipment: Shipment, index: int) -> int:
    """A factory defect (on time, with a photo), a shortage (late: found long after the
    shipment) or a re-grading, by the shipment's place among the client's latest."""
    rows = list(shipment.lines.all())
    if not rows:
        return 0
    row = rows[0]
    lines = [
        ClaimLineIn(
            shipment_line_id=row.pk,
            claim_type="defect",
            quantity=min(row.quantity_base, 1),
            batch="П-2611",
            resolution="replacement",
            photos=[FileIn(name="брак.png", content=PHOTO)],
        ),
        ClaimLineIn(
            shipment_line_id=row.pk, claim_type="shortage", quantity=min(row.quantity_base, 1)
        ),
        ClaimLineIn(
            shipment_line_id=row.pk,
            claim_type="regrading",
            quantity=min(row.quantity_base, 1),
            received_article="DEMO-000",
            resolution="return_pickup",
        ),
    ][index % 3]
    subjects = ["Заводской брак", "Недостача при приёмке", "Пересортица"]
    appeal, _created = claim_create(
        actor=client,
        data=AppealIn(
            kind="claim",
            subject=subjects[index % 3],
            text="Обнаружили при приёмке, фото и акт приложим при необходимости.",
            order_id=shipment.order_id,
        ),
        shipment_id=shipment.pk,
        lines=[lines],
        channel="portal",
    )
    if index == 0:
        appeal_assign(actor=desk, appeal=appeal, assignee_id=desk.user_id)
        appeal_message_add(
            actor=desk,
            appeal=appeal,
            text="Приняли в работу, замену отгрузим со следующей поставкой.",
        )
    elif index == 2:
        appeal_message_add(
            actor=desk,
            appeal=appeal,
            text="Пришлите фото маркировки полученного товара.",
            await_client=True,
        )
    return 1


# Per resolved demo claim: its subject, claim type and what the client said of the outcome.
_RESOLVED = [
    ("Недостача коробок", "shortage", 4, "Корректировку провели быстро, одну коробку нашли."),
    ("Не тот артикул в поставке", "picking_error", 5, "Деньги вернули, лишнее забрали."),
    ("Недостача, просим замену", "shortage", 2, "Замену ждали неделю."),
]


def _resolved_claim(client: Actor, desk: Actor, shipment: Shipment, index: int) -> int:
    """A claim of a few units resolved in parts: a credit note and a rejection; a refund and
    a return pickup; a replacement (a credit note when the warehouse has nothing to send);
    then resolved and rated by the client."""
    row = next((line for line in shipment.lines.all() if line.quantity_base >= 2), None)
    if row is None:
        return 0
    subject, claim_type, score, comment = _RESOLVED[index % 3]
    quantity = min(row.quantity_base, 3)
    appeal, _created = claim_create(
        actor=client,
        data=AppealIn(
            kind="claim", subject=subject, text="Выявили при приёмке.", order_id=shipment.order_id
        ),
        shipment_id=shipment.pk,
        lines=[
            ClaimLineIn(
                shipment_line_id=row.pk,
                claim_type=claim_type,
                quantity=quantity,
                received_article="DEMO-000" if claim_type == "picking_error" else "",
                resolution="credit_note",
            )
        ],
        channel="portal",
    )
    appeal_assign(actor=desk, appeal=appeal, assignee_id=desk.user_id)
    line_id = appeal.claim_lines.get().pk
    for data in _resolutions(index, line_id, quantity, row):
        try:
            claim_resolution_add(actor=desk, appeal=appeal, data=data)
        except Conflict:
            # No stock for a replacement: the company credits the goods instead.
            claim_resolution_add(
                actor=desk,
                appeal=appeal,
                data=ResolutionIn(claim_line_id=line_id, kind="credit_note", quantity=quantity),
            )
    appeal_message_add(actor=desk, appeal=appeal, text="Решение по претензии — в строках.")
    appeal_move(actor=desk, appeal=appeal, to="resolved", reason="Все строки решены")
    appeal_rate(actor=client, appeal=appeal, score=score, comment=comment)
    return 1


def _resolutions(index: int, line_id: int, quantity, row: ShipmentLine) -> list[ResolutionIn]:
    rest = quantity - 1
    if index % 3 == 0:
        reason = RejectionReason.objects.filter(is_active=True).order_by("position").first()
        return [
            ResolutionIn(claim_line_id=line_id, kind="credit_note", quantity=rest),
            ResolutionIn(
                claim_line_id=line_id,
                kind="rejection",
                quantity=1,
                rejection_reason_id=reason.pk if reason else None,
                comment="Одна коробка нашлась на складе получателя.",
            ),
        ]
    if index % 3 == 1:
        return [
            ResolutionIn(claim_line_id=line_id, kind="refund", quantity=1),
            ResolutionIn(
                claim_line_id=line_id,
                kind="return_pickup",
                quantity=rest,
                pickup_date=timezone.localdate() + datetime.timedelta(days=2),
            ),
        ]
    return [ResolutionIn(claim_line_id=line_id, kind="replacement", quantity=quantity)]
