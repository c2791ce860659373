"""The delivery charge of an order: what the company charges to bring the goods to the
client's address — `OKNO_DELIVERY_PRICE` (VAT included, at `OKNO_DELIVERY_VAT_RATE`), free
from a goods total of `OKNO_DELIVERY_FREE_FROM`; pickup is free. It is decided at checkout
and kept in the order's money snapshot: a later change of the settings or a manager's edit
of the lines does not move it. An order from an accepted commercial proposal has none: the
client agreed to the document's sum."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from okno.catalog.pricing import line_vat
from okno.orders.models import Order

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class DeliveryCharge:
    """The charge as the order keeps it: `amount` in the terms of the order's prices (VAT
    included when they include it), its VAT rate and VAT; `total` is what the client pays."""

    amount: Decimal
    vat_rate: str
    vat_amount: Decimal
    total: Decimal


def delivery_charge_for(
    *, delivery: str, goods_total: Decimal, vat_included: bool
) -> DeliveryCharge:
    """The charge for an order of `goods_total` (its lines' totals) delivered (`delivery`)
    or picked up."""
    price = Decimal(settings.OKNO_DELIVERY_PRICE).quantize(ZERO)
    rate = settings.OKNO_DELIVERY_VAT_RATE
    free_from = Decimal(settings.OKNO_DELIVERY_FREE_FROM)
    if delivery != Order.Delivery.DELIVERY or price <= 0:
        return DeliveryCharge(ZERO, rate, ZERO, ZERO)
    if free_from > 0 and goods_total >= free_from:
        return DeliveryCharge(ZERO, rate, ZERO, ZERO)
    vat = line_vat(price, rate, included=True)
    return DeliveryCharge(price if vat_included else price - vat, rate, vat, price)


def delivery_charge_fields(charge: DeliveryCharge) -> dict:
    """The order's fields that keep `charge`."""
    return {
        "delivery_amount": charge.amount,
        "delivery_vat_rate": charge.vat_rate,
        "delivery_vat_amount": charge.vat_amount,
    }


@dataclass(frozen=True)
class DeliveryOffer:
    """What the checkout tells of delivery: its charge for these goods (0 — free), the
    total with it, and the goods total from which it is free (0 — never)."""

    charge: Decimal
    total: Decimal
    free_from: Decimal


def delivery_offer(*, goods_total: Decimal, vat_included: bool) -> DeliveryOffer | None:
    """The delivery of goods worth `goods_total`, as the checkout shows it; None when the
    company does not charge for delivery at all."""
    if Decimal(settings.OKNO_DELIVERY_PRICE) <= 0:
        return None
    charge = delivery_charge_for(
        delivery=Order.Delivery.DELIVERY, goods_total=goods_total, vat_included=vat_included
    )
    free_from = Decimal(settings.OKNO_DELIVERY_FREE_FROM)
    return DeliveryOffer(charge.total, goods_total + charge.total, free_from)
