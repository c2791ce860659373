"""What the checkout form offers: the person's legal entities, the chosen entity's active
contracts and delivery addresses, and the warehouses with their lead times."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.catalog.models import Warehouse
from okno.clients.models import Contract, DeliveryAddress, LegalEntity
from okno.core.actor import Actor


@dataclass(frozen=True)
class CheckoutOptions:
    legal_entities: list[tuple[int, str]]
    contracts: list[tuple[int, str]]
    addresses: list[tuple[int, str]]
    warehouses: list[tuple[int, str]]
    pickup_warehouse_ids: list[int]
    default_address_id: int | None


def checkout_options(*, actor: Actor, legal_entity_id: int) -> CheckoutOptions:
    entities = LegalEntity.objects.visible_to(actor).filter(is_active=True).order_by("name")
    today = timezone.localdate()
    contracts = (
        Contract.objects.visible_to(actor)
        .filter(legal_entity_id=legal_entity_id, is_active=True)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .order_by("date", "pk")
    )
    addresses = (
        DeliveryAddress.objects.visible_to(actor)
        .filter(legal_entity_id=legal_entity_id, is_active=True)
        .order_by("-is_default", "city", "address")
    )
    address_list = list(addresses)
    warehouses = list(_warehouses())
    return CheckoutOptions(
        legal_entities=[(entity.pk, entity.name) for entity in entities],
        contracts=[(contract.pk, str(contract)) for contract in contracts],
        addresses=[(address.pk, _address_label(address)) for address in address_list],
        warehouses=[(warehouse.pk, _warehouse_label(warehouse)) for warehouse in warehouses],
        pickup_warehouse_ids=[w.pk for w in warehouses if w.allows_pickup],
        default_address_id=next((a.pk for a in address_list if a.is_default), None),
    )


def _warehouses():
    return (
        Warehouse.objects.filter(is_active=True)
        .annotate(days_min=Min("lead_times__days"), days_max=Max("lead_times__days"))
        .order_by("sort", "name")
    )


def _address_label(address: DeliveryAddress) -> str:
    return f"{address.title} — {address}" if address.title else str(address)


def _warehouse_label(warehouse) -> str:
    label = f"{warehouse.name}, {warehouse.city}" if warehouse.city else warehouse.name
    if warehouse.days_min is None:
        return label
    if warehouse.days_min == warehouse.days_max:
        days = _("доставка %(days)s дн.") % {"days": warehouse.days_min}
    else:
        days = _("доставка %(min)s–%(max)s дн.") % {
            "min": warehouse.days_min,
            "max": warehouse.days_max,
        }
    return f"{label} ({days})"
