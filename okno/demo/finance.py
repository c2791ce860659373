"""The demo clients' mutual settlements, as 1C would have sent them: an opening balance per
contract, a shipment (реализация) for each shipment of their orders, payments that mostly
come within the contract's deferral — a few late, one debt overdue and unpaid, the last
shipments not yet due — and УПД files with their ЭДО status (a few as PDF).

Written through the ledger's own services, so balances are the ledger's sum as always.
A demo client that has any settlement document is left as it is.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from io import BytesIO

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from okno.clients.models import Client, Contract
from okno.core.money import format_money, to_money
from okno.demo.demo_clients import DEMO_CLIENTS
from okno.finance.models import DocumentKind, FileKind, SettlementDocument
from okno.finance.services.files import document_file_attach
from okno.finance.services.ledger import DocumentData, settlement_document_post
from okno.orders.models import Shipment, ShipmentStatus

OPENING_DAYS = 200
PDF_PER_CONTRACT = 2
STALL_DAYS = 21
_SHIPPED = (ShipmentStatus.SHIPPED, ShipmentStatus.IN_TRANSIT, ShipmentStatus.DELIVERED)


def demo_finance_ensure(*, stdout) -> None:
    today = timezone.localdate()
    for spec in DEMO_CLIENTS:
        client = Client.objects.filter(memberships__user__email=spec["guard"]).first()
        if client is None or SettlementDocument.objects.filter(client=client).exists():
            continue
        rng = random.Random(f"demo-finance-{spec['guard']}")
        written = 0
        with transaction.atomic():
            contracts = Contract.objects.filter(client=client).order_by("pk")
            for number, contract in enumerate(contracts):
                stalled = number == 0 and client.kind != Client.Kind.INDIVIDUAL
                written += _Ledger(contract, rng, today, stalled=stalled).write()
        stdout.write(f"  взаиморасчёты демо-клиента {client.name}: {written} документов\n")


class _Ledger:
    def __init__(self, contract: Contract, rng: random.Random, today: dt.date, *, stalled: bool):
        self.contract = contract
        # The client's main contract has had no payment for three weeks: what came due
        # meanwhile is overdue, as the finance page and checkout's credit check show.
        self.paid_until = today - dt.timedelta(days=STALL_DAYS) if stalled else today
        self.rng = rng
        self.today = today
        self.count = 0
        self.pdfs = 0
        self.payment_number = rng.randrange(100, 900)  # numbers go on from here

    def write(self) -> int:
        if self.contract.client.kind != Client.Kind.INDIVIDUAL:
            self._opening()
        shipments = list(
            Shipment.objects.filter(order__contract=self.contract, status__in=_SHIPPED)
            .select_related("order")
            .order_by("date", "pk")
        )
        rejected = self.rng.randrange(len(shipments)) if shipments else -1
        for index, shipment in enumerate(shipments):
            document = self._shipment(shipment)
            self._files(document, rejected=index == rejected)
            self._payment_for(document)
        return self.count

    def _post(self, kind: str, number: str, date: dt.date, amount: Decimal, **links):
        self.count += 1
        data = DocumentData(
            external_id=f"demo-{self.contract.pk}-{kind}-{number}",
            kind=kind,
            number=number,
            date=date,
            amount=amount,
            contract=self.contract,
            currency=self.contract.currency,
            **links,
        )
        return settlement_document_post(actor=None, data=data).document

    def _opening(self) -> None:
        date = self.today - dt.timedelta(days=OPENING_DAYS)
        amount = to_money(self.rng.randrange(40_000, 180_000) + self.rng.random())
        self._post(DocumentKind.OPENING, f"НО-{self.contract.pk:04}", date, amount)
        # Paid in two parts within two months.
        first = to_money(amount * Decimal("0.6"))
        for days, part in ((25, first), (55, amount - first)):
            self._payment(date + dt.timedelta(days=days), part)

    def _shipment(self, shipment: Shipment) -> SettlementDocument:
        amount = shipment.amount or shipment.order.total
        number = f"УТ-{shipment.pk:06}"
        return self._post(
            DocumentKind.SHIPMENT,
            number,
            shipment.date,
            amount,
            order=shipment.order,
            shipment=shipment,
        )

    def _payment_for(self, document: SettlementDocument) -> None:
        """Paid before the due date mostly, a few days late now and then; a debt not yet
        due is paid only if its day has come."""
        if document.due_date is None:
            return
        deferral = (document.due_date - document.date).days
        late = self.rng.random() < 0.15
        days = deferral + self.rng.randint(2, 12) if late else self.rng.randint(1, max(deferral, 1))
        date = document.date + dt.timedelta(days=days)
        if date <= self.paid_until:
            self._payment(date, document.amount)

    def _payment(self, date: dt.date, amount: Decimal) -> None:
        self.payment_number += 1
        self._post(DocumentKind.PAYMENT, f"ПП-{self.payment_number}", date, amount)

    def _files(self, document: SettlementDocument, *, rejected: bool) -> None:
        age = (self.today - document.date).days
        status = "rejected" if rejected else ("signed" if age > 7 else "sent")
        xml = _upd_xml(document).encode()
        self._attach(document, "upd-xml", f"УПД {document.number}.xml", BytesIO(xml), status)
        if age <= 60 and self.pdfs < PDF_PER_CONTRACT:
            self.pdfs += 1
            pdf = BytesIO(_upd_pdf(document))
            self._attach(document, "upd-pdf", f"УПД {document.number}.pdf", pdf, status)

    def _attach(self, document, external_id: str, name: str, content, status: str) -> None:
        document_file_attach(
            actor=None,
            document=document,
            external_id=external_id,
            kind=FileKind.UPD,
            name=name,
            content=content,
            edo_status=status,
        )


def _upd_xml(document: SettlementDocument) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<Файл ИдФайл="ON_NSCHFDOPPR_{document.pk}" ВерсФорм="5.03">'
        f'<Документ КНД="1115131" Функция="СЧФДОП">'
        f'<СвСчФакт НомерДок="{escape(document.number)}" ДатаДок="{document.date:%d.%m.%Y}"/>'
        f'<ТаблСчФакт><ВсегоОпл СтТовУчНалВсего="{document.amount}"/></ТаблСчФакт>'
        "</Документ></Файл>\n"
    )


def _upd_pdf(document: SettlementDocument) -> bytes:
    from weasyprint import HTML

    html = (
        "<html><body style='font-family: DejaVu Sans, sans-serif; font-size: 11pt'>"
        f"<h2>Универсальный передаточный документ № {escape(document.number)} "
        f"от {document.date:%d.%m.%Y}</h2>"
        f"<p>Покупатель: {escape(document.legal_entity.name)}</p>"
        f"<p>Договор: {escape(str(document.contract))}</p>"
        f"<p>Всего к оплате: {escape(format_money(document.amount))}</p>"
        "</body></html>"
    )
    return HTML(string=html).write_pdf()
