"""The preview of a quick order: each pasted line with what it was found to be, the price
on the cart's contract, stock, and what stands in its way — in a fixed number of queries
whatever the number of lines.

A line's status is the first that applies: a header row (skipped); a line that could not
be read; no article or no product (unknown); several products for the article
(ambiguous — the person picks one); a quantity that is not one (bad quantity); a unit the
product is not sold in (bad unit); below the product's minimum or off its multiplicity
(rounding — added only when the person accepts the suggested quantity); more than the
free stock (short — a warning, the line is added all the same); else found.

The minimum and the multiplicity are checked per line, as typed. Lines of the same
product are summed into one cart line: they are marked so, and stock is compared with
their sum plus what the cart holds already.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from okno.catalog.models import Product
from okno.catalog.pricing import LinePrice, PriceRequest, current_contract, price_lines, terms_for
from okno.catalog.selectors.viewer import home_warehouse
from okno.core.actor import Actor
from okno.core.errors import InvalidInput
from okno.core.money import format_quantity
from okno.orders.models import Cart, CartLine
from okno.orders.quick.match import Candidate, MatchedBy, Matches, match_articles
from okno.orders.quick.parse import Paste, PastedLine, parse_text
from okno.orders.selectors.carts import stock_of, stock_warning, vat_included
from okno.orders.services.carts import require_ordering
from okno.orders.services.quantities import (
    QuantityAdvice,
    UnitChoice,
    choose_unit,
    parse_quantity,
    quantity_advice,
    units_of,
)

ZERO = Decimal("0")


class Status:
    """A line's status; `ORDER` lists them from the most to the least severe."""

    HEADER = "header"
    INVALID = "invalid"
    UNKNOWN = "unknown"
    AMBIGUOUS = "ambiguous"
    BAD_QUANTITY = "bad_quantity"
    BAD_UNIT = "bad_unit"
    ROUNDING = "rounding"
    SHORT = "short"
    FOUND = "found"

    ORDER = (
        FOUND,
        SHORT,
        ROUNDING,
        AMBIGUOUS,
        UNKNOWN,
        BAD_QUANTITY,
        BAD_UNIT,
        INVALID,
        HEADER,
    )
    ADDABLE = (FOUND, SHORT)


def status_label(status: str) -> str:
    return {
        Status.FOUND: _("Найден"),
        Status.SHORT: _("Не хватает остатка"),
        Status.ROUNDING: _("Нужно округлить"),
        Status.AMBIGUOUS: _("Несколько товаров"),
        Status.UNKNOWN: _("Не найден"),
        Status.BAD_QUANTITY: _("Ошибка в количестве"),
        Status.BAD_UNIT: _("Не та единица"),
        Status.INVALID: _("Ошибка в строке"),
        Status.HEADER: _("Заголовок"),
    }[status]


@dataclass
class PreviewLine:
    """A pasted line as the preview shows it. `quantity` and `unit` are as typed (when they
    read); `order_quantity`/`order_unit` what goes to the cart (the suggestion when the
    person accepted the rounding); `price` is for that quantity."""

    pasted: PastedLine
    status: str = Status.FOUND
    messages: list[str] = field(default_factory=list)
    product: Product | None = None
    matched_by: str = ""
    candidates: list[Candidate] = field(default_factory=list)
    units: list[UnitChoice] = field(default_factory=list)
    unit: UnitChoice | None = None
    quantity: Decimal | None = None
    advice: QuantityAdvice | None = None
    rounded: bool = False
    price: LinePrice | None = None
    stock_here: Decimal = ZERO
    stock_total: Decimal = ZERO

    @property
    def line(self) -> int:
        return self.pasted.line

    @property
    def addable(self) -> bool:
        return self.status in Status.ADDABLE

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def order_quantity(self) -> Decimal | None:
        if self.rounded and self.advice is not None:
            return self.advice.suggested
        return self.quantity

    @property
    def order_unit(self) -> UnitChoice | None:
        if self.rounded and self.advice is not None:
            return self.advice.unit
        return self.unit

    @property
    def order_quantity_base(self) -> Decimal:
        quantity, unit = self.order_quantity, self.order_unit
        if quantity is None or unit is None:
            return ZERO
        return quantity * unit.coefficient

    def fail(self, status: str, message: str) -> None:
        self.status = status
        self.messages.append(message)


@dataclass(frozen=True)
class QuickPreview:
    """The whole preview: the lines in their order, how many of each status, the empty
    lines skipped, the warehouse stock is counted at, and the sum of the addable lines."""

    cart: Cart
    lines: list[PreviewLine]
    empty_lines: int
    warehouse_name: str
    vat_included: bool

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(Status.ORDER, 0)
        for line in self.lines:
            counts[line.status] += 1
        return counts

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        """(status, label, count) of the statuses some line has, most severe last."""
        return [
            (status, status_label(status), count) for status, count in self.counts.items() if count
        ]

    @property
    def addable(self) -> list[PreviewLine]:
        return [line for line in self.lines if line.addable]

    @property
    def to_fix(self) -> list[PreviewLine]:
        """Lines that stay out of the cart until fixed (headers are skipped, not kept)."""
        return [line for line in self.lines if not line.addable and line.status != Status.HEADER]

    @property
    def total(self) -> Decimal:
        return sum((line.price.total for line in self.addable if line.price), ZERO)


def quick_order_preview(*, actor: Actor, cart: Cart, text: str) -> QuickPreview:
    """The preview of pasted text for the cart (what a benchmark of 1,000 lines calls)."""
    return quick_preview(actor=actor, cart=cart, paste=parse_text(text))


def quick_preview(*, actor: Actor, cart: Cart, paste: Paste) -> QuickPreview:
    """The preview of pasted or uploaded lines for the cart, priced on the contract of the
    cart's legal entity. Precondition: `cart` was read through `cart_get` for `actor`."""
    require_ordering(actor)
    contract = current_contract(actor, cart.legal_entity_id)
    warehouse = home_warehouse(contract)
    lines = [PreviewLine(pasted=pasted) for pasted in paste.lines]
    data = [line for line in lines if _readable(line)]
    matches = match_articles((line.pasted.article for line in data), client_id=actor.client_id)
    found = [line for line in data if _identify(line, matches)]
    units = units_of({line.product.pk: line.product for line in found if line.product}.values())
    measured = [line for line in found if _measure(line, units)]
    _check_stock(cart, measured, warehouse.pk if warehouse is not None else None)
    terms = terms_for(actor, contract)
    _price(terms, measured)
    return QuickPreview(
        cart=cart,
        lines=lines,
        empty_lines=paste.empty_lines,
        warehouse_name=warehouse.name if warehouse is not None else "",
        vat_included=vat_included(terms.price_type_id),
    )


# --- the steps ----------------------------------------------------------------------------


def _readable(line: PreviewLine) -> bool:
    pasted = line.pasted
    if pasted.is_header:
        line.fail(Status.HEADER, _("Строка заголовка — пропущена."))
    elif pasted.error:
        line.fail(Status.INVALID, pasted.error)
    elif not pasted.article:
        line.fail(Status.UNKNOWN, _("Не указан артикул."))
    else:
        return True
    return False


def _identify(line: PreviewLine, matches: Matches) -> bool:
    """Find the line's product: the only candidate, or the one the person picked."""
    article = line.pasted.article
    candidates = matches.of(article)
    line.candidates = candidates
    picked = [c for c in candidates if c.product.pk == line.pasted.product_id]
    if len(candidates) == 1 or picked:
        chosen = (picked or candidates)[0]
        line.product, line.matched_by = chosen.product, chosen.matched_by
        if chosen.matched_by == MatchedBy.BARCODE:
            line.messages.append(_("Найден по штрихкоду."))
        elif chosen.matched_by == MatchedBy.OWN_ARTICLE:
            line.messages.append(_("Найден по вашему артикулу."))
        return True
    if candidates:
        line.fail(
            Status.AMBIGUOUS,
            _("Артикулу «%(article)s» соответствуют несколько товаров — выберите нужный.")
            % {"article": article},
        )
    elif article in matches.archived:
        line.fail(Status.UNKNOWN, _("Товар снят с продажи."))
    else:
        line.fail(
            Status.UNKNOWN, _("Товар с артикулом «%(article)s» не найден.") % {"article": article}
        )
    return False


def _measure(line: PreviewLine, units: dict[int, list[UnitChoice]]) -> bool:
    """Read the quantity and the unit, and check the minimum and the multiplicity."""
    product = line.product
    assert product is not None
    line.units = units[product.pk]
    if not line.pasted.quantity:
        line.fail(Status.BAD_QUANTITY, _("Не указано количество."))
        return False
    try:
        line.quantity = parse_quantity(line.pasted.quantity)
        line.unit = choose_unit(line.units, line.pasted.unit, field="unit")
    except InvalidInput as wrong:
        status = Status.BAD_UNIT if wrong.code == "unknown_unit" else Status.BAD_QUANTITY
        line.fail(status, wrong.message)
        return False
    line.advice = quantity_advice(
        quantity_base=line.quantity * line.unit.coefficient,
        min_quantity=product.min_quantity,
        multiplicity=product.multiplicity,
        unit=line.unit,
        base_unit=line.units[0],
    )
    if line.advice is not None:
        suggestion = {
            "quantity": format_quantity(line.advice.suggested),
            "unit": line.advice.unit.name,
        }
        if line.pasted.round_up:
            line.rounded = True
            line.messages.append(_("Округлено до %(quantity)s %(unit)s.") % suggestion)
        else:
            line.fail(
                Status.ROUNDING,
                _("%(rule)s: можно округлить до %(quantity)s %(unit)s.")
                % {"rule": line.advice.message, **suggestion},
            )
    return True


def _check_stock(cart: Cart, lines: list[PreviewLine], warehouse_id: int | None) -> None:
    """Compare each product's pasted lines, summed, plus what the cart holds, with the free
    stock at the cart's warehouse and in all; say where a product is pasted more than once."""
    by_product: dict[int, list[PreviewLine]] = defaultdict(list)
    for line in lines:
        assert line.product is not None
        by_product[line.product.pk].append(line)
    stock = stock_of(list(by_product), warehouse_id)
    in_cart = dict(
        CartLine.objects.filter(cart=cart, product_id__in=list(by_product)).values_list(
            "product_id", "quantity_base"
        )
    )
    for product_id, same in by_product.items():
        here, total = stock.get(product_id, (ZERO, ZERO))
        already = in_cart.get(product_id, ZERO)
        wanted = sum((line.order_quantity_base for line in same), already)
        base = same[0].units[0]
        notes = list(_notes(same, already, wanted, base))
        warning = stock_warning(wanted, here, total, base)
        for line in same:
            line.stock_here, line.stock_total = here, total
            line.messages.extend(notes)
            if warning:
                line.messages.append(warning)
                if line.status == Status.FOUND:
                    line.status = Status.SHORT


def _notes(same: list[PreviewLine], already: Decimal, wanted: Decimal, base: UnitChoice):
    quantities = {"total": format_quantity(wanted), "unit": base.name}
    if len(same) > 1:
        numbers = ", ".join(str(line.line) for line in same)
        yield _(
            "Товар есть в строках %(lines)s: в корзине будет одна строка, всего %(total)s %(unit)s."
        ) % {"lines": numbers, **quantities}
    if already:
        yield _("В корзине уже %(already)s %(unit)s — количество добавится.") % {
            "already": format_quantity(already),
            "unit": base.name,
        }


def _price(terms, lines: list[PreviewLine]) -> None:
    requests = []
    for line in lines:
        assert line.product is not None
        assert line.order_unit is not None
        requests.append(
            PriceRequest(line.product.pk, line.order_quantity_base, line.order_unit.coefficient)
        )
    for line, price in zip(lines, price_lines(terms, requests), strict=True):
        line.price = price
        if not price.has_price:
            line.messages.append(_("У товара нет цены по вашему договору."))
