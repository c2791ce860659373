"""A store for the orders tests: the catalog shop (a buyer whose contract buys at the
wholesale price type with a 10 % discount and ships from Kazan) plus what ordering needs —
the client's admin, a delivery address, the client's manager — and short ways to fill a
cart and place an order through the real services."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from okno.accounts.models import User
from okno.accounts.tests.factories import StaffFactory
from okno.catalog.models import Product
from okno.catalog.tests.shop import Shop, build_shop
from okno.clients.models import Contract, DeliveryAddress, LegalEntity
from okno.clients.tests.factories import DeliveryAddressFactory, MembershipFactory
from okno.core.actor import Actor, actor_for_user
from okno.core.roles import ClientRole
from okno.orders.models import Cart, Order
from okno.orders.services.carts import CartItem, cart_active, cart_lines_add
from okno.orders.services.checkout import Checkout, order_place

D = Decimal


@dataclass
class Store:
    shop: Shop
    entity: LegalEntity
    contract: Contract
    address: DeliveryAddress
    client_admin: User
    manager: User

    @property
    def buyer(self) -> User:
        return self.shop.buyer

    def actor(self, user: User | None = None) -> Actor:
        return actor_for_user(user or self.buyer)

    def product(self, **fields) -> Product:
        return self.shop.product(**fields)

    def cart(self, *lines: tuple[Product, str], user: User | None = None) -> Cart:
        """The person's active cart holding the given (product, quantity) lines."""
        actor = self.actor(user)
        cart = cart_active(actor=actor)
        items = [CartItem(product.pk, quantity) for product, quantity in lines]
        cart_lines_add(actor=actor, cart=cart, items=items)
        return cart

    def checkout(self, cart: Cart, **fields) -> Checkout:
        fields.setdefault("address_id", self.address.pk)
        return Checkout(
            cart_id=cart.pk,
            legal_entity_id=self.entity.pk,
            contract_id=self.contract.pk,
            **fields,
        )

    def order(self, *lines: tuple[Product, str], user: User | None = None, **fields) -> Order:
        """An order placed from a fresh cart of the given lines."""
        cart = self.cart(*lines, user=user)
        return order_place(actor=self.actor(user), checkout=self.checkout(cart, **fields))


def build_store() -> Store:
    shop = build_shop()
    entity = shop.client.legal_entities.get()
    contract = entity.contracts.get()
    manager = StaffFactory()
    shop.client.manager = manager
    shop.client.save(update_fields=["manager"])
    admin = MembershipFactory(client=shop.client, role=ClientRole.ADMIN).user
    address = DeliveryAddressFactory(legal_entity=entity, is_default=True)
    return Store(
        shop=shop,
        entity=entity,
        contract=contract,
        address=address,
        client_admin=admin,
        manager=manager,
    )
