"""Online payments and claim credit notes landing on one contract at the same moment, on
SQLite and on PostgreSQL: each posts its document once, a repeated notification posts
nothing more, and the contract's balance is exactly the sum of what was posted."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.db.models import Count, Sum
from django.test import Client
from django.urls import reverse

from okno.core.actor import actor_for_user
from okno.core.testing.world import build_world
from okno.desk.services import ResolutionIn, claim_resolution_add
from okno.desk.tests.helpers import claim_on, shipped_order
from okno.finance.models import DocumentKind, LedgerEntry, SettlementDocument
from okno.finance.tests.factories import document_post
from okno.finance.tests.invoice_factories import CompanyRequisitesFactory, order_with_rates
from okno.payments.models import Payment

pytestmark = pytest.mark.django_db(transaction=True)
D = Decimal
ORDERS = [("1000.00", "1", "22"), ("21.21", "3", "10"), ("999.99", "7", "none")]


def _started_payments(world, yookassa) -> list[tuple[Payment, dict]]:
    """A card payment started by client A's buyer for each of three orders on contract A1,
    already paid on YooKassa's side, with the notification YooKassa sends of it."""
    CompanyRequisitesFactory()
    buyer = Client()
    buyer.force_login(world.a_buyer)
    started = []
    for position, line in enumerate(ORDERS):
        order = order_with_rates(
            [line],
            legal_entity=world.entity_a1,
            contract=world.contract_a1,
            number=f"ОК-{900 + position}",
        )
        buyer.post(reverse("payments:start", args=[order.pk]), {"method": "card"})
        payment = Payment.objects.get(order=order)
        remote = yookassa.succeed(payment.provider_payment_id)
        started.append((payment, yookassa.notification("payment.succeeded", remote)))
    return started


def test_payments_and_credit_notes_at_once_keep_the_balance_exact(yookassa):
    world = build_world()
    contract = world.contract_a1
    debt = document_post(contract, DocumentKind.SHIPMENT, "50000.00", external_id="ship-debt")
    payments = _started_payments(world, yookassa)
    order, shipment = shipped_order(
        legal_entity=world.entity_a1, contract=contract, lines=[("100.00", "5")]
    )
    claim = claim_on(world.a_admin, order, shipment, "4")
    line = claim.claim_lines.get()
    operator = actor_for_user(world.operator)
    credit_notes = ["1", "2", "0.5"]  # 400,00 ₽ claimed; 350,00 ₽ credited in three rows

    def notify(notification: dict) -> None:
        answer = Client().post(
            reverse("payments:yookassa_notification"),
            notification,
            content_type="application/json",
        )
        assert answer.status_code == 200, answer.content

    def credit(quantity: str) -> None:
        claim_resolution_add(
            actor=operator,
            appeal=claim,
            data=ResolutionIn(claim_line_id=line.pk, kind="credit_note", quantity=quantity),
        )

    # Every notification twice: YooKassa repeats itself, and the repeat posts nothing.
    jobs = [(notify, notification) for _payment, notification in payments * 2]
    jobs += [(credit, quantity) for quantity in credit_notes]
    start = threading.Barrier(len(jobs))
    failures: list[BaseException] = []

    def run(job, argument) -> None:
        start.wait()
        try:
            job(argument)
        except BaseException as error:  # any failure is the test's to report
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [], (connection.vendor, failures)

    paid = sum((payment.amount for payment, _notification in payments), D("0"))
    assert paid == D("1000.00") + D("63.63") + D("6999.93")
    credited = D("350.00")
    balance = LedgerEntry.objects.filter(contract=contract).aggregate(s=Sum("amount"))["s"]
    assert balance == debt.amount - paid - credited, connection.vendor
    documents = SettlementDocument.objects.filter(contract=contract)
    assert sorted(documents.values_list("kind", flat=True)) == sorted(
        ["shipment"] + ["payment"] * len(payments) + ["credit_note"] * len(credit_notes)
    )
    # One entry per document, none posted twice: each document's entries sum to its effect.
    per_document = documents.annotate(posted=Count("entries"), effect=Sum("entries__amount"))
    assert {(row.kind, row.posted) for row in per_document} == {
        ("shipment", 1),
        ("payment", 1),
        ("credit_note", 1),
    }
    for payment, _notification in payments:
        payment.refresh_from_db()
        assert payment.status == "paid"
        assert payment.events.filter(to_status="paid").count() == 1
    assert sorted(row.effect for row in per_document if row.kind == "credit_note") == [
        D("-200.00"),
        D("-100.00"),
        D("-50.00"),
    ]
