"""What the CommerceML reader yields: one plain record per object of a 1C exchange file,
in file order, with where it was found. The reader is a pure function of the file's bytes;
the import services turn records into catalog, client and order rows.

Ids are 1C's `Ид` strings as sent (stripped); references between records are by those ids.
Numbers are `Decimal`; text is stripped of the padding 1C leaves (`Код="796 "`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import repeat
from operator import itemgetter
from typing import Any, NamedTuple


class Position(NamedTuple):
    """Where a node is: the file's name as 1C sent it, line and column of its start tag, and
    the XML path by local names with the element's ordinal among same-named siblings,
    e.g. `/КоммерческаяИнформация/ПакетПредложений/Предложения/Предложение[412]/Цены/Цена[2]`."""

    file: str
    line: int
    column: int
    path: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column} {self.path}"


class CmlError(Exception):
    """A problem in an exchange file, said with where it is. `str()` is the whole message:
    `offers0_1.xml:1843:7 /КоммерческаяИнформация/…/Цена[2]: unknown price type 'a4f…'`."""

    def __init__(self, position: Position | None, message: str) -> None:
        self.position = position
        self.message = message
        super().__init__(f"{position}: {message}" if position else message)

    def __reduce__(self):
        return CmlError, (self.position, self.message)


# --- The document and its sections -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileHeader:
    """The root element: `ВерсияСхемы`, `ДатаФормирования` (None when absent or unreadable)."""

    schema_version: str
    generated_at: dt.datetime | None
    position: Position


@dataclass(frozen=True, slots=True)
class SectionStart:
    """The start of `Классификатор`, `Каталог`, `ПакетПредложений` or `Контрагенты`.
    `only_changes` is `СодержитТолькоИзменения` (attribute or child element, wherever it
    is; None when the file does not say — a package file of the 2.09+ exchange). For the
    catalog and offers: `catalog_id`/`classifier_id` as the section names them. Because the
    element form of `СодержитТолькоИзменения` comes at the end of `Каталог` (2.03), the
    reader yields a second `SectionStart` with the same `kind` when it learns the value
    after the section's objects; the import applies the deactivation of a full exchange
    only at the end of the file, so the later value wins."""

    kind: str  # "classifier" | "catalog" | "offers" | "counterparties" | "documents"
    external_id: str
    name: str
    only_changes: bool | None
    catalog_id: str
    classifier_id: str
    position: Position


@dataclass(frozen=True, slots=True)
class Owner:
    """`Владелец` of the classifier or catalog: the company that sells."""

    external_id: str
    name: str
    official_name: str
    inn: str
    kpp: str
    address: str
    position: Position


# --- Classifier ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GroupRecord:
    """`Группа`, nested groups flattened: `parent_id` is the enclosing group's `Ид`, or ""."""

    external_id: str
    name: str
    parent_id: str
    version: str
    deleted: bool
    position: Position


@dataclass(frozen=True, slots=True)
class PropertyRecord:
    """`Свойство` (or 2.03's `СвойствоНоменклатуры`): its value type (`Строка`, `Число`,
    `Справочник`, `Дата`, as sent), whether a product may have several values, and for a
    `Справочник` its enumeration `ИдЗначения → Значение`. `for_offers` when it came from
    an offers/propertiesOffers file (a property of characteristics)."""

    external_id: str
    name: str
    value_type: str
    multiple: bool
    values: dict[str, str]
    for_offers: bool
    version: str
    deleted: bool
    position: Position


@dataclass(frozen=True, slots=True)
class PriceTypeRecord:
    """`ТипЦены`: currency (as sent, e.g. `RUB`, `руб`, `643`) and its tax: `vat_included`
    is `Налог/УчтеноВСумме` (True when absent — 1C's prices include VAT by default)."""

    external_id: str
    name: str
    currency: str
    vat_included: bool
    position: Position


@dataclass(frozen=True, slots=True)
class WarehouseRecord:
    """`Склад` of the classifier, of `ПакетПредложений/Склады` or of a storages file."""

    external_id: str
    name: str
    address: str
    deleted: bool
    position: Position


@dataclass(frozen=True, slots=True)
class UnitRecord:
    """A unit of measure: `ЕдиницаИзмерения` of the classifier, or a product's
    `БазоваяЕдиница` (`Код`, `НаименованиеПолное`, `МеждународноеСокращение` attributes,
    its text the short name). `external_id` may be "" (a product's base unit has none)."""

    external_id: str
    code: str
    short_name: str
    full_name: str
    international: str


# --- Catalog ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PackagingRecord:
    """`Пересчет`: `coefficient` base units in one `unit` (named by short name, code or id
    as the file has it)."""

    unit: str
    coefficient: Decimal


@dataclass(frozen=True, slots=True)
class PropertyValueRecord:
    """`ЗначенияСвойства`: the property's `Ид` and each `Значение` — an enumeration's
    `ИдЗначения` for a `Справочник` property, else the text. Several values for a
    multiple property."""

    property_id: str
    values: tuple[str, ...]


@dataclass(slots=True)  # not frozen, as `OfferRecord` is not: a re-sent file is mostly these
class ProductRecord:
    """`Товар` of `Каталог/Товары` (or a goods file). `external_id` is `Ид` as sent; when it
    has the form `guid#guid` the product is a variant (characteristic) of `guid`:
    `parent_id` is the part before `#`, else "". `vat_rate` is `СтавкаНалога/Ставка` as sent
    ("22", "20", "10", "0", "Без налога", "" when none). `requisites` are
    `ЗначенияРеквизитов` by name (ВидНоменклатуры, ТипНоменклатуры, Полное наименование,
    Вес, …; a repeated name keeps the first). `images` are `Картинка` paths relative to the
    exchange folder (`import_files/9d/….jpg`). `deleted` is `ПометкаУдаления` or
    `Статус=Удален`."""

    external_id: str
    parent_id: str
    article: str
    code: str
    name: str
    description: str
    base_unit: UnitRecord | None
    packaging: tuple[PackagingRecord, ...]
    group_ids: tuple[str, ...]
    barcodes: tuple[str, ...]
    manufacturer_id: str
    manufacturer_name: str
    properties: tuple[PropertyValueRecord, ...]
    vat_rate: str
    requisites: dict[str, str]
    images: tuple[str, ...]
    characteristics: tuple[tuple[str, str], ...]
    version: str
    deleted: bool
    position: Position
    # A digest of the element as the file writes it, when the reader was asked for one;
    # `known`: the catalog holds this very element already (and the product is on sale),
    # so the reader built nothing else (see `product_build`).
    digest: str = ""
    known: bool = False
    # Whether the element carries stock in any of its forms (known or not).
    stocked: bool = False

    def __reduce__(self):
        """A product the catalog holds as its digest (see `product_held`) pickled as its id,
        digest and place; any other as its fields (`_record_reduce`)."""
        held = (self.external_id, self.parent_id, self.position, self.digest)
        if self.known and self == product_held(*held):
            return product_held, held
        return _record_reduce(self)


def product_held(
    external_id: str, parent_id: str, position: Position, digest: str
) -> ProductRecord:
    """A product the catalog holds as `digest` says: its id alone."""
    return ProductRecord(
        external_id, parent_id, "", "", "", "", None, (), (), (), "", "", (), "", {}, (), (),
        "", False, position, digest, True,
    )  # fmt: skip


# --- Offers -------------------------------------------------------------------------------

# Named tuples made with `tuple.__new__`: their own `__new__` is a Python function, which
# costs more than the tuple itself when millions are made.
new_tuple = tuple.__new__


# Stock rows and the prices iterated are named tuples: an offers file holds millions of
# them, and a tuple is made in a third of the time of a frozen dataclass.
class PriceRecord(NamedTuple):
    """`Цена`: per `unit` (short name, code or "" for the base unit) holding `coefficient`
    base units (1 when absent); `line` and `ordinal` (from 1 among the offer's prices) say
    where it is, its path being the offer's (see `price_position`). `line` is 0 where the
    reader did not take it: the offer's line stands for it until a message is said."""

    price_type_id: str
    price: Decimal
    currency: str
    unit: str
    coefficient: Decimal
    line: int
    ordinal: int


@dataclass(slots=True, eq=False, repr=False)
class Prices:
    """An offer's `Цены`, a column per part of a price, in file order. An offers file holds
    millions of prices: the reader makes no object for each, and the importer reads the
    columns as they are. Iterating (or indexing) gives `PriceRecord`s.

    `values` and `coefficients` are plain decimal text (`1234.50`), a coefficient "" where
    none was sent; `units` are "" for the base unit. `lines` is None where the reader did
    not take each price's line — a message finds it from the offer's (`position_locate`)."""

    type_ids: list[str]
    values: list[str]
    currencies: list[str]
    units: list[str]
    coefficients: list[str]
    lines: list[int] | None = None

    @classmethod
    def of(cls, records: Iterable[PriceRecord]) -> Prices:
        records = list(records)
        return cls(
            [r.price_type_id for r in records],
            [str(r.price) for r in records],
            [r.currency for r in records],
            [r.unit for r in records],
            [str(r.coefficient) for r in records],
            [r.line for r in records],
        )

    def __len__(self) -> int:
        return len(self.type_ids)

    def __getitem__(self, index: int) -> PriceRecord:
        index = range(len(self))[index]
        return PriceRecord(
            self.type_ids[index],
            Decimal(self.values[index]),
            self.currencies[index],
            self.units[index],
            coefficient_of(self.coefficients[index]),
            0 if self.lines is None else self.lines[index],
            index + 1,
        )

    def __iter__(self) -> Iterator[PriceRecord]:
        return (self[index] for index in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Prices | tuple):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"Prices({list(self)!r})"

    def __reduce__(self):
        return Prices, (
            self.type_ids,
            self.values,
            self.currencies,
            self.units,
            self.coefficients,
            self.lines,
        )


ONE = Decimal(1)


def coefficient_of(text: str) -> Decimal:
    """A price's coefficient from its text: 1 where none (or zero) was sent."""
    if not text or text == "1":
        return ONE
    return Decimal(text) or ONE


def price_position(offer: Position, price: PriceRecord) -> Position:
    """Where an offer's price is: a path made only for a message, not for every price. A
    price read without its line has the offer's, and `position_locate` goes on from it."""
    return Position(
        offer.file, price.line or offer.line, 0, f"{offer.path}/Цены/Цена[{price.ordinal}]"
    )


class StockRecord(NamedTuple):
    """Stock at one warehouse: from `<Склад ИдСклада КоличествоНаСкладе/>` (2.07) or from
    `Остатки/Остаток/Склад/{Ид,Количество}` (2.09+ rests)."""

    warehouse_id: str
    quantity: Decimal


@dataclass(slots=True)
class OfferRecord:
    """`Предложение` of offers, prices or rests files; a file carries what it carries, so
    `prices` and `stocks` are None when the element has no `Цены` / no per-warehouse stock
    (an empty tuple means "sent, and empty"). `total_quantity` is a bare `Количество`
    (2.03–2.05 and 2.08 УНФ), or None.

    Not frozen, unlike the other records: a frozen dataclass sets each field through
    `object.__setattr__`, four times the cost of making the record, and a re-sent offers
    file makes little else (an offer left out unread is its id and digest alone)."""

    external_id: str
    parent_id: str
    article: str
    name: str
    prices: Prices | None
    stocks: tuple[StockRecord, ...] | None
    total_quantity: Decimal | None
    characteristics: tuple[tuple[str, str], ...]
    properties: tuple[PropertyValueRecord, ...]
    version: str
    deleted: bool
    position: Position
    # A digest of the element as the file writes it, when the reader was asked for one;
    # `known`: the catalog already holds this very element's prices and stock, so the
    # reader did not read them (`prices`, `stocks`, `total_quantity` None).
    digest: str = ""
    known: bool = False
    # Whether the element carries stock in any of its forms (known or not).
    stocked: bool = False

    def __reduce__(self):
        """Pickled with its numbers as text and its stock as plain tuples: the offers a
        reading process sends cost a sixth of pickling the records as they are (a `Decimal`
        or a named tuple is pickled as a call of its class); its prices are columns. An
        offer left out unread as the five fields `offer_held` makes it of."""
        held = (self.external_id, self.parent_id, self.position, self.digest, self.stocked)
        if self.known and self == offer_held(*held):
            return offer_held, held
        stocks = None
        if self.stocks is not None:
            places = list(map(_PLACE, self.stocks))
            stocks = (places, list(map(str, map(_QUANTITY, self.stocks))))
        fields = [getattr(self, name) for name in _OFFER_FIELDS]
        return _offer_unpickle, (self.prices, stocks, _decimal_text(self.total_quantity), fields)


_PLACE, _QUANTITY = itemgetter(0), itemgetter(1)
_OFFER_FIELDS = tuple(
    name
    for name in OfferRecord.__dataclass_fields__
    if name not in ("prices", "stocks", "total_quantity")
)


def _decimal_text(number: Decimal | None) -> str | None:
    return None if number is None else str(number)


def stock_records(warehouse_ids: Iterable[str], quantities: Iterable[str]) -> tuple:
    """`StockRecord`s of warehouse ids and quantities as plain decimal text. Made by
    `map` over `tuple.__new__` (not the named tuple's own `__new__`, a Python function)
    and `Decimal`, with no Python code run for each: a rests file holds millions."""
    pairs = zip(warehouse_ids, map(Decimal, quantities), strict=True)
    return tuple(map(new_tuple, repeat(StockRecord), pairs))


def offer_held(
    external_id: str, parent_id: str, position: Position, digest: str, stocked: bool
) -> OfferRecord:
    """An offer left out unread: what it sends held as `digest` says."""
    return OfferRecord(
        external_id, parent_id, "", "", None, None, None, (), (), "", False, position, digest,
        True, stocked,
    )  # fmt: skip


def _offer_unpickle(
    prices: Prices | None, stocks: tuple[list, list] | None, total: str | None, fields: list
) -> OfferRecord:
    made_stocks = None if stocks is None else stock_records(*stocks)
    total_quantity = None if total is None else Decimal(total)
    head, tail = fields[:4], fields[4:]
    return OfferRecord(*head, prices, made_stocks, total_quantity, *tail)  # type: ignore[call-arg, misc]


# --- Counterparties and documents ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BankAccountRecord:
    account: str
    bank_name: str
    bik: str
    correspondent_account: str


@dataclass(frozen=True, slots=True)
class CounterpartyRecord:
    """`Контрагент` of a counterparties file or of a document. `addresses` are
    (kind, presentation) with kind the element's local name (`АдресРегистрации`,
    `ЮридическийАдрес`, `Адрес`); `contacts` are (type, value) as sent."""

    external_id: str
    name: str
    full_name: str
    role: str
    inn: str
    kpp: str
    okpo: str
    bank_accounts: tuple[BankAccountRecord, ...]
    addresses: tuple[tuple[str, str], ...]
    contacts: tuple[tuple[str, str], ...]
    version: str
    deleted: bool
    position: Position


@dataclass(frozen=True, slots=True)
class DocumentLineRecord:
    """`Товар` of a document: 1C's product id, quantity in `unit` with `coefficient`, the
    price (`ЦенаЗаЕдиницу` or 2.09's `Цена`), the sum and the line's requisites."""

    product_id: str
    article: str
    name: str
    unit: str
    coefficient: Decimal
    quantity: Decimal
    price: Decimal | None
    amount: Decimal | None
    vat_rate: str
    vat_amount: Decimal | None
    requisites: dict[str, str]
    position: Position


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """`Документ` (or 3.1's `Контейнер/Документ`) sent by 1C: an order and what 1C knows of
    it. `external_id` is our order's id as we exported it (or 1C's own for an order made in
    1C); `number_1c`/`date_1c` from `Номер1С`/`Дата1С` or the «Номер по 1С»/«Дата по 1С»
    requisites; `requisites` by name (Проведен, Отменен, Статус заказа, Статуса заказа ИД,
    Номер оплаты по 1С, Дата оплаты по 1С, Номер отгрузки по 1С, Дата отгрузки по 1С,
    ПометкаУдаления, …)."""

    external_id: str
    number: str
    date: dt.date | None
    time: str
    operation: str
    role: str
    currency: str
    amount: Decimal | None
    number_1c: str
    date_1c: dt.date | None
    counterparties: tuple[CounterpartyRecord, ...]
    warehouse_ids: tuple[str, ...]
    lines: tuple[DocumentLineRecord, ...]
    comment: str
    requisites: dict[str, str]
    version: str
    deleted: bool
    position: Position


Record = (
    FileHeader
    | SectionStart
    | Owner
    | GroupRecord
    | PropertyRecord
    | PriceTypeRecord
    | WarehouseRecord
    | UnitRecord
    | ProductRecord
    | OfferRecord
    | CounterpartyRecord
    | DocumentRecord
)


def _record_reduce(record: Any) -> tuple:
    """A record pickled as its class called with its fields: what a reading process sends.
    Python pickles a slotted dataclass by a state it builds with `fields()` for every
    object, twice the cost of the record itself."""
    return type(record), tuple([getattr(record, name) for name in record.__slots__])


for _record in (
    FileHeader,
    SectionStart,
    Owner,
    GroupRecord,
    PropertyRecord,
    PriceTypeRecord,
    WarehouseRecord,
    UnitRecord,
    PackagingRecord,
    PropertyValueRecord,
    BankAccountRecord,
    CounterpartyRecord,
    DocumentLineRecord,
    DocumentRecord,
):
    _record.__reduce__ = _record_reduce  # type: ignore[method-assign, assignment]


@dataclass(slots=True)
class FileCounts:
    """How many of each object a file holds, by the reader's count (the tests check it
    against an independent count of the XML)."""

    groups: int = 0
    properties: int = 0
    price_types: int = 0
    warehouses: int = 0
    units: int = 0
    products: int = 0
    offers: int = 0
    prices: int = 0
    stocks: int = 0
    counterparties: int = 0
    documents: int = 0
    extra: dict[str, int] = field(default_factory=dict)
