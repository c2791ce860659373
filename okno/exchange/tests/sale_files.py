"""A small reader of counterparties and orders' documents for the sale tests: lxml's
whole-tree parse by local names, building the records the streaming reader yields. It
stands beside the reader, not for it: what matters here is what the sale side does with
records of real 1C files."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from lxml import etree

from okno.exchange.cml.records import (
    BankAccountRecord,
    CounterpartyRecord,
    DocumentLineRecord,
    DocumentRecord,
    Position,
)

CML = Path(__file__).parent / "cml"


def _name(element) -> str:
    return etree.QName(element).localname


def _child(element, name: str):
    return next((kid for kid in element if isinstance(kid.tag, str) and _name(kid) == name), None)


def _text(element, name: str) -> str:
    kid = _child(element, name) if element is not None else None
    return (kid.text or "").strip() if kid is not None else ""


def _all(element, name: str) -> list:
    return [kid for kid in element.iter() if isinstance(kid.tag, str) and _name(kid) == name]


def _position(file: str, element) -> Position:
    return Position(file, element.sourceline or 0, 0, element.getroottree().getpath(element))


def _requisites(element) -> dict[str, str]:
    wrapper = _child(element, "ЗначенияРеквизитов")
    found: dict[str, str] = {}
    for requisite in wrapper if wrapper is not None else []:
        found.setdefault(_text(requisite, "Наименование"), _text(requisite, "Значение"))
    return found


def _decimal(text: str) -> Decimal | None:
    return Decimal(text.replace(",", ".")) if text else None


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text[:10]) if text else None


def parse(source: Path | bytes):
    if isinstance(source, bytes):
        return etree.fromstring(source)
    return etree.parse(str(source)).getroot()


def counterparty(element, file: str) -> CounterpartyRecord:
    accounts = tuple(
        BankAccountRecord(
            account=_text(account, "НомерСчета"),
            bank_name=_text(_child(account, "Банк"), "Наименование"),
            bik=_text(_child(account, "Банк"), "БИК"),
            correspondent_account=_text(_child(account, "Банк"), "СчетКорреспондентский"),
        )
        for account in _all(element, "РасчетныйСчет")
    )
    addresses = tuple(
        (_name(kid), _text(kid, "Представление"))
        for kid in element
        if isinstance(kid.tag, str)
        and _name(kid) in ("АдресРегистрации", "ЮридическийАдрес", "Адрес")
    )
    contacts = tuple((_text(c, "Тип"), _text(c, "Значение")) for c in _all(element, "Контакт"))
    return CounterpartyRecord(
        external_id=_text(element, "Ид"),
        name=_text(element, "Наименование"),
        full_name=_text(element, "ПолноеНаименование") or _text(element, "ОфициальноеНаименование"),
        role=_text(element, "Роль"),
        inn=_text(element, "ИНН"),
        kpp=_text(element, "КПП"),
        okpo=_text(element, "КодПоОКПО"),
        bank_accounts=accounts,
        addresses=addresses,
        contacts=contacts,
        version=_text(element, "НомерВерсии"),
        deleted=_text(element, "ПометкаУдаления") == "true",
        position=_position(file, element),
    )


def counterparty_records(path: Path) -> list[CounterpartyRecord]:
    root = parse(path)
    section = _child(root, "Контрагенты")
    return [counterparty(element, path.name) for element in section]


def document(element, file: str) -> DocumentRecord:
    lines = tuple(_line(item, file) for item in _all(element, "Товар"))
    buyers = _child(element, "Контрагенты")
    return DocumentRecord(
        external_id=_text(element, "Ид"),
        number=_text(element, "Номер"),
        date=_date(_text(element, "Дата")),
        time=_text(element, "Время"),
        operation=_text(element, "ХозОперация"),
        role=_text(element, "Роль"),
        currency=_text(element, "Валюта"),
        amount=_decimal(_text(element, "Сумма")),
        number_1c=_text(element, "Номер1С"),
        date_1c=_date(_text(element, "Дата1С")),
        counterparties=tuple(
            counterparty(kid, file) for kid in (buyers if buyers is not None else [])
        ),
        warehouse_ids=tuple(_text(kid, "Ид") for kid in _all(element, "Склад")),
        lines=lines,
        comment=_text(element, "Комментарий"),
        requisites=_requisites(element),
        version=_text(element, "НомерВерсии"),
        deleted=_text(element, "ПометкаУдаления") == "true",
        position=_position(file, element),
    )


def _line(item, file: str) -> DocumentLineRecord:
    unit = _child(item, "Единица")
    return DocumentLineRecord(
        product_id=_text(item, "Ид"),
        article=_text(item, "Артикул"),
        name=_text(item, "Наименование"),
        unit=_text(unit, "НаименованиеКраткое") if unit is not None and len(unit) else "",
        coefficient=_decimal(_text(item, "Коэффициент")) or Decimal(1),
        quantity=_decimal(_text(item, "Количество")) or Decimal(0),
        price=_decimal(_text(item, "ЦенаЗаЕдиницу") or _text(item, "Цена")),
        amount=_decimal(_text(item, "Сумма")),
        vat_rate="",
        vat_amount=None,
        requisites=_requisites(item),
        position=_position(file, item),
    )


def document_records(source: Path | bytes, name: str = "documents.xml") -> list[DocumentRecord]:
    root = parse(source)
    file = source.name if isinstance(source, Path) else name
    return [document(element, file) for element in _all(root, "Документ")]
