"""How a leaf group of the demo catalog describes the products in it.

A leaf is a family of products that differ along a few axes (diameter × length ×
coating, cores × section, …) and by brand. Every combination of one value of each axis
and one brand is a product; its article, name and property values are format strings
over the chosen values, and its retail price is the leaf's price times the `k` factor
of every chosen value and the brand's factor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Values = dict[str, Any]
# A packaging unit's coefficient: a number, the key of a value holding it, or (key, factor).
Coefficient = int | str | tuple[str, int]


def axis(keys: str, *rows: Any) -> tuple[Values, ...]:
    """`axis("d dd k", ("4,8", "4.8", 1.0), …)` → one dict per row, by the keys; a row may
    also be a value of another axis, taken as it is."""
    names = keys.split()
    values = []
    for row in rows:
        if isinstance(row, dict):  # a value taken over from another axis
            values.append(row)
            continue
        cells = row if isinstance(row, tuple) else (row,)
        if len(cells) != len(names):
            raise ValueError(f"{row!r} does not match {keys!r}")
        values.append(dict(zip(names, cells, strict=True)))
    return tuple(values)


@dataclass(frozen=True)
class Leaf:
    """A leaf group and the product family in it.

    `brands` are the brands making the family; an axis value with a "brand" key names
    the brand itself (a model line of one maker) and then `brands` stays empty.
    `multiple`: the unit whose coefficient is the multiplicity of a `multiple_share` of the
    products (sold only in whole packs), or a fixed multiplicity of every product (cable
    channel in 2 m lengths). `minimum`: the minimum order of some of the products.
    """

    name: str
    article: str
    title: str
    axes: tuple[tuple[Values, ...], ...]
    price: float
    brands: tuple[str, ...] = ()
    unit: str = "шт"
    packs: tuple[tuple[str, Coefficient], ...] = ()
    props: tuple[tuple[str, str], ...] = ()
    weight: int = 1
    multiple: str | int = 0
    multiple_share: float = 0.4
    minimum: int = 0

    @property
    def size(self) -> int:
        """How many distinct products the family has before variants repeat."""
        size = max(1, len(self.brands))
        for values in self.axes:
            size *= len(values)
        return size


Branch = tuple[str, tuple[Leaf, ...]]
Top = tuple[str, tuple[Branch, ...]]
