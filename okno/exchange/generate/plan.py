"""What a generated catalog holds, derived from the seed alone: every id, name, price and
stock is a pure function of (seed, kind of object, index, revision), so the same
specification always gives the same bytes, ids stay the same across runs and a changed
object differs only in what a new revision in 1C would change."""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass, field
from datetime import datetime

MASK = (1 << 64) - 1
# Kinds of derived values; each keeps its own stream of numbers.
GROUP, PROPERTY, VALUE, PRICE_TYPE, WAREHOUSE, PRODUCT, VARIANT = range(1, 8)
MANUFACTURER, CHANGED, HAS_VARIANTS, PRICE, STOCK, DETAIL, FILE = range(8, 15)
VARIANTS_PER_PRODUCT = 3
SIZES = ("S", "M", "L")
MANUFACTURERS = 40
PROPERTIES_PER_PRODUCT = 8
PACKAGE_COEFFICIENTS = (6, 10, 12, 20, 24)
VAT_RATES = ("22", "22", "22", "22", "22", "22", "22", "10", "10", "Без налога")
NOUNS = (
    "Кабель",
    "Выключатель",
    "Розетка",
    "Лампа",
    "Труба",
    "Саморез",
    "Болт",
    "Перчатки",
    "Краска",
    "Герметик",
    "Светильник",
    "Удлинитель",
)
ADJECTIVES = (
    "силовой",
    "накладной",
    "усиленный",
    "светодиодный",
    "оцинкованный",
    "строительный",
    "влагостойкий",
    "универсальный",
)
GROUP_WORDS = ("Электрика", "Сантехника", "Крепёж", "Инструмент", "Отделка", "Свет", "Сад")
PROPERTY_NAMES = (
    "Цвет",
    "Материал",
    "Страна происхождения",
    "Мощность, Вт",
    "Длина, м",
    "Класс защиты",
    "Серия",
    "Гарантия, мес",
    "Напряжение, В",
    "Сечение, мм²",
)


def mix(*parts: int) -> int:
    """A 64-bit hash of the integers (splitmix64 steps): cheap, stable across runs and
    platforms, unlike `hash()`."""
    x = 0x9E3779B97F4A7C15
    for part in parts:
        x = ((x ^ part) * 0xBF58476D1CE4E5B9) & MASK
        x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK
        x ^= x >> 31
    return x


def share(*parts: int) -> float:
    """A number in [0, 1) derived from the integers."""
    return mix(*parts) / (MASK + 1)


def guid(seed: int, kind: int, index: int) -> str:
    """A 1C-style `Ид` for the object."""
    return str(uuid.UUID(int=(mix(seed, kind, index, 1) << 64) | mix(seed, kind, index, 2)))


def version_stamp(seed: int, kind: int, index: int, revision: int) -> str:
    """`НомерВерсии` as 1C writes it: eight bytes in base64, new with each revision."""
    number = mix(seed, kind, index) & 0xFFFFFFFF
    return base64.b64encode(((number << 8) + revision).to_bytes(8, "big")).decode()


@dataclass(frozen=True)
class CatalogSpec:
    """What to generate. `characteristics` is the share of products sold in three sizes
    (offers `product#variant`); `changed` the share of products at their next revision
    (new name, version, prices and stock); with `only_changed` the catalog and offers
    carry just those, marked `СодержитТолькоИзменения` — a partial exchange."""

    products: int = 200_000
    groups: int = 300
    properties: int = 50
    price_types: int = 20
    warehouses: int = 10
    characteristics: float = 0.0
    changed: float = 0.0
    only_changed: bool = False
    seed: int = 1
    # 1C writes its local time without an offset.
    generated_at: datetime = datetime(2026, 1, 15, 10, 0, 0)
    version: str = "2.07"
    group_depth: int = 3

    def revision(self, index: int) -> int:
        """1 for a product at its next revision, else 0."""
        return int(share(self.seed, CHANGED, index) < self.changed)

    def variants(self, index: int) -> int:
        """How many characteristics the product is sold in (0: sold as itself)."""
        return VARIANTS_PER_PRODUCT * int(
            share(self.seed, HAS_VARIANTS, index) < self.characteristics
        )

    def included(self, index: int) -> bool:
        return not self.only_changed or self.revision(index) == 1


@dataclass(frozen=True)
class Group:
    external_id: str
    name: str
    index: int
    children: list[Group] = field(default_factory=list)


def group_tree(spec: CatalogSpec) -> tuple[list[Group], list[str]]:
    """`spec.groups` groups nested `group_depth` deep (about a thirtieth at the top, five
    children each below, the rest on the lowest level), and the ids of the groups that
    have no children, which products belong to."""
    sizes = _level_sizes(spec.groups, spec.group_depth)
    levels: list[list[Group]] = []
    index = 0
    for depth, size in enumerate(sizes):
        level = []
        for position in range(size):
            word = GROUP_WORDS[index % len(GROUP_WORDS)]
            name = f"{word} {depth + 1}.{position + 1}"
            group = Group(guid(spec.seed, GROUP, index), name, index)
            if levels:
                parents = levels[-1]
                parents[position % len(parents)].children.append(group)
            level.append(group)
            index += 1
        levels.append(level)
    leaves = [group.external_id for level in levels for group in level if not group.children]
    return (levels[0] if levels else []), leaves


def _level_sizes(total: int, depth: int) -> list[int]:
    sizes: list[int] = []
    left = total
    for level in range(depth):
        if left <= 0:
            break
        if level == depth - 1:
            size = left
        elif level == 0:
            size = max(1, total // 30)
        else:
            size = min(left, sizes[-1] * 5)
        sizes.append(size)
        left -= size
    return sizes


@dataclass(frozen=True)
class Property:
    """A classifier property: `Справочник` ones have an enumeration of `ИдЗначения`."""

    external_id: str
    name: str
    value_type: str
    values: tuple[tuple[str, str], ...]


def properties(spec: CatalogSpec) -> list[Property]:
    found = []
    for index in range(spec.properties):
        base = PROPERTY_NAMES[index % len(PROPERTY_NAMES)]
        name = base if index < len(PROPERTY_NAMES) else f"{base} ({index // len(PROPERTY_NAMES)})"
        kind = ("Справочник", "Справочник", "Справочник", "Строка", "Число")[index % 5]
        values: tuple[tuple[str, str], ...] = ()
        if kind == "Справочник":
            count = 4 + index % 12
            values = tuple(
                (guid(spec.seed, VALUE, index * 1000 + number), f"{base}: вариант {number + 1}")
                for number in range(count)
            )
        found.append(Property(guid(spec.seed, PROPERTY, index), name, kind, values))
    return found


def price_types(spec: CatalogSpec) -> list[tuple[str, str]]:
    names = ("Розничная", "Оптовая", "Дилерская", "Закупочная")
    return [
        (
            guid(spec.seed, PRICE_TYPE, index),
            names[index] if index < len(names) else f"Типовое соглашение {index - len(names) + 1}",
        )
        for index in range(spec.price_types)
    ]


def warehouses(spec: CatalogSpec) -> list[tuple[str, str]]:
    return [
        (guid(spec.seed, WAREHOUSE, index), f"Склад № {index + 1}")
        for index in range(spec.warehouses)
    ]


def manufacturer(spec: CatalogSpec, index: int) -> tuple[str, str]:
    number = mix(spec.seed, MANUFACTURER, index) % MANUFACTURERS
    return guid(spec.seed, MANUFACTURER, number), f"ООО «Производитель {number + 1}»"


def ean13(number: int) -> str:
    """A valid EAN-13 in the in-store range 20–29, as 1C generates for its own goods."""
    body = f"2{number % 10**11:011d}"
    total = sum(int(digit) * (3 if position % 2 else 1) for position, digit in enumerate(body))
    return body + str((10 - total % 10) % 10)


def money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def offer_number(index: int, variant: int) -> int:
    """A number per offer: the product's own offer, or one of its characteristics (1…)."""
    return index * (VARIANTS_PER_PRODUCT + 1) + variant


def price_cents(spec: CatalogSpec, offer: int, price_type: int, revision: int) -> int:
    """An offer's price in kopecks at a price type: each type a percent below the last;
    a new revision is 7 % dearer."""
    base = 5_000 + mix(spec.seed, PRICE, offer) % 5_000_000
    if revision:
        base = base * 107 // 100
    return base * (100 - price_type % 50) // 100


def stock(spec: CatalogSpec, offer: int, warehouse: int, revision: int) -> int:
    """Stock of an offer at a warehouse; about a quarter of them are out of stock."""
    quantity = mix(spec.seed, STOCK, offer, warehouse, revision) % 160
    return 0 if quantity < 40 else quantity - 40
