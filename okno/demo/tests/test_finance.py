"""The demo clients' settlements: an opening balance, a shipment per shipment of their
orders, payments, something overdue, files with their ЭДО status; a second run adds none."""

import dataclasses

import pytest
from django.utils import timezone

from okno.clients.models import Client
from okno.demo import seed as seed_module
from okno.demo.seed import seed
from okno.finance.models import DocumentFile, LedgerEntry, SettlementDocument
from okno.finance.selectors.balances import contract_positions
from okno.orders.models import Shipment

pytestmark = pytest.mark.django_db


class _Quiet:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass


@pytest.fixture
def seeded(monkeypatch):
    size = dataclasses.replace(
        seed_module.SCALES["small"], clients=4, products=200, orders=40, orders_sqlite=40
    )
    monkeypatch.setitem(seed_module.SCALES, "small", size)
    seed("small", stdout=_Quiet())


def test_each_company_demo_client_has_a_realistic_ledger(seeded):
    for name in ("ТехноСнаб", "СтройДвор"):
        client = Client.objects.get(name=name)
        documents = SettlementDocument.objects.filter(client=client)
        assert documents.filter(kind="opening").exists()
        shipped = Shipment.objects.filter(
            order__client=client, status__in=["shipped", "in_transit", "delivered"]
        )
        assert documents.filter(kind="shipment").count() == shipped.count() > 0
        assert documents.filter(kind="payment").exists()
        contract_ids = list(documents.values_list("contract_id", flat=True).distinct())
        positions = contract_positions(contract_ids, on=timezone.localdate())
        assert sum(p.balance for p in positions.values()) > 0
        statuses = set(
            DocumentFile.objects.filter(document__client=client).values_list(
                "edo_status", flat=True
            )
        )
        assert {"signed", "rejected"} <= statuses
        assert DocumentFile.objects.filter(document__client=client, name__endswith=".pdf").exists()
    technosnab = Client.objects.get(name="ТехноСнаб")
    ids = SettlementDocument.objects.filter(client=technosnab).values_list("contract_id", flat=True)
    positions = contract_positions(set(ids), on=timezone.localdate())
    assert any(p.overdue > 0 for p in positions.values())


def test_a_second_run_adds_no_documents(seeded):
    entries = LedgerEntry.objects.count()
    seed("small", stdout=_Quiet())
    assert LedgerEntry.objects.count() == entries
