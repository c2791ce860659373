"""The orders XML 1C's standard exchange reads (`type=sale&mode=query`), written as a
stream: each `Документ` is built, written and dropped, so the answer's size never shows
in memory. Structure and requisites follow what 1C's exchange with Bitrix sites reads
(«Статус заказа», «Статуса заказа ИД», «Отменен», «Способ доставки», «Сайт», …)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import IO

from django.conf import settings
from django.utils import timezone
from lxml import etree

from okno.catalog.models import VatRate
from okno.exchange.sale.goods import (
    delivery_element,
    flag,
    line_element,
    money,
    requisites_element,
    tax_element,
)
from okno.exchange.sale.selection import ExportDocument, document_totals
from okno.exchange.sale.statuses import FINAL, PAYMENT_METHODS, payment_method
from okno.orders.models import OrderStatus

ROOT_FORMATS = {
    "ФорматДаты": "ДФ=yyyy-MM-dd; ДЛФ=DT",
    "ФорматВремени": "ДФ=ЧЧ:мм:сс; ДЛФ=T",
    "РазделительДатаВремя": "T",
    "ФорматСуммы": "ЧЦ=18; ЧДЦ=2; ЧРД=.",
    "ФорматКоличества": "ЧЦ=18; ЧДЦ=3; ЧРД=.",
}


def orders_xml_write(
    out: IO[bytes],
    documents: Iterable[ExportDocument],
    *,
    encoding: str,
    version: str,
    generated_at: datetime,
) -> int:
    """Write the root and every document to `out`; returns how many were written."""
    count = 0
    with etree.xmlfile(out, encoding=encoding) as xml:
        xml.write_declaration()
        root = {"ВерсияСхемы": version, "ДатаФормирования": _datetime(generated_at)}
        with xml.element("КоммерческаяИнформация", {**root, **ROOT_FORMATS}):
            for document in documents:
                # One document a line: readable in the log, a sixth smaller than indented.
                xml.write("\n")
                xml.write(document_element(document))
                count += 1
            xml.write("\n")
    return count


def document_element(document: ExportDocument) -> etree._Element:
    """One `Документ`: the order (or one of its sub-orders) with its buyer, warehouse,
    lines (the delivery charge last, as a service), taxes and requisites, in the element
    order of the 2.10 schema."""
    order = document.order
    totals = document_totals(document)
    placed = timezone.localtime(order.submitted_at or order.created_at)
    root = etree.Element("Документ")
    _texts(
        root,
        Ид=document.document_id,
        Номер=document.number,
        Дата=placed.strftime("%Y-%m-%d"),
        ХозОперация="Заказ товара",
        Роль="Продавец",
        Валюта=order.currency,
        Курс="1",
        Сумма=money(totals.total),
    )
    root.append(counterparties_element(order))
    _texts(root, Время=placed.strftime("%H:%M:%S"), Комментарий=order.comment)
    if totals.vat or (totals.rates - {VatRate.NONE}):
        taxes = etree.SubElement(root, "Налоги")
        taxes.append(tax_element(included=order.vat_included, amount=totals.vat, rate=None))
    warehouse = etree.SubElement(etree.SubElement(root, "Склады"), "Склад")
    _texts(
        warehouse,
        Ид=document.warehouse.external_id or f"okno-{document.warehouse.pk}",
        Наименование=document.warehouse.name,
    )
    goods = etree.SubElement(root, "Товары")
    for line in document.lines:
        goods.append(line_element(line, included=order.vat_included))
    if document.delivery:
        goods.append(
            delivery_element(
                amount=order.delivery_amount,
                vat_rate=order.delivery_vat_rate,
                vat_amount=order.delivery_vat_amount,
                included=order.vat_included,
            )
        )
    root.append(requisites_element(_order_requisites(document)))
    return root


def counterparties_element(order) -> etree._Element:
    """The buyer: the legal entity with its requisites, addresses and contacts."""
    entity = order.legal_entity
    wrapper = etree.Element("Контрагенты")
    buyer = etree.SubElement(wrapper, "Контрагент")
    _texts(
        buyer,
        Ид=entity.external_id or f"okno-{entity.pk}",
        Наименование=entity.name,
        ПолноеНаименование=entity.full_name or entity.name,
        Роль="Покупатель",
        ИНН=entity.inn,
        КПП=entity.kpp,
    )
    if entity.legal_address:
        _address(buyer, "АдресРегистрации", entity.legal_address, [])
    address = order.address
    if order.delivery == order.Delivery.DELIVERY and (address or order.address_text):
        fields = []
        if address is not None:
            fields = [
                ("Почтовый индекс", address.postal_code),
                ("Город", address.city),
                ("Улица", address.address),
            ]
        _address(buyer, "Адрес", order.address_text or str(address), fields)
    contacts = [
        ("Электронная почта", order.client.email),
        ("Телефон рабочий", order.client.phone),
    ]
    if order.created_by is not None:
        contacts.append(("Электронная почта", order.created_by.email))
    _contacts(buyer, contacts)
    return wrapper


def _order_requisites(document: ExportDocument) -> list[tuple[str, str]]:
    order = document.order
    status = OrderStatus(order.status)
    cancelled = status == OrderStatus.CANCELLED or (
        document.part is not None and not document.lines
    )
    method = payment_method(individual=document.individual)
    contract = order.contract
    pairs = [
        ("Статус заказа", f"[{status.value}] {status.label}"),
        ("Статуса заказа ИД", status.value),
        ("Дата изменения статуса", _datetime(order.updated_at, sep=" ")),
        ("Отменен", flag(cancelled)),
        ("Финальный статус", flag(status in FINAL)),
        ("Метод оплаты", str(PAYMENT_METHODS[method])),
        ("Метод оплаты ИД", method),
        ("Способ доставки", str(order.Delivery(order.delivery).label)),
        ("Метод доставки ИД", order.delivery),
        ("Договор", f"№ {contract.number} от {contract.date:%d.%m.%Y}"),
    ]
    if contract.external_id:
        pairs.append(("Договор ИД", contract.external_id))
    if order.address_text:
        pairs.append(("Адрес доставки", order.address_text))
    if order.desired_date:
        pairs.append(("Желаемая дата отгрузки", f"{order.desired_date:%Y-%m-%d}"))
    if order.cancel_reason:
        pairs.append(("Причина отмены", order.cancel_reason))
    if document.part is not None:
        pairs.append(("Заказ на сайте", order.number or str(order.pk)))
        pairs.append(("Часть заказа", f"{document.part.number} из {document.parts}"))
    pairs.append(("Сайт", f"[okno] {settings.OKNO_COMPANY_NAME}"))
    return pairs


# --- small pieces ---------------------------------------------------------------------------


def _texts(parent: etree._Element, **children: str) -> None:
    for tag, text in children.items():
        etree.SubElement(parent, tag).text = text


def _address(parent, tag: str, presentation: str, fields: list[tuple[str, str]]) -> None:
    address = etree.SubElement(parent, tag)
    _texts(address, Представление=presentation)
    for kind, value in fields:
        if value:
            field = etree.SubElement(address, "АдресноеПоле")
            _texts(field, Тип=kind, Значение=value)


def _contacts(parent, contacts: list[tuple[str, str]]) -> None:
    seen = [(kind, value) for kind, value in dict.fromkeys(contacts) if value]
    if not seen:
        return
    wrapper = etree.SubElement(parent, "Контакты")
    for kind, value in seen:
        _texts(etree.SubElement(wrapper, "Контакт"), Тип=kind, Значение=value)


def _datetime(value: datetime, *, sep: str = "T") -> str:
    return timezone.localtime(value).strftime(f"%Y-%m-%d{sep}%H:%M:%S")
