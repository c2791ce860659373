"""Proposals for tests, made through the services as the manager makes them."""

from __future__ import annotations

from decimal import Decimal

from okno.catalog.models import Product, Warehouse
from okno.catalog.selectors.viewer import home_warehouse
from okno.catalog.tests.factories import (
    PriceFactory,
    ProductFactory,
    StockFactory,
    WarehouseFactory,
)
from okno.clients.models import Contract
from okno.core.actor import actor_for_user
from okno.proposals.models import Proposal
from okno.proposals.services import proposal_create, proposal_line_add, proposal_send

D = Decimal


def shipping_warehouse(contract: Contract) -> Warehouse:
    """The contract's warehouse, made the company's default when there is none."""
    return home_warehouse(contract) or WarehouseFactory(is_default=True)


def offered_product(contract: Contract, price: str = "1220.00", free: str = "100", **fields):
    """A product with a price in the contract's price type and free stock to ship."""
    product: Product = ProductFactory(**fields)
    PriceFactory(product=product, price_type=contract.price_type, price=D(price))
    StockFactory(product=product, warehouse=shipping_warehouse(contract), free=D(free))
    return product


def proposal_made(
    world,
    lines: tuple[tuple[str, ...], ...] = (("1220.00", "2"),),
    *,
    contract: Contract | None = None,
    send: bool = True,
) -> Proposal:
    """Client A's proposal by its manager: a product per (contract price, quantity[, VAT
    rate]), sent unless told otherwise."""
    manager = actor_for_user(world.manager_a)
    contract = contract or world.contract_a1
    proposal = proposal_create(
        actor=manager, legal_entity_id=contract.legal_entity_id, contract_id=contract.pk
    )
    for price, quantity, *rate in lines:
        product = offered_product(contract, price, vat_rate=rate[0] if rate else "22")
        proposal_line_add(
            actor=manager, proposal=proposal, product_id=product.pk, quantity=quantity
        )
    if send:
        proposal_send(actor=manager, proposal=proposal)
    proposal.refresh_from_db()
    return proposal
