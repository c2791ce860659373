"""A hand-made ledger of client A for the reconciliation act tests, with its figures worked
out by hand, and the company's requisites the act names as the seller."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from okno.clients.models import Contract
from okno.clients.tests.factories import ContractFactory
from okno.finance.models import DocumentKind
from okno.finance.tests.factories import document_post
from okno.finance.tests.invoice_factories import CompanyRequisitesFactory

D = Decimal
START, END = dt.date(2026, 7, 1), dt.date(2026, 9, 30)
BUYER = "ООО «Лютик»"
SELLER = "ООО «Окно»"


@dataclass
class Ledger:
    contract: Contract
    second: Contract  # another contract of the same legal entity


def hand_made_ledger(world) -> Ledger:
    """Contract A1 (the third quarter of 2026 is the period):
    before it — opening balance 10 000, shipment 5 000, payment 3 000: opening saldo 12 000;
    in it — shipment УТ-101 50 000, payment ПП-7 20 000, return В-1 1 500, credit note
    КП-1 500, adjustments +200 and −300, shipment УТ-102 8 000 deleted in 1C, shipment УТ-103
    7 000 changed to 7 700: debit 57 900, credit 22 300, closing 47 600;
    after it — shipment УТ-201 999.
    A second rouble contract of the same legal entity: shipment УТ-301 1 000 in the period;
    a dollar contract of it and a contract of the other legal entity, each with a shipment,
    never in this legal entity's act in roubles."""
    CompanyRequisitesFactory()
    entity = world.entity_a1
    entity.name = BUYER
    entity.save()
    contract = world.contract_a1
    post = _poster(contract)
    post(DocumentKind.OPENING, "10000", "2026-01-01", "НО-1")
    post(DocumentKind.SHIPMENT, "5000", "2026-03-10", "УТ-1")
    post(DocumentKind.PAYMENT, "3000", "2026-06-30", "ПП-1")
    post(DocumentKind.SHIPMENT, "50000", "2026-07-05", "УТ-101")
    post(DocumentKind.PAYMENT, "20000", "2026-07-20", "ПП-7")
    post(DocumentKind.RETURN, "1500", "2026-08-01", "В-1")
    post(DocumentKind.CREDIT_NOTE, "500", "2026-08-10", "КП-1")
    post(DocumentKind.ADJUSTMENT, "200", "2026-08-15", "КД-1")
    post(DocumentKind.ADJUSTMENT, "-300", "2026-08-20", "КД-2")
    post(DocumentKind.SHIPMENT, "8000", "2026-09-01", "УТ-102", external_id="ut-102")
    post(
        DocumentKind.SHIPMENT, "8000", "2026-09-01", "УТ-102", external_id="ut-102", is_deleted=True
    )
    post(DocumentKind.SHIPMENT, "7000", "2026-09-10", "УТ-103", external_id="ut-103")
    post(DocumentKind.SHIPMENT, "7700", "2026-09-10", "УТ-103", external_id="ut-103")
    post(DocumentKind.SHIPMENT, "999", "2026-10-05", "УТ-201")
    second = ContractFactory(legal_entity=entity, number="ОПТ-2", date=dt.date(2026, 2, 1))
    _poster(second)(DocumentKind.SHIPMENT, "1000", "2026-07-10", "УТ-301")
    dollars = ContractFactory(legal_entity=entity, number="USD-1", currency="USD")
    _poster(dollars)(DocumentKind.SHIPMENT, "777", "2026-07-11", "УТ-USD")
    other = ContractFactory(legal_entity=world.entity_a2, number="ОПТ-9")
    _poster(other)(DocumentKind.SHIPMENT, "555", "2026-07-12", "УТ-A2")
    return Ledger(contract=contract, second=second)


def _poster(contract: Contract):
    def post(kind, amount, date, number, **more):
        return document_post(
            contract, kind, amount, date=dt.date.fromisoformat(date), number=number, **more
        )

    return post
