"""Orders to pay, made directly as rows (with their lines and totals), and an individual
customer with a person who may pay: the orders' own services are not needed to pay."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import factory

from okno.accounts.models import User
from okno.catalog.models import VatRate
from okno.catalog.tests.factories import ProductFactory, WarehouseFactory
from okno.clients.models import Client, LegalEntity
from okno.clients.tests.factories import (
    ClientFactory,
    ContractFactory,
    LegalEntityFactory,
    MembershipFactory,
    fake_inn,
)
from okno.core.money import to_money
from okno.core.roles import ClientRole
from okno.orders.models import Order, OrderLine, OrderStatus

D = Decimal


class OrderFactory(factory.django.DjangoModelFactory):
    """A placed order of a legal entity; its money is set by `order_with_lines`."""

    class Meta:
        model = Order

    number = factory.Sequence(lambda n: f"З-{n + 1:05d}")
    legal_entity = factory.SubFactory(LegalEntityFactory)
    client = factory.LazyAttribute(lambda o: o.legal_entity.client)
    contract = factory.LazyAttribute(lambda o: ContractFactory(legal_entity=o.legal_entity))
    warehouse = factory.SubFactory(WarehouseFactory)
    status = OrderStatus.SUBMITTED


def order_with_lines(prices: list[tuple[str, str]] | None = None, **fields) -> Order:
    """An order with a line per (price, quantity), its totals summed from them (VAT 22 %
    included, counted per line as 1C does)."""
    order = OrderFactory(**fields)
    amount = vat = D("0")
    for position, (price, quantity) in enumerate(prices or [("1500.00", "2")], start=1):
        product = ProductFactory()
        line_amount = to_money(D(price) * D(quantity))
        line_vat = to_money(line_amount * 22 / 122)
        OrderLine.objects.create(
            order=order,
            position=position,
            product=product,
            article=product.article,
            name=product.name,
            unit=product.base_unit,
            unit_name=product.base_unit.short_name,
            quantity=D(quantity),
            quantity_base=D(quantity),
            warehouse=order.warehouse,
            price=D(price),
            amount=line_amount,
            vat_rate=VatRate.VAT_22,
            vat_amount=line_vat,
            total=line_amount,
        )
        amount += line_amount
        vat += line_vat
    order.amount = order.total = amount
    order.vat_amount = vat
    order.lines_count = len(prices or [None])
    order.save(update_fields=["amount", "total", "vat_amount", "lines_count"])
    return order


@dataclass
class Individual:
    """An individual customer (физлицо), its one legal entity and the person in the portal."""

    client: Client
    entity: LegalEntity
    person: User

    def order(self, prices: list[tuple[str, str]] | None = None, **fields) -> Order:
        return order_with_lines(prices, legal_entity=self.entity, **fields)


def make_individual_client(client: Client) -> LegalEntity:
    """Turn a client into an individual customer with a person's legal entity."""
    Client.objects.filter(pk=client.pk).update(kind=Client.Kind.INDIVIDUAL)
    return LegalEntityFactory(
        client=client,
        kind=LegalEntity.Kind.PERSON,
        name="Иванов Иван Иванович",
        full_name="Иванов Иван Иванович",
        inn=factory.Sequence(lambda n: fake_inn(n + 500, person=True)),
        kpp="",
        ogrn="",
    )


def build_individual(**client_fields) -> Individual:
    client = ClientFactory(kind=Client.Kind.INDIVIDUAL, **client_fields)
    entity = make_individual_client(client)
    person = MembershipFactory(client=client, role=ClientRole.ADMIN).user
    return Individual(client=client, entity=entity, person=person)
