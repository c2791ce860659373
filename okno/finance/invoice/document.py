"""An invoice for payment («Счет на оплату») as one value: what the screen, the PDF and
the spreadsheet print, built once from the seller's requisites and the document's lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from okno.finance.invoice.qr import Payee, payment_payload, payment_purpose, qr_svg_data_uri
from okno.finance.invoice.vat import InvoiceTotals, invoice_totals
from okno.finance.invoice.words import amount_in_words, date_in_words
from okno.finance.requisites import CompanyRequisites


@dataclass(frozen=True)
class Party:
    """The seller or the buyer as the invoice names them."""

    name: str
    inn: str = ""
    kpp: str = ""
    address: str = ""
    phone: str = ""

    @property
    def line(self) -> str:
        """«ООО «Ромашка», ИНН 7701234567, КПП 770101001, 101000, Москва, …, тел.: …»."""
        parts = [self.name]
        if self.inn:
            parts.append(_("ИНН %(inn)s") % {"inn": self.inn})
        if self.kpp:
            parts.append(_("КПП %(kpp)s") % {"kpp": self.kpp})
        if self.address:
            parts.append(self.address)
        if self.phone:
            parts.append(_("тел.: %(phone)s") % {"phone": self.phone})
        return ", ".join(parts)


@dataclass(frozen=True)
class InvoiceLine:
    """A line as printed: the number in the invoice, the goods, quantity, price and sum
    (with or without VAT, as the document's prices are), and the line's VAT rate."""

    number: int
    article: str
    name: str
    quantity: Decimal
    unit: str
    price: Decimal
    amount: Decimal
    vat_rate: str


@dataclass(frozen=True)
class Invoice:
    number: str
    date: dt.date
    seller: Party
    payee: Payee
    director: str
    accountant: str
    note: str
    buyer: Party
    contract: str
    lines: tuple[InvoiceLine, ...]
    totals: InvoiceTotals
    purpose: str
    qr_payload: str

    @property
    def date_words(self) -> str:
        return date_in_words(self.date)

    @property
    def amount_words(self) -> str:
        return amount_in_words(self.totals.due)

    @property
    def qr_image(self) -> str:
        return qr_svg_data_uri(self.qr_payload)

    @property
    def filename_stem(self) -> str:
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in self.number)
        return f"Счет_на_оплату_{safe}"


def seller_of(requisites: CompanyRequisites) -> tuple[Party, Payee]:
    seller = Party(
        name=requisites.name,
        inn=requisites.inn,
        kpp=requisites.kpp,
        address=requisites.address,
        phone=requisites.phone,
    )
    payee = Payee(
        name=requisites.name,
        inn=requisites.inn,
        kpp=requisites.kpp,
        bank_name=requisites.bank_name,
        bik=requisites.bik,
        corr_account=requisites.corr_account,
        account=requisites.account,
    )
    return seller, payee


def invoice_build(
    *,
    number: str,
    date: dt.date,
    requisites: CompanyRequisites,
    buyer: Party,
    contract: str,
    lines: Sequence[InvoiceLine],
    vat_included: bool,
) -> Invoice:
    """The invoice of any document with lines (an order, a commercial proposal): totals and
    VAT per line and rate, the payment purpose and the QR code's payload."""
    totals = invoice_totals(
        ((line.amount, line.vat_rate) for line in lines), vat_included=vat_included
    )
    seller, payee = seller_of(requisites)
    purpose = payment_purpose(number=number, date=date, totals=totals)
    return Invoice(
        number=number,
        date=date,
        seller=seller,
        payee=payee,
        director=requisites.director,
        accountant=requisites.accountant,
        note=requisites.invoice_note,
        buyer=buyer,
        contract=contract,
        lines=tuple(lines),
        totals=totals,
        purpose=purpose,
        qr_payload=payment_payload(payee=payee, amount=totals.due, purpose=purpose),
    )
