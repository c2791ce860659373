"""Retail prices of a dealer's document: the dealer's own price plus a markup, rounded to
kopecks half up, with VAT included in the retail price and counted per line as 1C does."""

from __future__ import annotations

from decimal import Decimal

from okno.catalog.models import VatRate
from okno.catalog.pricing import LinePrice
from okno.core.money import to_money

ONE = Decimal("1")
HUNDRED = Decimal("100")


def dealer_unit_price(price: LinePrice) -> Decimal:
    """What one unit costs the dealer with VAT: the personal price as it is when the
    dealer's price type includes VAT, else that price with the product's VAT added."""
    if price.total == price.amount or price.vat_rate == VatRate.NONE:
        return price.unit_price
    return to_money(price.unit_price * (HUNDRED + Decimal(price.vat_rate)) / HUNDRED)


def retail_price(dealer_price: Decimal, markup_percent: Decimal) -> Decimal:
    """The dealer's price × (1 + markup / 100), in kopecks, half up."""
    return to_money(dealer_price * (ONE + markup_percent / HUNDRED))


def line_amount(price: Decimal, quantity: Decimal) -> Decimal:
    return to_money(price * quantity)


def included_vat(amount: Decimal, vat_rate: str) -> Decimal:
    """The VAT inside a retail sum: rate / (100 + rate) of it, half up, once per line."""
    if vat_rate == VatRate.NONE:
        return Decimal("0.00")
    rate = Decimal(vat_rate)
    return to_money(amount * rate / (HUNDRED + rate))
