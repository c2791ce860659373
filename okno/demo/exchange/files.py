"""Small CommerceML 2.08 files as 1C:УТ 11 sends them, written from a few products of the
demo catalog: their groups with the groups above them, the products, and their prices and
stock. Both files say they carry changes only, so importing them again archives nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from lxml import etree

from okno.catalog.models import Price, PriceType, Product, ProductGroup, Stock, Warehouse

NAMESPACE = "urn:1C.ru:commerceml_2"
VERSION = "2.08"
# The demo 1C's catalog and classifier: fixed ids, as a real 1C keeps them between exchanges.
CLASSIFIER_ID = "7f6d4c52-5a1e-4c3b-9a0e-2d9b1f3c8e01"
CATALOG_ID = "7f6d4c52-5a1e-4c3b-9a0e-2d9b1f3c8e02"
OWNER_ID = "7f6d4c52-5a1e-4c3b-9a0e-2d9b1f3c8e00"
# A price type this 1C does not know: what a price type deleted in 1C leaves in old offers.
UNKNOWN_PRICE_TYPE = "a4f1c2de-0b7e-4f1a-8c3d-5e6f7a8b9c0d"


@dataclass(frozen=True)
class DemoFiles:
    """The bytes of the two files and how many objects each holds."""

    products: bytes
    offers: bytes
    product_count: int
    group_count: int
    price_count: int
    failure: str = ""  # what the importer says of the broken offers


def external_ids_ensure() -> None:
    """Give the demo's price types and warehouses the 1C ids the files refer to (the demo
    catalog is made without them), fixed by name so every run gives the same ones."""
    for model in (PriceType, Warehouse):
        for row in model.objects.filter(external_id__isnull=True):
            row.external_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"okno-demo/{row.name}"))
            row.save(update_fields=["external_id"])


def demo_files(*, products: list[Product], when: datetime, broken: bool = False) -> DemoFiles:
    """import0_1.xml and offers0_1.xml of `products`; `broken` puts into the offers a price
    of a price type the classifier does not have."""
    groups = _groups_with_ancestors(products)
    prices = list(
        Price.objects.filter(product__in=products, price_type__external_id__isnull=False)
        .select_related("price_type")
        .order_by("product_id", "price_type__id")
    )
    stock = list(
        Stock.objects.filter(product__in=products, warehouse__external_id__isnull=False)
        .select_related("warehouse")
        .order_by("product_id", "warehouse_id")
    )
    offers = _document(_offers(products, prices, stock, broken=broken), when=when)
    return DemoFiles(
        products=_document(_classifier(groups), _catalog(products), when=when),
        offers=offers,
        product_count=len(products),
        group_count=len(groups),
        price_count=len(prices) + int(broken),
        failure=_failure(offers) if broken else "",
    )


def _failure(offers: bytes) -> str:
    """`file:line:col /path: what` of the price of the unknown price type, as the importer
    reports an unknown reference."""
    root = etree.fromstring(offers)
    kind = next(e for e in root.iter(_q("ИдТипаЦены")) if e.text == UNKNOWN_PRICE_TYPE)
    price = kind.getparent()
    steps = []
    node = price
    while node is not None:
        parent = node.getparent()
        name = etree.QName(node).localname
        same = [] if parent is None else [c for c in parent if c.tag == node.tag]
        steps.append(f"{name}[{same.index(node) + 1}]" if len(same) > 1 else name)
        node = parent
    line = offers.split(b"\n")[price.sourceline - 1].decode()
    column = line.index("<") + 1
    path = "/" + "/".join(reversed(steps))
    what = f"unknown price type '{UNKNOWN_PRICE_TYPE[:8]}…'"
    return f"offers0_1.xml:{price.sourceline}:{column} {path}: {what}"


def _document(*sections: etree._Element, when: datetime) -> bytes:
    root = etree.Element(
        _q("КоммерческаяИнформация"),
        nsmap={None: NAMESPACE},
        ВерсияСхемы=VERSION,
        ДатаФормирования=timezone.localtime(when).strftime("%Y-%m-%dT%H:%M:%S"),
    )
    root.extend(sections)
    # 1C writes UTF-8 with a byte order mark.
    return b"\xef\xbb\xbf" + etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", pretty_print=True
    )


def _q(tag: str) -> str:
    return f"{{{NAMESPACE}}}{tag}"


def _add(parent: etree._Element, tag: str, text: str | None = None, **attributes) -> etree._Element:
    element = etree.SubElement(parent, _q(tag), **attributes)
    if text is not None:
        element.text = text
    return element


def _owner(parent: etree._Element) -> None:
    owner = _add(parent, "Владелец")
    _add(owner, "Ид", OWNER_ID)
    _add(owner, "Наименование", settings.OKNO_COMPANY_NAME)


def _groups_with_ancestors(products: list[Product]) -> dict[int, ProductGroup]:
    found: dict[int, ProductGroup] = {}
    wanted = {p.group_id for p in products if p.group_id}
    while wanted:
        rows = ProductGroup.objects.filter(pk__in=wanted, external_id__isnull=False)
        found.update({group.pk: group for group in rows})
        wanted = {g.parent_id for g in rows if g.parent_id and g.parent_id not in found}
    return found


def _classifier(groups: dict[int, ProductGroup]) -> etree._Element:
    classifier = etree.Element(_q("Классификатор"))
    _add(classifier, "Ид", CLASSIFIER_ID)
    _add(classifier, "Наименование", "Классификатор (Основной каталог товаров)")
    _owner(classifier)
    children: dict[int | None, list[ProductGroup]] = {}
    for group in sorted(groups.values(), key=lambda g: (g.sort, g.name)):
        parent = group.parent_id if group.parent_id in groups else None
        children.setdefault(parent, []).append(group)
    _group_level(_add(classifier, "Группы"), children, None)
    return classifier


def _group_level(parent: etree._Element, children: dict, parent_id: int | None) -> None:
    for group in children.get(parent_id, []):
        element = _add(parent, "Группа")
        _add(element, "Ид", group.external_id)
        _add(element, "Наименование", group.name)
        if group.pk in children:
            _group_level(_add(element, "Группы"), children, group.pk)


def _catalog(products: list[Product]) -> etree._Element:
    catalog = etree.Element(_q("Каталог"), СодержитТолькоИзменения="true")
    _add(catalog, "Ид", CATALOG_ID)
    _add(catalog, "ИдКлассификатора", CLASSIFIER_ID)
    _add(catalog, "Наименование", "Основной каталог товаров")
    _owner(catalog)
    goods = _add(catalog, "Товары")
    for product in products:
        item = _add(goods, "Товар")
        _add(item, "Ид", product.external_id)
        _add(item, "Артикул", product.article)
        _add(item, "Наименование", product.name)
        unit = product.base_unit
        _add(item, "БазоваяЕдиница", unit.short_name, Код=unit.code, НаименованиеПолное=unit.name)
        if product.group and product.group.external_id:
            _add(_add(item, "Группы"), "Ид", product.group.external_id)
        rate = _add(_add(item, "СтавкиНалогов"), "СтавкаНалога")
        _add(rate, "Наименование", "НДС")
        _add(rate, "Ставка", "Без налога" if product.vat_rate == "none" else product.vat_rate)
    return catalog


def _offers(products, prices, stock, *, broken: bool) -> etree._Element:
    package = etree.Element(_q("ПакетПредложений"), СодержитТолькоИзменения="true")
    _add(package, "Ид", f"{CATALOG_ID}#")
    _add(package, "Наименование", "Пакет предложений (Основной каталог товаров)")
    _add(package, "ИдКаталога", CATALOG_ID)
    _add(package, "ИдКлассификатора", CLASSIFIER_ID)
    _owner(package)
    kinds = _add(package, "ТипыЦен")
    for price_type in {price.price_type_id: price.price_type for price in prices}.values():
        kind = _add(kinds, "ТипЦены")
        _add(kind, "Ид", price_type.external_id)
        _add(kind, "Наименование", price_type.name)
        _add(kind, "Валюта", price_type.currency)
    warehouses = _add(package, "Склады")
    for warehouse in {row.warehouse_id: row.warehouse for row in stock}.values():
        place = _add(warehouses, "Склад")
        _add(place, "Ид", warehouse.external_id)
        _add(place, "Наименование", warehouse.name)
    offers = _add(package, "Предложения")
    for number, product in enumerate(products):
        offer = _add(offers, "Предложение")
        _add(offer, "Ид", product.external_id)
        _add(offer, "Артикул", product.article)
        _add(offer, "Наименование", product.name)
        _add(offer, "БазоваяЕдиница", product.base_unit.short_name, Код=product.base_unit.code)
        own = [price for price in prices if price.product_id == product.pk]
        if broken and number == len(products) - 1:
            own.append(Price(product=product, price=own[0].price if own else 0))
        _prices(_add(offer, "Цены"), own, unit=product.base_unit.short_name)
        for row in (row for row in stock if row.product_id == product.pk):
            _add(
                offer,
                "Склад",
                ИдСклада=row.warehouse.external_id,
                КоличествоНаСкладе=f"{row.free:f}",
            )
    return package


def _prices(parent: etree._Element, prices: list[Price], *, unit: str) -> None:
    for price in prices:
        element = _add(parent, "Цена")
        kind = price.price_type.external_id if price.price_type_id else UNKNOWN_PRICE_TYPE
        _add(element, "Представление", f"{price.price:f} RUB за {unit}")
        _add(element, "ИдТипаЦены", kind)
        _add(element, "ЦенаЗаЕдиницу", f"{price.price:f}")
        _add(element, "Валюта", "RUB")
        _add(element, "Единица", unit)
        _add(element, "Коэффициент", "1")
