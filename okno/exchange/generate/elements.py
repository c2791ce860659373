"""The objects of a generated exchange file as lxml elements, one product or offer at a
time. Tags carry no namespace: the file writer puts each element inside the root's
default namespace, as 1C writes them (no prefixes, one `xmlns` on the root)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from lxml import etree

from okno.exchange.generate import plan
from okno.exchange.generate.plan import CatalogSpec

SubElement = etree.SubElement
PIECE = {"Код": "796", "НаименованиеПолное": "Штука", "МеждународноеСокращение": "PCE"}
PACKAGE_CODE = "778"


def text(parent: etree._Element, tag: str, value: str) -> etree._Element:
    child = SubElement(parent, tag)
    child.text = value
    return child


@dataclass(frozen=True)
class Classifier:
    """The spec's reference lists, derived once per file."""

    spec: CatalogSpec

    @cached_property
    def tree(self) -> tuple[list[plan.Group], list[str]]:
        return plan.group_tree(self.spec)

    @cached_property
    def properties(self) -> list[plan.Property]:
        return plan.properties(self.spec)

    @cached_property
    def price_types(self) -> list[tuple[str, str]]:
        return plan.price_types(self.spec)

    @cached_property
    def warehouses(self) -> list[tuple[str, str]]:
        return plan.warehouses(self.spec)

    @property
    def package(self) -> bool:
        return self.spec.version != "2.07"


def stamped(element: etree._Element, classifier: Classifier, kind: int, index: int) -> None:
    """`НомерВерсии` and `ПометкаУдаления` of the package exchange's objects."""
    if classifier.package:
        revision = classifier.spec.revision(index) if kind == plan.PRODUCT else 0
        text(
            element, "НомерВерсии", plan.version_stamp(classifier.spec.seed, kind, index, revision)
        )
        text(element, "ПометкаУдаления", "false")


def owner(spec: CatalogSpec) -> etree._Element:
    element = etree.Element("Владелец")
    text(element, "Ид", plan.guid(spec.seed, plan.DETAIL, 0))
    text(element, "Наименование", "ООО «Окно-Опт»")
    text(element, "ОфициальноеНаименование", "Общество с ограниченной ответственностью «Окно-Опт»")
    text(element, "ИНН", "7701234567")
    text(element, "КПП", "770101001")
    return element


def groups(classifier: Classifier) -> etree._Element:
    element = etree.Element("Группы")
    for group in classifier.tree[0]:
        _group(element, group, classifier)
    return element


def _group(parent: etree._Element, group: plan.Group, classifier: Classifier) -> None:
    element = SubElement(parent, "Группа")
    text(element, "Ид", group.external_id)
    stamped(element, classifier, plan.GROUP, group.index)
    text(element, "Наименование", group.name)
    if group.children:
        children = SubElement(element, "Группы")
        for child in group.children:
            _group(children, child, classifier)


def properties(classifier: Classifier) -> etree._Element:
    element = etree.Element("Свойства")
    for index, prop in enumerate(classifier.properties):
        item = SubElement(element, "Свойство")
        text(item, "Ид", prop.external_id)
        stamped(item, classifier, plan.PROPERTY, index)
        text(item, "Наименование", prop.name)
        text(item, "ТипЗначений", prop.value_type)
        if prop.values:
            variants = SubElement(item, "ВариантыЗначений")
            for value_id, value in prop.values:
                entry = SubElement(variants, "Справочник")
                text(entry, "ИдЗначения", value_id)
                text(entry, "Значение", value)
    return element


def price_types(classifier: Classifier) -> etree._Element:
    element = etree.Element("ТипыЦен")
    for index, (external_id, name) in enumerate(classifier.price_types):
        item = SubElement(element, "ТипЦены")
        text(item, "Ид", external_id)
        stamped(item, classifier, plan.PRICE_TYPE, index)
        text(item, "Наименование", name)
        text(item, "Валюта", "RUB")
        tax = SubElement(item, "Налог")
        text(tax, "Наименование", "НДС")
        text(tax, "УчтеноВСумме", "true")
    return element


def warehouses(classifier: Classifier) -> etree._Element:
    element = etree.Element("Склады")
    for index, (external_id, name) in enumerate(classifier.warehouses):
        item = SubElement(element, "Склад")
        text(item, "Ид", external_id)
        stamped(item, classifier, plan.WAREHOUSE, index)
        text(item, "Наименование", name)
    return element


def units(classifier: Classifier) -> etree._Element:
    element = etree.Element("ЕдиницыИзмерения")
    listed = (("796", "шт", "Штука", "PCE"), (PACKAGE_CODE, "упак", "Упаковка", "NMP"))
    for index, (code, short, full, international) in enumerate(listed):
        item = SubElement(element, "ЕдиницаИзмерения")
        text(item, "Ид", plan.guid(classifier.spec.seed, plan.DETAIL, 100 + index))
        stamped(item, classifier, plan.DETAIL, 100 + index)
        text(item, "НаименованиеКраткое", short)
        text(item, "Код", code)
        text(item, "НаименованиеПолное", full)
        text(item, "МеждународноеСокращение", international)
    return element


def base_unit(parent: etree._Element, packaged: int = 0) -> None:
    """`БазоваяЕдиница` «шт»; with `packaged` a `Пересчет` to a pack of that many."""
    unit = SubElement(parent, "БазоваяЕдиница", PIECE)
    unit.text = "шт"
    if packaged:
        recalculation = SubElement(unit, "Пересчет")
        text(recalculation, "Единица", PACKAGE_CODE)
        text(recalculation, "Коэффициент", str(packaged))


def product_name(spec: CatalogSpec, index: int) -> str:
    noun = plan.NOUNS[index % len(plan.NOUNS)]
    adjective = plan.ADJECTIVES[(index // len(plan.NOUNS)) % len(plan.ADJECTIVES)]
    name = f"{noun} {adjective} ОК-{index + 1}"
    return f"{name} мод. 2" if spec.revision(index) else name


def product(classifier: Classifier, index: int) -> etree._Element:
    """`Товар` of the catalog: barcode (nine in ten), article, name, base unit (a pack
    recalculation for one in five), its group, manufacturer, property values, VAT rate and
    requisites."""
    spec = classifier.spec
    detail = plan.mix(spec.seed, plan.DETAIL, index)
    name = product_name(spec, index)
    element = etree.Element("Товар")
    text(element, "Ид", plan.guid(spec.seed, plan.PRODUCT, index))
    stamped(element, classifier, plan.PRODUCT, index)
    if (detail >> 40) % 10:
        text(element, "Штрихкод", plan.ean13(index))
    text(element, "Артикул", f"ОК-{index + 1:07d}")
    text(element, "Наименование", name)
    packs = plan.PACKAGE_COEFFICIENTS
    base_unit(element, packs[detail // 10 % len(packs)] if detail % 5 == 0 else 0)
    leaves = classifier.tree[1]
    if leaves:
        text(SubElement(element, "Группы"), "Ид", leaves[index % len(leaves)])
    maker_id, maker_name = plan.manufacturer(spec, index)
    maker = SubElement(element, "Изготовитель")
    text(maker, "Ид", maker_id)
    text(maker, "Наименование", maker_name)
    _property_values(element, classifier, index, detail)
    rate = SubElement(SubElement(element, "СтавкиНалогов"), "СтавкаНалога")
    text(rate, "Наименование", "НДС")
    text(rate, "Ставка", plan.VAT_RATES[detail // 100 % len(plan.VAT_RATES)])
    weight = (detail // 1000 % 5000 + 50) * (2 if spec.revision(index) else 1)
    requisites = SubElement(element, "ЗначенияРеквизитов")
    for requisite, value in (
        ("ВидНоменклатуры", plan.NOUNS[index % len(plan.NOUNS)]),
        ("ТипНоменклатуры", "Товар"),
        ("Полное наименование", f"{name}, {maker_name}"),
        ("Вес", f"{weight / 1000:.3f}"),
    ):
        entry = SubElement(requisites, "ЗначениеРеквизита")
        text(entry, "Наименование", requisite)
        text(entry, "Значение", value)
    return element


def _property_values(element: etree._Element, classifier: Classifier, index: int, detail: int):
    listed = classifier.properties
    if not listed:
        return
    values = SubElement(element, "ЗначенияСвойств")
    start = detail % len(listed)
    for step in range(min(plan.PROPERTIES_PER_PRODUCT, len(listed))):
        prop = listed[(start + step) % len(listed)]
        pick = plan.mix(classifier.spec.seed, plan.VALUE, index, step)
        if prop.values:
            value = prop.values[pick % len(prop.values)][0]
        elif prop.value_type == "Число":
            value = str(pick % 1000)
        else:
            value = f"{prop.name} {pick % 100}"
        entry = SubElement(values, "ЗначенияСвойства")
        text(entry, "Ид", prop.external_id)
        text(entry, "Значение", value)


@dataclass(frozen=True)
class Offer:
    """One offer of a product: the product itself (`variant` 0) or a characteristic."""

    index: int
    variant: int
    external_id: str
    name: str
    revision: int

    @property
    def number(self) -> int:
        return plan.offer_number(self.index, self.variant)


def offers_of(spec: CatalogSpec, index: int) -> list[Offer]:
    product_id = plan.guid(spec.seed, plan.PRODUCT, index)
    name = product_name(spec, index)
    revision = spec.revision(index)
    count = spec.variants(index)
    if not count:
        return [Offer(index, 0, product_id, name, revision)]
    return [
        Offer(
            index,
            variant,
            f"{product_id}#{plan.guid(spec.seed, plan.VARIANT, plan.offer_number(index, variant))}",
            f"{name} ({plan.SIZES[(variant - 1) % len(plan.SIZES)]})",
            revision,
        )
        for variant in range(1, count + 1)
    ]


def offer_head(classifier: Classifier, offer: Offer) -> etree._Element:
    """`Предложение` with what names it: id, (version), article, name, unit, size."""
    element = etree.Element("Предложение")
    text(element, "Ид", offer.external_id)
    if classifier.package:
        stamp = plan.version_stamp(classifier.spec.seed, plan.VARIANT, offer.number, offer.revision)
        text(element, "НомерВерсии", stamp)
        text(element, "ПометкаУдаления", "false")
    text(element, "Артикул", f"ОК-{offer.index + 1:07d}")
    text(element, "Наименование", offer.name)
    base_unit(element)
    if offer.variant:
        size = plan.SIZES[(offer.variant - 1) % len(plan.SIZES)]
        characteristic = SubElement(
            SubElement(element, "ХарактеристикиТовара"), "ХарактеристикаТовара"
        )
        text(characteristic, "Наименование", "Размер")
        text(characteristic, "Значение", size)
    return element


def prices(element: etree._Element, classifier: Classifier, offer: Offer) -> None:
    listed = SubElement(element, "Цены")
    for position, (price_type_id, _name) in enumerate(classifier.price_types):
        amount = plan.money(
            plan.price_cents(classifier.spec, offer.number, position, offer.revision)
        )
        price = SubElement(listed, "Цена")
        text(price, "Представление", f"{amount} RUB за шт")
        text(price, "ИдТипаЦены", price_type_id)
        text(price, "ЦенаЗаЕдиницу", amount)
        text(price, "Валюта", "RUB")


def stock_levels(classifier: Classifier, offer: Offer) -> list[tuple[str, int]]:
    return [
        (warehouse_id, plan.stock(classifier.spec, offer.number, position, offer.revision))
        for position, (warehouse_id, _name) in enumerate(classifier.warehouses)
    ]


def offer_207(classifier: Classifier, offer: Offer) -> etree._Element:
    """The 2.07 offer: prices, the total `Количество` and `<Склад ИдСклада
    КоличествоНаСкладе/>` per warehouse."""
    element = offer_head(classifier, offer)
    prices(element, classifier, offer)
    levels = stock_levels(classifier, offer)
    text(element, "Количество", str(sum(quantity for _id, quantity in levels)))
    for warehouse_id, quantity in levels:
        SubElement(
            element, "Склад", {"ИдСклада": warehouse_id, "КоличествоНаСкладе": str(quantity)}
        )
    return element


def offer_prices(classifier: Classifier, offer: Offer) -> etree._Element:
    """The offer of a package's prices file: its id and prices."""
    element = etree.Element("Предложение")
    text(element, "Ид", offer.external_id)
    prices(element, classifier, offer)
    return element


def offer_rests(classifier: Classifier, offer: Offer) -> etree._Element:
    """The offer of a package's rests file: `Остатки/Остаток/Склад/{Ид,Количество}`."""
    element = etree.Element("Предложение")
    text(element, "Ид", offer.external_id)
    rests = SubElement(element, "Остатки")
    for warehouse_id, quantity in stock_levels(classifier, offer):
        warehouse = SubElement(SubElement(rests, "Остаток"), "Склад")
        text(warehouse, "Ид", warehouse_id)
        text(warehouse, "Количество", str(quantity))
    return element
