"""A small shop for the catalog page and API tests: a buyer whose contract buys at the
wholesale price type with a 10 % discount and ships from the Kazan warehouse; a default
warehouse in Moscow; products priced in both the wholesale and the base price type."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal

from okno.accounts.models import User
from okno.catalog.models import PriceType, Product, Warehouse
from okno.catalog.tests.factories import (
    PriceFactory,
    PriceTypeFactory,
    ProductFactory,
    StockFactory,
    WarehouseFactory,
)
from okno.clients.models import Client
from okno.clients.tests.factories import (
    ClientFactory,
    ContractFactory,
    LegalEntityFactory,
    MembershipFactory,
)
from okno.core.roles import ClientRole

D = Decimal
NBSP = "\u00a0"
_articles = itertools.count(1)


def rub(amount: str) -> str:
    """How the `money` filter shows an amount: «1 234,56 ₽» with non-breaking spaces."""
    return amount.replace(" ", NBSP) + NBSP + "₽"


@dataclass
class Shop:
    client: Client
    buyer: User
    wholesale: PriceType
    base: PriceType
    kazan: Warehouse
    moscow: Warehouse

    def product(
        self,
        *,
        price: str | None = "1000.00",
        base: str | None = "1200.00",
        kazan: str | None = "7",
        moscow: str | None = "30",
        **fields,
    ) -> Product:
        """A product with its wholesale and base prices and its free stock at the two
        warehouses (None — no such price or stock row)."""
        fields.setdefault("article", f"KT-{next(_articles):04d}")
        item = ProductFactory(**fields)
        for price_type, amount in ((self.wholesale, price), (self.base, base)):
            if amount is not None:
                PriceFactory(product=item, price_type=price_type, price=D(amount))
        for warehouse, free in ((self.kazan, kazan), (self.moscow, moscow)):
            if free is not None:
                StockFactory(product=item, warehouse=warehouse, free=D(free))
        return item


def build_shop() -> Shop:
    base = PriceTypeFactory(name="Розничная", is_base=True)
    wholesale = PriceTypeFactory(name="Оптовая")
    kazan = WarehouseFactory(name="Склад Казань", city="Казань", sort=2)
    moscow = WarehouseFactory(name="Склад Москва", is_default=True, sort=1)
    client = ClientFactory(name="Стройторг")
    entity = LegalEntityFactory(client=client)
    ContractFactory(
        legal_entity=entity, price_type=wholesale, discount_percent=D("10"), warehouse=kazan
    )
    buyer = MembershipFactory(client=client, role=ClientRole.BUYER, legal_entities=[entity]).user
    return Shop(
        client=client, buyer=buyer, wholesale=wholesale, base=base, kazan=kazan, moscow=moscow
    )
