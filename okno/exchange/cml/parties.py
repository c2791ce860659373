"""Records of the owner, counterparties and documents (orders as 1C sends them back)."""

from __future__ import annotations

from lxml import etree

from okno.exchange.cml.catalog import (
    ONE,
    address_text,
    deleted_of,
    number_of,
    requisites_of,
    vat_rate_of,
)
from okno.exchange.cml.locate import Locator
from okno.exchange.cml.records import (
    BankAccountRecord,
    CounterpartyRecord,
    DocumentLineRecord,
    DocumentRecord,
    Owner,
)
from okno.exchange.cml.values import (
    children_by_name,
    children_named,
    date_parse,
    flag_parse,
    local_name,
    text_of,
)

_ADDRESSES = ("АдресРегистрации", "ЮридическийАдрес", "Адрес", "ФактическийАдрес")


def owner_build(element: etree._Element, *, locator: Locator) -> Owner:
    parts = children_by_name(element)
    address = parts.get("ЮридическийАдрес")
    if address is None:
        address = parts.get("АдресРегистрации")
    return Owner(
        external_id=text_of(parts.get("Ид")),
        name=text_of(parts.get("Наименование")),
        official_name=text_of(parts.get("ОфициальноеНаименование"))
        or text_of(parts.get("ПолноеНаименование")),
        inn=text_of(parts.get("ИНН")),
        kpp=text_of(parts.get("КПП")),
        address=address_text(address),
        position=locator.position(element),
    )


def counterparty_build(
    element: etree._Element, *, locator: Locator, path: str | None = None
) -> CounterpartyRecord:
    """`Контрагент`: a company or a person (`Фамилия`/`Имя` when it has no name)."""
    parts = children_by_name(element)
    name = text_of(parts.get("Наименование")) or " ".join(
        text_of(parts.get(part))
        for part in ("Фамилия", "Имя", "Отчество")
        if text_of(parts.get(part))
    )
    return CounterpartyRecord(
        external_id=text_of(parts.get("Ид")),
        name=name,
        full_name=text_of(parts.get("ПолноеНаименование"))
        or text_of(parts.get("ОфициальноеНаименование")),
        role=text_of(parts.get("Роль")),
        inn=text_of(parts.get("ИНН")),
        kpp=text_of(parts.get("КПП")),
        okpo=text_of(parts.get("КодПоОКПО")) or text_of(parts.get("ОКПО")),
        bank_accounts=tuple(
            _bank_account_of(account)
            for account in children_named(parts.get("РасчетныеСчета"), "РасчетныйСчет")
        ),
        addresses=tuple(
            (local_name(child.tag), address_text(child))
            for child in element
            if isinstance(child.tag, str) and local_name(child.tag) in _ADDRESSES
        ),
        contacts=tuple(_contacts_of(parts.get("Контакты"))),
        version=text_of(parts.get("НомерВерсии")),
        deleted=deleted_of(element, parts),
        position=locator.position(element, path),
    )


def _bank_account_of(account: etree._Element) -> BankAccountRecord:
    parts = children_by_name(account)
    bank = children_by_name(parts["Банк"]) if "Банк" in parts else {}
    return BankAccountRecord(
        account=text_of(parts.get("НомерСчета")),
        bank_name=text_of(bank.get("Наименование")),
        bik=text_of(bank.get("БИК")),
        correspondent_account=text_of(bank.get("СчетКорреспондентский")),
    )


def _contacts_of(contacts: etree._Element | None) -> list[tuple[str, str]]:
    found = []
    for contact in children_named(contacts, "Контакт"):
        parts = children_by_name(contact)
        found.append((text_of(parts.get("Тип")), text_of(parts.get("Значение"))))
    return found


def document_build(element: etree._Element, *, locator: Locator, path: str) -> DocumentRecord:
    """`Документ`: the order's number and date at both ends, its parties, lines and
    requisites; `ПометкаУдаления` as element or requisite marks it deleted."""
    parts = children_by_name(element)
    requisites = requisites_of(parts.get("ЗначенияРеквизитов"))
    date_1c = text_of(parts.get("Дата1С")) or requisites.get("Дата по 1С", "")
    parties = children_named(parts.get("Контрагенты"), "Контрагент")
    return DocumentRecord(
        external_id=text_of(parts.get("Ид")),
        number=text_of(parts.get("Номер")),
        date=date_parse(text_of(parts.get("Дата"))),
        time=text_of(parts.get("Время")),
        operation=text_of(parts.get("ХозОперация")),
        role=text_of(parts.get("Роль")),
        currency=text_of(parts.get("Валюта")),
        amount=number_of(locator, parts.get("Сумма")),
        number_1c=text_of(parts.get("Номер1С")) or requisites.get("Номер по 1С", ""),
        date_1c=date_parse(date_1c),
        counterparties=tuple(
            counterparty_build(party, locator=locator, path=f"{path}/Контрагенты/Контрагент[{n}]")
            for n, party in enumerate(parties, 1)
        ),
        warehouse_ids=tuple(
            text_of(children_by_name(warehouse).get("Ид"))
            for warehouse in children_named(parts.get("Склады"), "Склад")
        ),
        lines=tuple(
            _line_of(line, locator=locator, path=f"{path}/Товары/Товар[{n}]")
            for n, line in enumerate(children_named(parts.get("Товары"), "Товар"), 1)
        ),
        comment=text_of(parts.get("Комментарий")),
        requisites=requisites,
        version=text_of(parts.get("НомерВерсии")),
        deleted=deleted_of(element, parts) or flag_parse(requisites.get("ПометкаУдаления", "")),
        position=locator.position(element, path),
    )


def _line_of(line: etree._Element, *, locator: Locator, path: str) -> DocumentLineRecord:
    """A document's `Товар`: `ЦенаЗаЕдиницу` or УТ 11's `Цена`, `Единица` or `БазоваяЕдиница`."""
    parts = children_by_name(line)
    price = parts.get("ЦенаЗаЕдиницу")
    if price is None:
        price = parts.get("Цена")
    taxes = children_named(parts.get("Налоги"), "Налог")
    tax = children_by_name(taxes[0]) if taxes else {}
    coefficient = number_of(locator, parts.get("Коэффициент"))
    quantity = number_of(locator, parts.get("Количество"))
    if quantity is None:
        raise locator.error(line, "document line without Количество")
    return DocumentLineRecord(
        product_id=text_of(parts.get("Ид")),
        article=text_of(parts.get("Артикул")),
        name=text_of(parts.get("Наименование")),
        unit=_line_unit(parts),
        coefficient=coefficient if coefficient is not None else ONE,
        quantity=quantity,
        price=number_of(locator, price),
        amount=number_of(locator, parts.get("Сумма")),
        vat_rate=vat_rate_of(parts.get("СтавкиНалогов")) or text_of(tax.get("Ставка")),
        vat_amount=number_of(locator, tax.get("Сумма")),
        requisites=requisites_of(parts.get("ЗначенияРеквизитов")),
        position=locator.position(line, path),
    )


def _line_unit(parts: dict[str, etree._Element]) -> str:
    unit = parts.get("Единица")
    if unit is not None:
        unit_parts = children_by_name(unit)
        return (
            text_of(unit_parts.get("НаименованиеКраткое"))
            or text_of(unit_parts.get("Код"))
            or text_of(unit)
        )
    base = parts.get("БазоваяЕдиница")
    if base is None:
        return ""
    return text_of(base) or (base.get("Код") or "").strip()
