"""What generating orders needs to know, read in a few queries: the products clients buy
(a pool spread across the catalog, with a price per base unit in every price type) and,
for a batch of clients, their legal entities with the contract, price terms, warehouse and
delivery addresses, their manager and the person who orders."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from okno.catalog.models import Price, PriceType, Product
from okno.clients.models import ClientMembership, Contract, DeliveryAddress
from okno.core.batches import chunked
from okno.core.roles import ClientRole
from okno.demo.catalog.plans import CODE_PREFIX

CHUNK = 2000


@dataclass(frozen=True)
class PoolProduct:
    """A product clients order, with its price per base unit in each price type (by id)."""

    id: int
    article: str
    name: str
    unit_id: int
    unit_name: str
    vat_rate: str
    min_quantity: Decimal
    multiplicity: Decimal
    prices: dict[int, Decimal]


@dataclass(frozen=True)
class EntityFacts:
    """A legal entity that orders: its contract's terms and where its orders go."""

    id: int
    contract_id: int
    price_type_id: int
    discount: Decimal
    vat_included: bool
    warehouse_id: int
    addresses: list[tuple[int, str]]


@dataclass(frozen=True)
class ClientFacts:
    id: int
    manager_id: int | None
    user_id: int | None  # who orders on the portal; None — the manager takes orders by phone
    entities: list[EntityFacts]


def product_pool(size: int) -> list[PoolProduct]:
    """Up to `size` active products of the demo catalog, taken evenly across it and put in
    a fixed random order: the first ones are the best sellers."""
    ids = list(
        Product.objects.filter(code__startswith=CODE_PREFIX, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if len(ids) > size:
        ids = [ids[i * len(ids) // size] for i in range(size)]
    random.Random(0).shuffle(ids)
    pool = []
    for chunk in chunked(ids, CHUNK):
        prices: dict[int, dict[int, Decimal]] = defaultdict(dict)
        for product_id, type_id, price, coefficient in Price.objects.filter(
            product_id__in=chunk
        ).values_list("product_id", "price_type_id", "price", "coefficient"):
            prices[product_id][type_id] = price / coefficient
        rows = Product.objects.filter(pk__in=chunk).values_list(
            "pk",
            "article",
            "name",
            "base_unit_id",
            "base_unit__short_name",
            "vat_rate",
            "min_quantity",
            "multiplicity",
        )
        found = {row[0]: row for row in rows}
        pool += [
            PoolProduct(*found[pk], prices=prices[pk])
            for pk in chunk
            if pk in found  # type: ignore[misc]
        ]
    return pool


def clients_facts(client_ids: list[int], warehouse_ids: list[int]) -> list[ClientFacts]:
    """The facts of the clients (in the given order); a client whose legal entities have no
    active contract with a price type has no entities here and orders nothing."""
    from okno.clients.models import Client

    clients = dict(Client.objects.filter(pk__in=client_ids).values_list("pk", "manager_id"))
    users = _ordering_people(client_ids)
    entities = _entities(client_ids, warehouse_ids)
    return [
        ClientFacts(
            id=pk, manager_id=clients[pk], user_id=users.get(pk), entities=entities.get(pk, [])
        )
        for pk in client_ids
        if pk in clients
    ]


def _ordering_people(client_ids: list[int]) -> dict[int, int]:
    """Per client, the person who places its orders: a buyer, else the client admin."""
    buyers: dict[int, int] = {}
    anyone: dict[int, int] = {}
    rows = (
        ClientMembership.objects.filter(client_id__in=client_ids, may_order=True)
        .filter(user__is_active=True)
        .order_by("pk")
        .values_list("client_id", "user_id", "role")
    )
    for client_id, user_id, role in rows:
        anyone.setdefault(client_id, user_id)
        if role == ClientRole.BUYER:
            buyers.setdefault(client_id, user_id)
    return {**anyone, **buyers}


def _addresses(client_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    """Each legal entity's delivery addresses (id and text), the default one first."""
    found: dict[int, list[tuple[int, str]]] = defaultdict(list)
    rows = DeliveryAddress.objects.filter(client_id__in=client_ids, is_active=True)
    for address in rows.order_by("-is_default", "pk"):
        found[address.legal_entity_id].append((address.pk, str(address)))
    return found


def _entities(client_ids: list[int], warehouse_ids: list[int]) -> dict[int, list[EntityFacts]]:
    today = timezone.localdate()
    vat_included = dict(PriceType.objects.values_list("pk", "vat_included"))
    addresses = _addresses(client_ids)
    contracts = (
        Contract.objects.filter(client_id__in=client_ids, is_active=True, price_type__isnull=False)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .filter(legal_entity__is_active=True)
        .order_by("legal_entity_id", "date", "pk")
        .values_list(
            "client_id",
            "legal_entity_id",
            "pk",
            "price_type_id",
            "discount_percent",
            "warehouse_id",
        )
    )
    found: dict[int, list[EntityFacts]] = defaultdict(list)
    seen: set[int] = set()
    for client_id, entity_id, contract_id, type_id, discount, warehouse_id in contracts:
        if entity_id in seen:
            continue  # the first contract of an entity is the one it buys under
        seen.add(entity_id)
        if warehouse_id is None:
            # A contract without a warehouse ships from one near the client, mostly Moscow.
            rng = random.Random(client_id)
            warehouse_id = warehouse_ids[0] if rng.random() < 0.5 else rng.choice(warehouse_ids)
        found[client_id].append(
            EntityFacts(
                id=entity_id,
                contract_id=contract_id,
                price_type_id=type_id,
                discount=discount,
                vat_included=vat_included.get(type_id, True),
                warehouse_id=warehouse_id,
                addresses=addresses.get(entity_id, []),
            )
        )
    return found
