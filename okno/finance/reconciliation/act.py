"""The reconciliation act of a legal entity for a period, under one contract or all of its
rouble contracts, read from the settlements ledger from the seller's view.

The act is the ledger seen through a window: the opening saldo is the sum of the entries
dated before the period, each line is what one document nets to within the period (its
postings and reversals together, so a changed document shows its present amount and one
1C deleted shows nothing), and the closing saldo is the opening plus the lines. It therefore
always agrees with the balance the finance page shows for the period's last day. A line
that raises the debt (a shipment, an adjustment upwards, an opening balance dated inside the
period) is a debit; one that lowers it (a payment, a return, a credit note, an adjustment
downwards) a credit. An opening balance dated before the period is only in the opening saldo.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Max, Sum
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from okno.clients.models import Contract, LegalEntity
from okno.core.actor import Actor
from okno.core.errors import Conflict, InvalidInput
from okno.core.money import format_money, to_money
from okno.core.scoping import get_visible_or_404
from okno.finance.invoice.words import amount_in_words
from okno.finance.models import DocumentKind, LedgerEntry
from okno.finance.requisites import CompanyRequisites, company_requisites
from okno.finance.selectors.documents import finance_require

ZERO = Decimal("0.00")
CURRENCY = "RUB"
# A period longer than this is refused: an act is read and signed by people, and a longer
# one is several acts.
MAX_DAYS = 3 * 366


class ActLine(NamedTuple):
    """One document in the period on one date: its debit or credit (the other is zero).
    `contract` is set when the act covers all contracts, so the line says which. A tuple,
    not a dataclass: a year's act makes tens of thousands of them."""

    date: dt.date
    kind: str
    number: str
    document_date: dt.date
    debit: Decimal
    credit: Decimal
    contract: str = ""

    @property
    def document(self) -> str:
        """«Реализация № УТ-75 от 05.12.2026», as 1C names a document in an act; in the
        language active when shown, so the PDF prints it in Russian."""
        return document_namer()(self)


def document_namer():
    """A function naming a line's document in the active language, its words looked up
    once: a year's act names tens of thousands of documents."""
    name_pattern, contract_pattern, kinds = _document_patterns(get_language())

    def name(line: ActLine) -> str:
        text = name_pattern % {
            "kind": kinds[line.kind],
            "number": line.number,
            "date": f"{line.document_date:%d.%m.%Y}",
        }
        if line.contract:
            return contract_pattern % {"document": text, "contract": line.contract}
        return text

    return name


@functools.cache
def _document_patterns(language: str) -> tuple[str, str, dict[str, str]]:
    with translation.override(language):
        return (
            _("%(kind)s № %(number)s от %(date)s"),
            _("%(document)s, договор %(contract)s"),
            {kind.value: str(kind.label) for kind in DocumentKind},
        )


@dataclass(frozen=True)
class Saldo:
    """A signed balance (+ the buyer owes the seller) shown as 1C shows it: in the debit
    column when the buyer owes, in the credit column when the seller does."""

    amount: Decimal

    @property
    def debit(self) -> Decimal:
        return max(self.amount, ZERO)

    @property
    def credit(self) -> Decimal:
        return max(-self.amount, ZERO)


@dataclass(frozen=True)
class ReconciliationAct:
    """What the screen, the PDF, the XLSX and the API show; money from the seller's view, so
    that opening + turnover_debit − turnover_credit = closing."""

    seller: str
    seller_director: str
    buyer: str
    legal_entity_id: int
    contract_id: int | None
    contract: str
    date_from: dt.date
    date_to: dt.date
    opening: Saldo
    lines: tuple[ActLine, ...]
    turnover_debit: Decimal
    turnover_credit: Decimal
    closing: Saldo

    @property
    def basis(self) -> str:
        """«по договору № 12 от 01.02.2026» or «по всем договорам»."""
        if self.contract_id is None:
            return _("по всем договорам")
        return _("по договору %(contract)s") % {"contract": self.contract}

    @property
    def creditor(self) -> str | None:
        """In whose favour the debt is at the end: the seller's, the buyer's, or nobody's."""
        if self.closing.amount > 0:
            return self.seller
        if self.closing.amount < 0:
            return self.buyer
        return None

    @property
    def debt(self) -> Decimal:
        return abs(self.closing.amount)

    @property
    def debt_words(self) -> str:
        return amount_in_words(self.debt)

    @property
    def conclusion(self) -> str:
        """«задолженность в пользу ООО «Ромашка» составляет 1 500,00 руб. (Одна тысяча
        пятьсот рублей 00 копеек)» or «задолженность отсутствует»."""
        if self.creditor is None:
            return _("задолженность отсутствует")
        return _("задолженность в пользу %(party)s составляет %(amount)s руб. (%(words)s)") % {
            "party": self.creditor,
            "amount": format_money(self.debt, currency=""),
            "words": self.debt_words,
        }

    @property
    def signatories(self) -> tuple[tuple[str, str], tuple[str, str]]:
        """(party, who signs for it): the seller's director; the buyer's left blank."""
        return ((self.seller, self.seller_director), (self.buyer, ""))

    @property
    def filename_stem(self) -> str:
        return f"Акт_сверки_{self.date_from:%d.%m.%Y}-{self.date_to:%d.%m.%Y}"


def reconciliation_act(
    *,
    actor: Actor,
    legal_entity_id: int,
    contract_id: int | None,
    date_from: dt.date,
    date_to: dt.date,
) -> ReconciliationAct:
    """The act of the legal entity the actor sees (else 404), under its contract
    `contract_id` (else 404) or all its rouble contracts, for `date_from`…`date_to`
    inclusive. Refused when the period is reversed or too long, the contract is not in
    roubles, or the company's requisites are not filled in. Six queries."""
    legal_entity = get_visible_or_404(LegalEntity, actor, pk=legal_entity_id)
    contract = None
    if contract_id is not None:
        contract = get_visible_or_404(
            Contract.objects.filter(legal_entity=legal_entity), actor, pk=contract_id
        )
    finance_require(actor)
    _check_period(date_from, date_to)
    if contract is not None and contract.currency != CURRENCY:
        raise Conflict(
            _("Акт сверки составляется в рублях, а договор %(contract)s — в валюте %(currency)s.")
            % {"contract": contract, "currency": contract.currency},
            code="contract_currency",
        )
    requisites = _requisites()
    entries = _entries(legal_entity, contract)
    opening = to_money(
        entries.filter(date__lt=date_from).aggregate(total=Sum("amount"))["total"] or ZERO
    )
    lines = _lines(entries, date_from, date_to, all_contracts=contract is None)
    debit = sum((line.debit for line in lines), ZERO)
    credit = sum((line.credit for line in lines), ZERO)
    return ReconciliationAct(
        seller=requisites.name,
        seller_director=requisites.director,
        buyer=legal_entity.name,
        legal_entity_id=legal_entity.pk,
        contract_id=contract.pk if contract else None,
        contract=str(contract) if contract else "",
        date_from=date_from,
        date_to=date_to,
        opening=Saldo(opening),
        lines=tuple(lines),
        turnover_debit=debit,
        turnover_credit=credit,
        closing=Saldo(opening + debit - credit),
    )


def _check_period(date_from: dt.date, date_to: dt.date) -> None:
    if date_from > date_to:
        raise InvalidInput(
            _("Начало периода позже его конца: %(start)s > %(end)s.")
            % {"start": f"{date_from:%d.%m.%Y}", "end": f"{date_to:%d.%m.%Y}"},
            field="date_from",
        )
    if (date_to - date_from).days > MAX_DAYS:
        raise InvalidInput(
            _("Период акта сверки — не больше трёх лет."), field="date_from", code="period"
        )


def _requisites() -> CompanyRequisites:
    requisites = company_requisites()
    if requisites is None:
        raise Conflict(
            _(
                "Акт сверки пока нельзя сформировать: реквизиты компании-продавца не "
                "заполнены. Их вносит администратор портала в разделе «Реквизиты компании»."
            ),
            code="requisites_missing",
        )
    return requisites


def _entries(legal_entity: LegalEntity, contract: Contract | None):
    entries = LedgerEntry.objects.filter(legal_entity=legal_entity)
    if contract is not None:
        return entries.filter(contract=contract)
    return entries.filter(contract__currency=CURRENCY)


def _lines(entries, date_from: dt.date, date_to: dt.date, *, all_contracts: bool) -> list[ActLine]:
    """What each document nets to on each of its dates in the period (a changed document's
    reversal cancels its former posting on the same date; a deleted one nets to nothing),
    oldest first. One query with the documents joined: a year may be tens of thousands of
    lines, too many to load as model instances."""
    rows = (
        entries.filter(date__gte=date_from, date__lte=date_to)
        .values_list("date", "document_id", "document__kind", "document__number", "document__date")
        .annotate(contract=Max("contract_id"), total=Sum("amount"))
        .exclude(total=0)
        .order_by("date", "document_id")
    )
    contracts = _contract_names(entries) if all_contracts else {}
    lines = []
    for date, _document_id, kind, number, document_date, contract_id, total in rows:
        total = to_money(total)
        lines.append(
            ActLine(
                date=date,
                kind=kind,
                number=number,
                document_date=document_date,
                debit=total if total > 0 else ZERO,
                credit=-total if total < 0 else ZERO,
                contract=contracts.get(contract_id, ""),
            )
        )
    return lines


def _contract_names(entries) -> dict[int, str]:
    ids = entries.values("contract_id").distinct().order_by()
    return {contract.pk: str(contract) for contract in Contract.objects.filter(pk__in=ids)}


def quarter_start(day: dt.date) -> dt.date:
    """The first day of the quarter `day` is in: the default start of an act's period."""
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
