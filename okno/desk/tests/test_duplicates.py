"""Duplicates flagged on arrival from every channel: a claim on a shipment line another open
claim has, or one client's case written twice within a few days (the same order, or the
same subject once «Re:» and the like are set aside); the queue and the appeal's page offer
«Объединить с …»."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from okno.desk.mail.intake import mail_store, mail_take
from okno.desk.models import Appeal, AppealKind, Mailbox
from okno.desk.services.duplicates import subject_key
from okno.desk.tests.helpers import claim_body, claim_on, finish, question, shipment_rows
from okno.desk.tests.mailhelpers import letter

pytestmark = pytest.mark.django_db


def test_a_claim_on_a_line_already_claimed_is_flagged(api, client, world, delivered):
    order, shipment = delivered
    first = claim_on(world.a_admin, order, shipment, "1")
    # The call centre takes down the same shortage by phone.
    body = {**claim_body(order, shipment), "client_id": world.client_a.pk, "subject": "Звонок"}
    body["lines"][0]["quantity"] = "1"
    answer = api.as_(world.operator).post("/appeals", body)
    assert answer.status_code == 201
    second = Appeal.objects.get(pk=answer.json()["id"])
    article = shipment_rows(shipment)[0].order_line.article
    assert second.duplicate_of == first
    assert article in second.duplicate_reason
    assert first.number in second.duplicate_reason
    assert answer.json()["duplicate_of_id"] == first.pk
    first.refresh_from_db()
    assert first.duplicate_of is None

    queue = client.get(reverse("desk:queue")).content.decode()
    assert f"Объединить с {first.number}" in queue
    page = client.get(reverse("desk:staff_appeal", args=[second.pk])).content.decode()
    assert f"Объединить с {first.number}" in page
    assert second.duplicate_reason in page


def test_the_same_case_by_portal_and_by_letter_is_flagged(world):
    first = question(world.a_admin, subject="Где счёт-фактура по заказу?")
    again = question(world.a_admin, subject="RE: Fwd: где СЧЁТ-фактура по заказу")
    assert again.duplicate_of == first
    assert "та же тема" in again.duplicate_reason


def test_a_letter_repeating_a_portal_appeal_is_flagged(world):
    first = question(world.a_admin, subject="Нет счёта-фактуры")
    mailbox = Mailbox.objects.create(
        name="Претензии",
        address="claims@okno.local",
        imap_host="127.0.0.1",
        imap_user="desk",
        imap_password="-",
        kind=AppealKind.objects.get(code="question"),
    )
    raw = letter(sender=world.a_admin.email, subject="Fwd: нет счёта-фактуры")
    stored = mail_store(mailbox=mailbox, uidvalidity=1, uid=1, raw=raw)
    taken = mail_take(stored)
    assert taken.appeal != first
    assert taken.appeal.duplicate_of == first


def test_the_same_order_within_the_window_is_flagged(world, delivered):
    order, _shipment = delivered
    first = question(world.a_admin, subject="Документы", order_id=order.pk)
    again = question(world.a_admin, subject="Счёт на оплату", order_id=order.pk)
    assert again.duplicate_of == first
    assert "тот же заказ" in again.duplicate_reason


def test_what_is_not_a_duplicate(world):
    old = question(world.a_admin, subject="Акт сверки")
    Appeal.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=4))
    finished = finish(world.operator, question(world.a_admin, subject="Сертификаты"))
    question(world.b_admin, subject="Доверенность")
    checks = [
        question(world.a_admin, subject="Акт сверки"),  # the other one is 4 days old
        question(world.a_admin, subject="Сертификаты"),  # the other one is finished
        question(world.a_admin, subject="Доверенность"),  # the other one is B's
        question(world.a_admin, subject="Другое дело"),
    ]
    assert finished.status == "resolved"
    assert [appeal.duplicate_of_id for appeal in checks] == [None, None, None, None]


def test_the_subject_as_the_rule_compares_it():
    assert subject_key("Re: Fwd: [№ ПР-000012] Недостача, заказ 15!") == "недостача заказ 15"
    assert subject_key("Ответ: недостача   заказ 15") == "недостача заказ 15"
    assert subject_key("") == ""
