"""The same document posted by several imports at once, on SQLite and on PostgreSQL: one
document, and the ledger still sums to its present effect on each contract."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.db.models import Sum

from okno.clients.tests.factories import ContractFactory
from okno.core.testing.world import build_world
from okno.finance.models import LedgerEntry, SettlementDocument
from okno.finance.services.ledger import DocumentData, settlement_document_post

pytestmark = pytest.mark.django_db(transaction=True)
D = Decimal


def test_one_document_posted_at_once_by_many_stays_one_and_sums_right():
    world = build_world()
    contracts = [world.contract_a1, ContractFactory(legal_entity=world.entity_a1)]
    versions = [
        DocumentData(
            external_id="ship-1",
            kind="shipment",
            number="УТ-1",
            date=dt.date(2026, 10, 1),
            amount=D(100 * (n + 1)),
            contract=contracts[n % 2],
        )
        for n in range(6)
    ]
    start = threading.Barrier(len(versions))
    failures: list[BaseException] = []

    def post(data: DocumentData) -> None:
        start.wait()
        try:
            settlement_document_post(actor=None, data=data)
        except BaseException as error:  # any failure is the test's to report
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(data,)) for data in versions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [], (connection.vendor, failures)
    document = SettlementDocument.objects.get()
    for contract in contracts:
        total = LedgerEntry.objects.filter(contract=contract).aggregate(s=Sum("amount"))["s"]
        expected = document.amount if document.contract_id == contract.pk else D("0")
        assert total == expected, (connection.vendor, contract.pk)
