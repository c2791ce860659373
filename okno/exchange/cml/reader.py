"""The streaming reader of CommerceML files: `records_read` yields the records of
`records.py` in file order, holding in memory only the object being read.

lxml's `iterparse` hands over only the elements the reader acts on (sections, owners and
the objects of long lists — tags matched by local name in any namespace); each object is
built when its end tag is read, then cleared and dropped with its earlier siblings, so
memory stays flat whatever the file's size. No DTD, entity or network access: a DOCTYPE is
refused before parsing starts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from lxml import etree

from okno.exchange.cml.catalog import ProductsKnown
from okno.exchange.cml.dispatch import SECTIONS, ObjectReader
from okno.exchange.cml.locate import Locator, encoding_detect, position_locate
from okno.exchange.cml.offers import OffersKnown
from okno.exchange.cml.records import (
    CmlError,
    CounterpartyRecord,
    DocumentRecord,
    FileCounts,
    GroupRecord,
    OfferRecord,
    Position,
    PriceTypeRecord,
    ProductRecord,
    PropertyRecord,
    Record,
    UnitRecord,
    WarehouseRecord,
)
from okno.exchange.cml.skipping import SplicedStream
from okno.exchange.cml.values import local_name

__all__ = ["file_counts", "position_locate", "records_read"]

_TAGS = (
    "КоммерческаяИнформация",
    *SECTIONS,
    "Владелец",
    "Группа",
    "Свойство",
    "СвойствоНоменклатуры",
    "ТипЦены",
    "Склады",
    "ЕдиницаИзмерения",
    "Товар",
    "Предложение",
    "Контрагент",
    "Документ",
    "Контейнер",
)
_FILTER = [f"{{*}}{tag}" for tag in _TAGS]
_HEAD_BYTES = 1 << 16


def records_read(
    source: BinaryIO,
    *,
    name: str,
    skip: int = 0,
    offers_known: OffersKnown | None = None,
    products_known: ProductsKnown | None = None,
) -> Iterator[Record]:
    """Yields the records of the CommerceML file `source` (bytes) in file order; `name` is
    the file's name in positions. The first `skip` object records (all but FileHeader,
    SectionStart and Owner) are passed over without being built: an import resumes from its
    checkpoint so (thousands of products or offers of a seekable file are not even parsed:
    see skipping.py). Raises CmlError for malformed XML, a DOCTYPE, an unknown root element or
    an impossible number, at the node's line and column. Records carry `column=0`: a
    message about one of them gets its column from `position_locate`. With `offers_known`,
    offers carry their element's digest, and those it says the catalog holds already come
    without prices and stock (see `offer_build`); with `products_known`, products carry it
    too, and those held already come with their id alone (see `product_build`)."""
    head, encoding = _prolog_check(source, name=name)
    stream = SplicedStream(head, source, encoding=encoding)
    reader = ObjectReader(
        locator=Locator(name=name, source=source, encoding=encoding),
        skip=skip,
        offers_properties=name.rpartition("/")[2].startswith("propertiesOffers"),
        stream=stream,
        offers_known=offers_known,
        products_known=products_known,
    )
    events = etree.iterparse(
        stream,
        events=("start", "end"),
        tag=_FILTER,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        for event, element in events:
            if event == "start":
                yield from reader.started(element)
            else:
                yield from reader.ended(element)
        yield from reader.left_out_rest()
    except etree.XMLSyntaxError as error:
        last = events.error_log.last_error
        yield from reader.left_out_before_fault(error, last)
        raise reader.syntax_error(error, last) from None
    if not reader.root_seen:
        root = events.root
        raise CmlError(
            Position(name, root.sourceline or 1, 1, "/" + local_name(root.tag)),
            f"unknown root element '{local_name(root.tag)}'",
        )


def file_counts(source: BinaryIO, *, name: str) -> FileCounts:
    """How many groups, properties, price types, warehouses, units, products, offers,
    prices, stock rows, counterparties and documents the file holds."""
    counts = FileCounts()
    for record in records_read(source, name=name):
        kind = _COUNTED.get(type(record))
        if kind is not None:
            setattr(counts, kind, getattr(counts, kind) + 1)
        if isinstance(record, OfferRecord):
            counts.prices += len(record.prices or ())
            counts.stocks += len(record.stocks or ())
    return counts


_COUNTED: dict[type, str] = {
    GroupRecord: "groups",
    PropertyRecord: "properties",
    PriceTypeRecord: "price_types",
    WarehouseRecord: "warehouses",
    UnitRecord: "units",
    ProductRecord: "products",
    OfferRecord: "offers",
    CounterpartyRecord: "counterparties",
    DocumentRecord: "documents",
}


_PROLOG_ITEM = re.compile(r"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
_ROOT = re.compile(r"<([\w.:-]+)")
_KNOWN_ROOTS = {"КоммерческаяИнформация", *SECTIONS}


def _prolog_check(source: BinaryIO, *, name: str) -> tuple[bytes, str]:
    """Reads the file's first bytes: its encoding (BOM, then the XML declaration), and
    refuses a DOCTYPE (entities, external DTDs) or a root that is not CommerceML."""
    head = source.read(_HEAD_BYTES)
    encoding = encoding_detect(head)
    text = head.decode(encoding, errors="replace").lstrip("\ufeff")
    offset = 0
    while match := _PROLOG_ITEM.match(text, offset):
        if match.end() == offset:
            break
        offset = match.end()
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    if text.startswith("<!DOCTYPE", offset):
        raise CmlError(Position(name, line, column, "/"), "DOCTYPE is not allowed")
    root = _ROOT.match(text, offset)
    if root is not None:
        root_name = root[1].rpartition(":")[2]
        if root_name not in _KNOWN_ROOTS:
            raise CmlError(
                Position(name, line, column, f"/{root_name}"),
                f"unknown root element '{root_name}'",
            )
    return head, encoding
