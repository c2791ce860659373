"""Records of the classifier, the catalog and the offers, built from one complete element."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from lxml import etree

from okno.exchange.cml.locate import Locator
from okno.exchange.cml.records import (
    ONE,
    GroupRecord,
    PackagingRecord,
    Position,
    PriceTypeRecord,
    ProductRecord,
    PropertyRecord,
    PropertyValueRecord,
    UnitRecord,
    WarehouseRecord,
    product_held,
)
from okno.exchange.cml.unchanged import span_digest
from okno.exchange.cml.values import (
    children_by_name,
    children_named,
    flag_parse,
    local_name,
    number_parse,
    text_of,
)


def number_of(locator: Locator, element: etree._Element | None) -> Decimal | None:
    """The element's number; None when the element is absent or empty."""
    if element is None:
        return None
    text = text_of(element)
    if not text:
        return None
    try:
        return number_parse(text)
    except ValueError:
        raise locator.error(element, f"impossible number '{text}'") from None


def deleted_of(element: etree._Element, parts: dict[str, etree._Element]) -> bool:
    """`ПометкаУдаления=true`, or `Статус=Удален` as attribute or element."""
    if flag_parse(text_of(parts.get("ПометкаУдаления"))):
        return True
    status = element.get("Статус") or text_of(parts.get("Статус"))
    return status.strip() == "Удален"


def parent_of(external_id: str) -> str:
    """`guid#guid` names a characteristic of the product `guid`."""
    parent, mark, own = external_id.partition("#")
    return parent if mark and own and parent else ""


def groups_nested(
    top: etree._Element, *, path: str, parent_id: str = ""
) -> list[tuple[str, etree._Element, str]]:
    """The group and its nested groups in file order, as (path, element, parent id)."""
    found = [(path, top, parent_id)]
    own_id = text_of(children_by_name(top).get("Ид"))
    for nested in children_named(top, "Группы"):
        for ordinal, group in enumerate(children_named(nested, "Группа"), 1):
            found += groups_nested(group, path=f"{path}/Группы/Группа[{ordinal}]", parent_id=own_id)
    return found


def group_build(
    element: etree._Element, *, locator: Locator, path: str, parent_id: str
) -> GroupRecord:
    parts = children_by_name(element)
    return GroupRecord(
        external_id=text_of(parts.get("Ид")),
        name=text_of(parts.get("Наименование")),
        parent_id=parent_id,
        version=text_of(parts.get("НомерВерсии")),
        deleted=deleted_of(element, parts),
        position=locator.position(element, path),
    )


def property_build(
    element: etree._Element, *, locator: Locator, path: str, for_offers: bool
) -> PropertyRecord:
    """`Свойство`/`СвойствоНоменклатуры` with its enumeration (`ВариантыЗначений`)."""
    parts = children_by_name(element)
    values: dict[str, str] = {}
    variants = parts.get("ВариантыЗначений")
    for variant in variants if variants is not None else ():
        if local_name(variant.tag) == "Справочник":
            variant_parts = children_by_name(variant)
            value = text_of(variant_parts.get("Значение"))
            values[text_of(variant_parts.get("ИдЗначения")) or value] = value
        elif local_name(variant.tag) == "Значение" and text_of(variant):
            values[text_of(variant)] = text_of(variant)
    return PropertyRecord(
        external_id=text_of(parts.get("Ид")),
        name=text_of(parts.get("Наименование")),
        value_type=text_of(parts.get("ТипЗначений")) or ("Справочник" if values else ""),
        multiple=flag_parse(text_of(parts.get("Множественное"))),
        values=values,
        for_offers=for_offers or flag_parse(text_of(parts.get("ДляПредложений"))),
        version=text_of(parts.get("НомерВерсии")),
        deleted=deleted_of(element, parts),
        position=locator.position(element, path),
    )


def price_type_build(element: etree._Element, *, locator: Locator, path: str) -> PriceTypeRecord:
    parts = children_by_name(element)
    tax = parts.get("Налог")
    included = children_by_name(tax).get("УчтеноВСумме") if tax is not None else None
    return PriceTypeRecord(
        external_id=text_of(parts.get("Ид")),
        name=text_of(parts.get("Наименование")),
        currency=text_of(parts.get("Валюта")),
        vat_included=flag_parse(text_of(included)) if text_of(included) else True,
        position=locator.position(element, path),
    )


def warehouse_build(element: etree._Element, *, locator: Locator, path: str) -> WarehouseRecord:
    parts = children_by_name(element)
    return WarehouseRecord(
        external_id=text_of(parts.get("Ид")),
        name=text_of(parts.get("Наименование")),
        address=address_text(parts.get("Адрес")),
        deleted=deleted_of(element, parts),
        position=locator.position(element, path),
    )


def address_text(element: etree._Element | None) -> str:
    """An address's `Представление`, else its fields joined, else its own text."""
    if element is None:
        return ""
    parts = children_by_name(element)
    if text_of(parts.get("Представление")):
        return text_of(parts.get("Представление"))
    fields = [
        text_of(children_by_name(field).get("Значение"))
        for field in children_named(element, "АдресноеПоле")
    ]
    return ", ".join(value for value in fields if value) or text_of(element)


def unit_build(element: etree._Element) -> UnitRecord:
    """`ЕдиницаИзмерения` of the classifier or a units file."""
    parts = children_by_name(element)
    return UnitRecord(
        external_id=text_of(parts.get("Ид")),
        code=text_of(parts.get("Код")),
        short_name=text_of(parts.get("НаименованиеКраткое")),
        full_name=text_of(parts.get("НаименованиеПолное")),
        international=text_of(parts.get("МеждународноеСокращение")),
    )


def base_unit_of(element: etree._Element | None) -> UnitRecord | None:
    """`БазоваяЕдиница`: attributes and the short name as text (2.x), or only the unit's id
    as text (3.1 goods files, referring to the units file)."""
    if element is None:
        return None
    text = text_of(element)
    code = (element.get("Код") or "").strip()
    if not code and not element.attrib and text.isdigit():
        return UnitRecord(
            external_id=text, code=text, short_name="", full_name="", international=""
        )
    return UnitRecord(
        external_id="",
        code=code,
        short_name=text,
        full_name=(element.get("НаименованиеПолное") or "").strip(),
        international=(element.get("МеждународноеСокращение") or "").strip(),
    )


def packaging_of(locator: Locator, element: etree._Element | None) -> tuple[PackagingRecord, ...]:
    packaging = []
    for recount in children_named(element, "Пересчет"):
        parts = children_by_name(recount)
        coefficient = number_of(locator, parts.get("Коэффициент"))
        packaging.append(
            PackagingRecord(unit=text_of(parts.get("Единица")), coefficient=coefficient or ONE)
        )
    return tuple(packaging)


def property_values_of(element: etree._Element | None) -> tuple[PropertyValueRecord, ...]:
    """`ЗначенияСвойств/ЗначенияСвойства{Ид, Значение*}` (values also nested in
    `ЗначениеСвойства`, as some offers files have them)."""
    found = []
    for item in children_named(element, "ЗначенияСвойства"):
        property_id = ""
        values: list[str] = []
        for part in item.iter():
            name = local_name(part.tag) if isinstance(part.tag, str) else ""
            if name == "Ид" and not property_id:
                property_id = text_of(part)
            elif name == "Значение" and text_of(part):
                values.append(text_of(part))
        found.append(PropertyValueRecord(property_id=property_id, values=tuple(values)))
    return tuple(found)


def pairs_of(element: etree._Element | None, item: str) -> list[tuple[str, str]]:
    """(Наименование, Значение) of each `item` child: requisites and characteristics."""
    pairs = []
    for child in children_named(element, item):
        parts = children_by_name(child)
        pairs.append((text_of(parts.get("Наименование")), text_of(parts.get("Значение"))))
    return pairs


def requisites_of(element: etree._Element | None) -> dict[str, str]:
    requisites: dict[str, str] = {}
    for name, value in pairs_of(element, "ЗначениеРеквизита"):
        requisites.setdefault(name, value)
    return requisites


def vat_rate_of(element: etree._Element | None) -> str:
    for rate in children_named(element, "СтавкаНалога"):
        return text_of(children_by_name(rate).get("Ставка"))
    return ""


# Product facts some files send as elements rather than as requisites.
_REQUISITE_ELEMENTS = {
    "ПолноеНаименование": "Полное наименование",
    "Вес": "Вес",
    "Длина": "Длина",
    "Ширина": "Ширина",
    "Высота": "Высота",
    "Страна": "Страна",
}


# Whether the catalog holds a product on sale as an element with this digest sent it:
# (1C id, digest) → bool.
ProductsKnown = Callable[[str, str], bool]


def product_build(
    element: etree._Element,
    *,
    locator: Locator,
    path: str,
    known: ProductsKnown | None = None,
    digest: str = "",
) -> ProductRecord:
    """`Товар` of a catalog or goods file. With `known`, the record carries a digest — the
    one of its bytes given as `digest` (see unchanged.py), else the element's — and a
    product `known` says is held already comes with its id alone: building the rest costs
    most of a re-sent catalog's import."""
    parts = children_by_name(element)
    external_id = text_of(parts.get("Ид"))
    if known is not None:
        digest = digest or element_digest(element)
        if known(external_id, digest):
            return product_known(external_id, digest, locator.position(element, path))
    requisites = requisites_of(parts.get("ЗначенияРеквизитов"))
    for tag, requisite in _REQUISITE_ELEMENTS.items():
        if text_of(parts.get(tag)):
            requisites.setdefault(requisite, text_of(parts.get(tag)))
    maker = children_by_name(parts["Изготовитель"]) if "Изготовитель" in parts else {}
    unit = parts.get("БазоваяЕдиница")
    return ProductRecord(
        external_id=external_id,
        parent_id=parent_of(external_id),
        article=text_of(parts.get("Артикул")),
        code=text_of(parts.get("Код")) or requisites.get("Код", ""),
        name=text_of(parts.get("Наименование")),
        description=text_of(parts.get("Описание")),
        base_unit=base_unit_of(unit),
        packaging=packaging_of(locator, unit),
        group_ids=tuple(text_of(group) for group in children_named(parts.get("Группы"), "Ид")),
        barcodes=_barcodes_of(element),
        manufacturer_id=text_of(maker.get("Ид")),
        manufacturer_name=text_of(maker.get("Наименование")),
        properties=property_values_of(parts.get("ЗначенияСвойств")),
        vat_rate=vat_rate_of(parts.get("СтавкиНалогов")),
        requisites=requisites,
        images=tuple(
            text_of(image) for image in children_named(element, "Картинка") if text_of(image)
        ),
        characteristics=tuple(pairs_of(parts.get("ХарактеристикиТовара"), "ХарактеристикаТовара")),
        version=text_of(parts.get("НомерВерсии")),
        deleted=deleted_of(element, parts),
        position=locator.position(element, path),
        digest=digest,
    )


def element_digest(element: etree._Element) -> str:
    """A digest of the element as lxml writes it again, where its bytes were not digested
    as the file wrote them (see unchanged.py)."""
    return span_digest(etree.tostring(element, encoding="utf-8", with_tail=False))


def product_known(external_id: str, digest: str, position: Position) -> ProductRecord:
    """A product the catalog holds as this digest says: its id alone."""
    return product_held(external_id, parent_of(external_id), position, digest)


def _barcodes_of(element: etree._Element) -> tuple[str, ...]:
    """`Штрихкод` (or `ШтрихКод`) elements, several when the product has several."""
    return tuple(
        text_of(child)
        for child in element
        if isinstance(child.tag, str)
        and local_name(child.tag) in ("Штрихкод", "ШтрихКод")
        and text_of(child)
    )
