"""Units and quantities of a line: which unit a person may order a product in, how many base
units that is, and the rounding that meets the product's minimum and multiplicity.

A line's quantity in base units must be at least `min_quantity` and a whole multiple of
`multiplicity` (both in base units; 0 — no rule). A quantity that breaks either is kept
as typed and answered with a suggestion — the nearest quantity above that meets both —
which the person accepts in one click; checkout refuses lines that still break a rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from okno.catalog.models import Product, ProductUnit
from okno.core.errors import InvalidInput
from okno.core.money import QUANTITY_STEP, format_quantity

MAX_QUANTITY = Decimal("999999999")


@dataclass(frozen=True)
class UnitChoice:
    """A unit a product is sold in: its id, short name and how many base units it holds."""

    unit_id: int
    name: str
    coefficient: Decimal

    @property
    def is_base(self) -> bool:
        return self.coefficient == 1


@dataclass(frozen=True)
class QuantityAdvice:
    """What is wrong with a quantity and the quantity (in `unit`) that would fix it."""

    code: str  # "below_minimum" or "multiplicity"
    message: str
    suggested: Decimal
    unit: UnitChoice

    @property
    def suggested_base(self) -> Decimal:
        return self.suggested * self.unit.coefficient


def units_of(products: Iterable[Product]) -> dict[int, list[UnitChoice]]:
    """Each product's units, the base unit first then packaging by size, in one query.
    Precondition: `base_unit` is selected with the products."""
    choices: dict[int, list[UnitChoice]] = defaultdict(list)
    products = list(products)
    for product in products:
        base = product.base_unit
        choices[product.pk].append(UnitChoice(base.pk, base.short_name, Decimal(1)))
    packaging = (
        ProductUnit.objects.filter(product_id__in=[p.pk for p in products])
        .order_by("product_id", "coefficient")
        .values_list("product_id", "unit_id", "unit__short_name", "coefficient")
    )
    for product_id, unit_id, short_name, coefficient in packaging:
        if unit_id != choices[product_id][0].unit_id:
            choices[product_id].append(UnitChoice(unit_id, short_name, coefficient))
    return choices


def choose_unit(units: list[UnitChoice], wanted: str | int | None, *, field: str) -> UnitChoice:
    """The unit named by id or short name (any case, with or without a trailing dot);
    the base unit when none is named."""
    if wanted in (None, ""):
        return units[0]
    key = str(wanted).strip().lower().rstrip(".")
    for unit in units:
        if key in (str(unit.unit_id), unit.name.lower().rstrip(".")):
            return unit
    names = ", ".join(unit.name for unit in units)
    raise InvalidInput(
        _("Единица «%(unit)s» не подходит для товара; можно: %(names)s.")
        % {"unit": wanted, "names": names},
        field=field,
        code="unknown_unit",
    )


def parse_quantity(value, *, field: str = "quantity") -> Decimal:
    """A positive quantity with at most 3 decimal places; a comma works as the point."""
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        quantity = Decimal(text)
    except InvalidOperation:
        raise InvalidInput(
            _("Количество «%(value)s» — не число.") % {"value": value}, field=field
        ) from None
    if not quantity.is_finite() or quantity <= 0:
        raise InvalidInput(_("Количество должно быть больше нуля."), field=field)
    if quantity > MAX_QUANTITY:
        raise InvalidInput(
            _("Количество больше %(max)s — проверьте число.")
            % {"max": format_quantity(MAX_QUANTITY)},
            field=field,
            code="too_large",
        )
    if quantity != quantity.quantize(QUANTITY_STEP):
        raise InvalidInput(_("Не больше трёх знаков после запятой."), field=field)
    return quantity.quantize(QUANTITY_STEP)


def quantity_advice(
    *,
    quantity_base: Decimal,
    min_quantity: Decimal,
    multiplicity: Decimal,
    unit: UnitChoice,
    base_unit: UnitChoice,
) -> QuantityAdvice | None:
    """None when the quantity meets the minimum and the multiplicity, else the advice: the
    smallest quantity above that meets both, in the line's unit when it comes out whole
    there, else in the base unit."""
    target = max(quantity_base, min_quantity)
    if multiplicity > 0:
        target = (target / multiplicity).to_integral_value(ROUND_CEILING) * multiplicity
    if target == quantity_base:
        return None
    suggested_unit = unit if _divides(target, unit.coefficient) else base_unit
    suggested = (target / suggested_unit.coefficient).quantize(QUANTITY_STEP)
    if quantity_base < min_quantity:
        code = "below_minimum"
        message = _("Минимальный заказ — %(min)s") % {"min": format_quantity(min_quantity)}
    else:
        code = "multiplicity"
        message = _("Кратность — %(step)s") % {"step": format_quantity(multiplicity)}
    return QuantityAdvice(code=code, message=message, suggested=suggested, unit=suggested_unit)


def rounding_check(
    product: Product, units: list[UnitChoice], unit: UnitChoice, quantity: Decimal
) -> None:
    """Refuse `quantity` of `unit` below the product's minimum or off its multiplicity,
    saying what would do (`units[0]` is the base unit)."""
    advice = quantity_advice(
        quantity_base=quantity * unit.coefficient,
        min_quantity=product.min_quantity,
        multiplicity=product.multiplicity,
        unit=unit,
        base_unit=units[0],
    )
    if advice is not None:
        raise InvalidInput(
            _("%(rule)s; подойдёт %(suggested)s %(unit)s.")
            % {
                "rule": advice.message,
                "suggested": format_quantity(advice.suggested),
                "unit": advice.unit.name,
            },
            field="quantity",
            code=advice.code,
        )


def _divides(quantity: Decimal, coefficient: Decimal) -> bool:
    share = quantity / coefficient
    return share == share.to_integral_value()
