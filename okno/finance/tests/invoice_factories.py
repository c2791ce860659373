"""The company's requisites and orders with lines at chosen prices and VAT rates, made as
rows: an invoice reads an order, it does not need the checkout that places one."""

from __future__ import annotations

from decimal import Decimal

import factory

from okno.catalog.tests.factories import ProductFactory
from okno.core.money import to_money
from okno.finance.invoice.vat import invoice_totals
from okno.finance.requisites import CompanyRequisites
from okno.orders.models import Order, OrderLine
from okno.payments.tests.factories import OrderFactory

D = Decimal


class CompanyRequisitesFactory(factory.django.DjangoModelFactory):
    """The seller: a real bank (Сбербанк's БИК and корр. счёт), valid ИНН and account."""

    class Meta:
        model = CompanyRequisites

    name = "ООО «Окно»"
    inn = "7705128404"
    kpp = "770501001"
    address = "115114, г. Москва, ул. Летниковская, д. 10"
    phone = ""
    bank_name = "ПАО Сбербанк"
    bik = "044525225"
    corr_account = "30101810400000000225"
    account = "40702810338000098765"
    director = "Смирнов А. В."
    accountant = "Кузнецова О. П."
    invoice_note = "Оплата данного счета означает согласие с условиями поставки товара."


def order_with_rates(
    lines: list[tuple[str, str, str]], *, vat_included: bool = True, **fields
) -> Order:
    """An order with a line per (price, quantity, VAT rate); each line's sum is price ×
    quantity in kopecks. The lines' VAT is left at zero, so an invoice showing the right
    VAT has counted it itself; the order's totals are those the invoice should show."""
    order = OrderFactory(vat_included=vat_included, **fields)
    for position, (price, quantity, rate) in enumerate(lines, start=1):
        product = ProductFactory(vat_rate=rate)
        amount = to_money(D(price) * D(quantity))
        OrderLine.objects.create(
            order=order,
            position=position,
            product=product,
            article=product.article,
            name=product.name,
            unit=product.base_unit,
            unit_name=product.base_unit.short_name,
            quantity=D(quantity),
            quantity_base=D(quantity),
            warehouse=order.warehouse,
            price=D(price),
            amount=amount,
            vat_rate=rate,
            vat_amount=D("0"),
            total=amount,
        )
    totals = invoice_totals(
        ((to_money(D(price) * D(quantity)), rate) for price, quantity, rate in lines),
        vat_included=vat_included,
    )
    order.amount, order.vat_amount, order.total = totals.amount, totals.vat_amount, totals.due
    order.lines_count = len(lines)
    order.save(update_fields=["amount", "vat_amount", "total", "lines_count"])
    return order
