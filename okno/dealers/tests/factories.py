"""Factories of the dealer's section, and a dealer ready to sell: its legal entity with a
bank account and a contract at the dealer price type with a 10 % discount, an admin, a
buyer and an accountant, and products priced in the dealer and the base price types."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal

import factory

from okno.accounts.models import User
from okno.catalog.models import PriceType, Product
from okno.catalog.tests.factories import PriceFactory, PriceTypeFactory, ProductFactory
from okno.clients.models import Client, LegalEntity
from okno.clients.tests.factories import (
    BankAccountFactory,
    ClientFactory,
    ContractFactory,
    LegalEntityFactory,
    MembershipFactory,
)
from okno.core.actor import actor_for_user
from okno.core.roles import ClientRole
from okno.dealers.models import DealerCustomer, RetailDocument
from okno.dealers.services import RetailLineInput, retail_document_create

D = Decimal
_articles = itertools.count(1)


class DealerCustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DealerCustomer

    dealer = factory.SubFactory(ClientFactory, is_dealer=True)
    # Fixed names, so no test's search term turns up in one by chance.
    name = factory.Iterator(["Петров Сергей", "ИП Васильева", "Кафе «Берёзка»"])
    phone = factory.Sequence(lambda n: f"+7495{n:07d}")
    default_markup = D("20")


@dataclass
class Dealer:
    client: Client
    entity: LegalEntity
    admin: User
    buyer: User
    accountant: User
    price_type: PriceType

    def product(self, *, price: str = "1000.00", base: str | None = "1500.00", **fields) -> Product:
        """A product at `price` in the dealer's price type (before the contract's 10 %)."""
        fields.setdefault("article", f"DL-{next(_articles):04d}")
        item = ProductFactory(**fields)
        PriceFactory(product=item, price_type=self.price_type, price=D(price))
        if base is not None:
            base_type = PriceType.objects.filter(is_base=True).first() or PriceTypeFactory(
                name="Розничная", is_base=True
            )
            PriceFactory(product=item, price_type=base_type, price=D(base))
        return item

    def customer(self, **fields) -> DealerCustomer:
        return DealerCustomerFactory(dealer=self.client, **fields)

    def document(
        self, customer: DealerCustomer, lines: list[tuple[Product, str]], **fields
    ) -> RetailDocument:
        """A document made by the dealer's admin through the service."""
        return retail_document_create(
            actor=actor_for_user(self.admin),
            customer=customer,
            kind=fields.pop("kind", RetailDocument.Kind.OFFER),
            lines=[RetailLineInput(product_id=p.pk, quantity=D(q)) for p, q in lines],
            **fields,
        )


def build_dealer(name: str = "Окна Плюс") -> Dealer:
    client = ClientFactory(
        name=name, is_dealer=True, phone="+74951234567", email="dealer@example.ru"
    )
    entity = LegalEntityFactory(client=client, name=f'ООО "{name}"', director="Соколов И. П.")
    BankAccountFactory(legal_entity=entity)
    price_type = PriceTypeFactory(name="Дилерская")
    ContractFactory(legal_entity=entity, price_type=price_type, discount_percent=D("10"))
    return Dealer(
        client=client,
        entity=entity,
        admin=MembershipFactory(client=client, role=ClientRole.ADMIN).user,
        buyer=MembershipFactory(client=client, role=ClientRole.BUYER, legal_entities=[entity]).user,
        accountant=MembershipFactory(
            client=client, role=ClientRole.ACCOUNTANT, legal_entities=[entity]
        ).user,
        price_type=price_type,
    )
