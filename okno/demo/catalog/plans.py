"""Product number `n` of the demo catalog, worked out with no database: what it is, what it
costs in every price type and how much of it lies at every warehouse.

Everything about product `n` comes from a random generator seeded with `n`, so a run
that stops half-way, or a later run at a bigger scale, continues with exactly the
products the first run would have made. Products go round the leaf groups (a leaf's
weight is how many places it takes in one round); inside a leaf the variants come in a
shuffled order, so even a small catalog shows every size and brand of a family.
"""

from __future__ import annotations

import math
import random
import uuid
from dataclasses import dataclass, field
from functools import cache

from okno.demo.catalog.data import BRANDS, PRICE_TYPES, WAREHOUSES
from okno.demo.catalog.groups import LEAVES
from okno.demo.catalog.leaf import Coefficient, Leaf, Values

CODE_PREFIX = "ЦБ-"


@dataclass
class ProductPlan:
    """Product number `number`: quantities in base units, prices in kopecks."""

    number: int
    leaf: int  # index into LEAVES
    article: str
    name: str
    brand: str
    vat_rate: str
    min_quantity: float
    multiplicity: float
    is_active: bool
    external_id: str
    units: list[tuple[str, int]]  # packaging unit, base units in it
    barcodes: list[str]
    properties: list[tuple[str, str]]
    retail: int  # kopecks per base unit
    price_unit: tuple[str, int] | None  # the pack wholesale prices are quoted per
    price_jitter: list[float]  # one per price type
    stock: list[tuple[float, float]]  # free and reserved, one per warehouse
    transit: list[tuple[int, float, int]] = field(default_factory=list)  # warehouse, qty, days

    @property
    def code(self) -> str:
        return f"{CODE_PREFIX}{self.number + 1:08d}"

    def price(self, slot: int) -> tuple[int, str | None, int]:
        """Kopecks, the unit the price is per (None: the base unit) and its coefficient."""
        if slot == 0:
            return self.retail, None, 1
        per_unit = self.retail * PRICE_TYPES[slot].factor * self.price_jitter[slot]
        if self.price_unit and slot >= 2:
            unit, coefficient = self.price_unit
            return max(1, round(per_unit * coefficient)), unit, coefficient
        return max(1, round(per_unit)), None, 1


def number_from_code(code: str) -> int:
    return int(code.removeprefix(CODE_PREFIX)) - 1


def plan(number: int) -> ProductPlan:
    """Everything about product `number`."""
    rng = random.Random(number)
    leaf_index, variant = _place(number)
    leaf = LEAVES[leaf_index]
    article, name, brand, words, factor = _describe(leaf_index, variant)
    units = [(unit, _coefficient(c, words)) for unit, c in leaf.packs]
    units = [(unit, c) for unit, c in units if c > 1]
    multiplicity, minimum = _order_rules(rng, leaf, dict(units))
    retail = _retail(leaf.price * factor * rng.uniform(0.9, 1.1))
    product = ProductPlan(
        number=number,
        leaf=leaf_index,
        article=article,
        name=name,
        brand=brand,
        vat_rate=_vat(rng),
        min_quantity=minimum,
        multiplicity=multiplicity,
        is_active=rng.random() > 0.02,
        external_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        units=units,
        barcodes=_barcodes(rng, number, BRANDS[brand].gs1),
        properties=[(prop, text.format_map(words)) for prop, text in leaf.props],
        retail=retail,
        price_unit=_price_unit(rng, units),
        price_jitter=[rng.uniform(0.985, 1.015) for _ in PRICE_TYPES],
        stock=[],
    )
    _stock(rng, product, leaf.unit)
    return product


def _describe(leaf_index: int, variant: int) -> tuple[str, str, str, Values, float]:
    """Article, name, brand, the words the leaf's templates take, and the price factor."""
    leaf = LEAVES[leaf_index]
    values, brand, own_brand, series = _variant(leaf_index, variant)
    code = BRANDS[brand].code
    words = {**values, "bc": code, "brand": brand}
    article = leaf.article.format_map(words)
    if "{bc}" not in leaf.article and own_brand and brand != leaf.brands[0]:
        article = f"{code}-{article}"
    name = leaf.title.format_map(words)
    if series:
        article, name = f"{article}-{series + 1}", f"{name}, исп. {series + 1}"
    factor = values["k"] * (BRANDS[brand].factor if own_brand else 1.0)
    return article, name, brand, words, factor


def _price_unit(rng: random.Random, units: list[tuple[str, int]]) -> tuple[str, int] | None:
    """A quarter of the products sold in packs have their wholesale prices quoted per pack."""
    if units and units[0][0] in ("упак", "кор") and rng.random() < 0.25:
        return units[0]
    return None


@cache
def _cycle() -> tuple[tuple[int, int], ...]:
    """One round over the leaves: (leaf, how many places of this leaf came before)."""
    return tuple((index, j) for index, leaf in enumerate(LEAVES) for j in range(leaf.weight))


def _place(number: int) -> tuple[int, int]:
    """The leaf of product `number` and which of the leaf's products it is."""
    cycle = _cycle()
    rounds, position = divmod(number, len(cycle))
    leaf_index, before = cycle[position]
    return leaf_index, rounds * LEAVES[leaf_index].weight + before


@cache
def _order(leaf_index: int) -> list[int]:
    order = list(range(LEAVES[leaf_index].size))
    random.Random(f"leaf-{leaf_index}").shuffle(order)
    return order


def _variant(leaf_index: int, variant: int) -> tuple[Values, str, bool, int]:
    """The values of a leaf's variant, its brand, whether the brand is one of the leaf's
    makers (not a value of an axis), and how many times the family has gone round."""
    leaf = LEAVES[leaf_index]
    order = _order(leaf_index)
    series, combination = divmod(variant, len(order))
    combination = order[combination]
    brand_index = 0
    if leaf.brands:
        combination, brand_index = divmod(combination, len(leaf.brands))
    values: Values = {}
    k = 1.0
    for options in leaf.axes:
        combination, choice = divmod(combination, len(options))
        values.update(options[choice])
        k *= options[choice].get("k", 1.0)
    values["k"] = k
    if "brand" in values:
        return values, values["brand"], False, series
    return values, leaf.brands[brand_index], True, series


def _coefficient(coefficient: Coefficient, values: Values) -> int:
    if isinstance(coefficient, int):
        return coefficient
    if isinstance(coefficient, str):
        return int(values[coefficient])
    key, times = coefficient
    return int(values[key]) * times


def _order_rules(rng: random.Random, leaf: Leaf, units: dict[str, int]) -> tuple[float, float]:
    """Multiplicity and minimum order of a product, in base units."""
    multiplicity = 0
    if isinstance(leaf.multiple, int):
        multiplicity = leaf.multiple
    elif leaf.multiple in units and rng.random() < leaf.multiple_share:
        multiplicity = units[leaf.multiple]
    minimum = leaf.minimum if leaf.minimum and not multiplicity and rng.random() < 0.3 else 0
    return multiplicity, minimum


def _retail(rubles: float) -> int:
    """Kopecks, rounded the way a price list shows them: kopecks below 100 ₽, tens of
    kopecks below 1,000 ₽, whole rubles above."""
    kopecks = rubles * 100
    step = 1 if rubles < 100 else 10 if rubles < 1000 else 100
    return max(1, round(kopecks / step) * step)


def _vat(rng: random.Random) -> str:
    draw = rng.random()
    return "22" if draw < 0.9 else "10" if draw < 0.96 else "none"


def ean13(first12: str) -> str:
    """The 12 digits with the EAN-13 check digit appended."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return first12 + str((10 - total % 10) % 10)


def _barcodes(rng: random.Random, number: int, gs1: str) -> list[str]:
    # Multiplying by a number prime to 10 spreads the serials and keeps them unique.
    codes = [ean13(f"{gs1}{(number * 7919 + 104729) % 10**9:09d}")]
    if rng.random() < 0.45:
        # The company's own label: 2xx prefixes are for use inside a company.
        codes.append(ean13(f"2{number:011d}"))
    return codes


def _stock(rng: random.Random, product: ProductPlan, unit: str) -> None:
    """Free and reserved stock at every warehouse (most warehouses hold nothing of most
    products) and goods on their way."""
    step = product.multiplicity or 1
    for warehouse, spec in enumerate(WAREHOUSES):
        if rng.random() >= spec.stocked:
            product.stock.append((0, 0))
            continue
        free = _quantity(rng, product.retail, step, unit, times=3 if warehouse == 0 else 1)
        reserved = 0.0
        if rng.random() < 0.15:
            reserved = _round(free * rng.uniform(0.05, 0.3), step, unit)
        product.stock.append((free, reserved))
    if rng.random() < 0.07:
        for _ in range(rng.randint(1, 2)):
            warehouse = 0 if rng.random() < 0.5 else rng.randrange(len(WAREHOUSES))
            quantity = _quantity(rng, product.retail, step, unit, times=2)
            product.transit.append((warehouse, quantity, rng.randint(2, 45)))


def _quantity(rng: random.Random, retail: int, step: float, unit: str, times: int) -> float:
    """Stock worth 5,000–300,000 ₽ at retail, in whole steps."""
    worth = math.exp(rng.uniform(math.log(5_000), math.log(300_000))) * times
    return max(step, _round(worth * 100 / retail, step, unit))


def _round(quantity: float, step: float, unit: str) -> float:
    if unit == "кг":
        return round(quantity, 1)
    return max(0, int(quantity // step) * step)
