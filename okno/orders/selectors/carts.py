"""What a cart page and the carts API show: the person's carts, and one cart priced line by
line with stock warnings and the rounding each line needs — in a fixed number of queries
however many lines (a 1,000-line cart is recalculated on every change)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from okno.catalog.models import PriceType, Stock
from okno.catalog.pricing import LinePrice, PriceRequest, current_contract, price_lines, terms_for
from okno.catalog.selectors.viewer import home_warehouse
from okno.clients.models import Contract
from okno.core.actor import Actor
from okno.core.money import format_quantity
from okno.core.scoping import get_visible_or_404
from okno.orders.models import Cart, CartLine
from okno.orders.services.quantities import QuantityAdvice, UnitChoice, quantity_advice, units_of

ZERO = Decimal("0")
# Free stock of a product: at the person's warehouse, and in all warehouses.
StockFigures = tuple[Decimal, Decimal]


@dataclass(frozen=True)
class CartLineView:
    """A cart line as shown: the product, units to choose from, the price, stock and what is
    wrong with it (`advice` — the rounding; `stock_warning` — short of stock)."""

    line: CartLine
    units: list[UnitChoice]
    unit: UnitChoice
    price: LinePrice
    stock_here: Decimal
    stock_total: Decimal
    advice: QuantityAdvice | None
    stock_warning: str

    @property
    def product(self):
        return self.line.product


@dataclass(frozen=True)
class CartTotals:
    amount: Decimal
    vat_amount: Decimal
    total: Decimal
    vat_included: bool
    lines: int
    lines_to_fix: int
    lines_without_price: int


@dataclass(frozen=True)
class CartView:
    cart: Cart
    contract: Contract | None
    warehouse_id: int | None
    warehouse_name: str
    lines: list[CartLineView]
    totals: CartTotals

    @property
    def is_empty(self) -> bool:
        return not self.lines

    @property
    def can_check_out(self) -> bool:
        totals = self.totals
        return bool(self.lines) and not totals.lines_to_fix and not totals.lines_without_price


def carts_of(*, actor: Actor, legal_entity_id: int | None = None):
    """The person's carts and colleagues' shared ones, with line counts, newest first."""
    rows = Cart.objects.usable_by(actor).select_related("owner", "legal_entity")
    if legal_entity_id is not None:
        rows = rows.filter(legal_entity_id=legal_entity_id)
    return rows.annotate(line_count=Count("lines")).order_by("-is_active", "-updated_at", "-pk")


def cart_get(*, actor: Actor, cart_id) -> Cart:
    """A cart the person may use (own or shared with them); 404 for any other."""
    return get_visible_or_404(Cart.objects.usable_by(actor), actor, pk=cart_id)


def cart_view(*, actor: Actor, cart: Cart) -> CartView:
    """The cart priced on the terms of its legal entity's contract."""
    contract = current_contract(actor, cart.legal_entity_id)
    terms = terms_for(actor, contract)
    warehouse = home_warehouse(contract)
    warehouse_id = warehouse.pk if warehouse is not None else None
    lines = list(cart.lines.select_related("product", "product__base_unit").only(*_LINE_FIELDS))
    units = units_of(line.product for line in lines)
    requests = [
        PriceRequest(line.product_id, line.quantity_base, line.unit_coefficient) for line in lines
    ]
    prices = price_lines(terms, requests)
    stock = stock_of([line.product_id for line in lines], warehouse_id)
    views = [
        _line_view(line, units[line.product_id], price, stock.get(line.product_id))
        for line, price in zip(lines, prices, strict=True)
    ]
    return CartView(
        cart=cart,
        contract=contract,
        warehouse_id=warehouse_id,
        warehouse_name=warehouse.name if warehouse is not None else "",
        lines=views,
        totals=_totals(views, vat_included(terms.price_type_id)),
    )


# What a cart line shows and checks: reading only these keeps a 1,000-line cart light.
_LINE_FIELDS = (
    "cart_id",
    "product_id",
    "unit_id",
    "unit_coefficient",
    "quantity",
    "quantity_base",
    "position",
    "product__article",
    "product__name",
    "product__min_quantity",
    "product__multiplicity",
    "product__base_unit__short_name",
)


def vat_included(price_type_id: int | None) -> bool:
    """Whether the prices of a price type include VAT (1C's «Цена включает НДС»)."""
    if price_type_id is None:
        return True
    found = PriceType.objects.filter(pk=price_type_id).values_list("vat_included", flat=True)
    return next(iter(found), True)


def stock_of(
    product_ids: list[int], warehouse_id: int | None
) -> dict[int, tuple[Decimal, Decimal]]:
    """Free stock of each product (here — at `warehouse_id`, or everywhere when None — and in
    all active warehouses), in one query."""
    if not product_ids:
        return {}
    here = Q(warehouse_id=warehouse_id) if warehouse_id else Q(warehouse__is_active=True)
    rows = (
        Stock.objects.filter(product_id__in=product_ids, warehouse__is_active=True)
        .values("product_id")
        .annotate(total=Sum("free"), here=Sum("free", filter=here))
    )
    return {row["product_id"]: (row["here"] or ZERO, row["total"] or ZERO) for row in rows}


def _line_view(line: CartLine, units: list[UnitChoice], price: LinePrice, stock) -> CartLineView:
    stock_here, stock_total = stock or (ZERO, ZERO)
    unit = next((u for u in units if u.unit_id == line.unit_id), units[0])
    product = line.product
    advice = quantity_advice(
        quantity_base=line.quantity_base,
        min_quantity=product.min_quantity,
        multiplicity=product.multiplicity,
        unit=unit,
        base_unit=units[0],
    )
    return CartLineView(
        line=line,
        units=units,
        unit=unit,
        price=price,
        stock_here=stock_here,
        stock_total=stock_total,
        advice=advice,
        stock_warning=stock_warning(line.quantity_base, stock_here, stock_total, units[0]),
    )


def stock_warning(quantity: Decimal, here: Decimal, total: Decimal, base: UnitChoice) -> str:
    """What a person should know when `quantity` (base units) is more than is free here."""
    if quantity <= here:
        return ""
    if quantity <= total:
        return _("На вашем складе %(here)s %(unit)s, остальное — с других складов") % {
            "here": format_quantity(here),
            "unit": base.name,
        }
    return _("Нет нужного количества: всего в наличии %(total)s %(unit)s") % {
        "total": format_quantity(total),
        "unit": base.name,
    }


def _totals(views: list[CartLineView], vat_included: bool) -> CartTotals:
    return CartTotals(
        amount=sum((v.price.amount for v in views), ZERO),
        vat_amount=sum((v.price.vat_amount for v in views), ZERO),
        total=sum((v.price.total for v in views), ZERO),
        vat_included=vat_included,
        lines=len(views),
        lines_to_fix=sum(1 for v in views if v.advice is not None),
        lines_without_price=sum(1 for v in views if not v.price.has_price),
    )
