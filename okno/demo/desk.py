"""The demo's appeals and claims, so the desk shows real work on the first `okno demo`:
claims on the demo clients' delivered orders (on time and late), questions and requests
from the cabinet and taken by phone, in every status, some assigned to the demo operator,
with replies, notes and a client's answer. Made through the desk's own services, so every
rule and the log apply. A database that has any appeal is left as it is."""

from __future__ import annotations

from django.db import transaction

from okno.accounts.models import User
from okno.clients.models import ClientMembership
from okno.core.actor import Actor, actor_for_user
from okno.desk.defaults import desk_defaults_ensure
from okno.desk.models import Appeal, AppealTopic
from okno.desk.services import (
    AppealIn,
    ClaimLineIn,
    FileIn,
    appeal_assign,
    appeal_close,
    appeal_create,
    appeal_message_add,
    appeal_move,
    claim_create,
)
from okno.desk.services.claims import CLAIMABLE_SHIPMENTS
from okno.orders.models import Shipment

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
    stdout.write(f"  обращения и претензии демо-клиентов: {made}\n")


def _client_appeals(client: Actor, desk: Actor, supervisor: User | None) -> int:
    topics = {topic.name: topic.pk for topic in AppealTopic.objects.all()}
    shipments = list(
        Shipment.objects.filter(order__client_id=client.client_id, status__in=CLAIMABLE_SHIPMENTS)
        .prefetch_related("lines")
        .order_by("-date", "-pk")[:3]
    )
    made = 0
    for index, shipment in enumerate(shipments):
        made += _claim(client, desk, shipment, index)
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
