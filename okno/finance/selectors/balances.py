"""Balances, receivables by age and credit of contracts, read from the ledger.

A contract's balance on a date is the sum of its entries dated up to it. What of it is
overdue follows 1C's way (ADR 0008): everything that lowered the debt — payments, returns,
credit notes — pays the debts it created first-in first-out, oldest due date first; what is
left of each debt is current until its due date, then overdue by the days since.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from okno.clients.models import Contract
from okno.core.actor import Actor
from okno.core.money import to_money
from okno.finance.models import LedgerEntry, LedgerMonth

ZERO = Decimal("0")
# Overdue debt by days past due: 1–30, 31–60, over 60.
BUCKETS = ((1, 30), (31, 60), (61, None))
DEBTS_CHUNK = 200


@dataclass
class Position:
    """Where a contract stands on `on`: what is owed (negative — the client paid ahead),
    what of it is not yet due and what is overdue in each age bucket."""

    balance: Decimal = ZERO
    current: Decimal = ZERO
    overdue_buckets: list[Decimal] = field(default_factory=lambda: [ZERO] * len(BUCKETS))

    @property
    def overdue(self) -> Decimal:
        return sum(self.overdue_buckets, ZERO)


@dataclass(frozen=True)
class ContractPosition:
    """A contract's row on the finance page and in the API."""

    contract: Contract
    position: Position

    @property
    def credit_limit(self) -> Decimal:
        return self.contract.credit_limit

    @property
    def credit_used(self) -> Decimal:
        return max(self.position.balance, ZERO)

    @property
    def credit_left(self) -> Decimal | None:
        """What may still be bought on credit; None — the contract sets no limit."""
        if self.credit_limit <= 0:
            return None
        return max(self.credit_limit - self.credit_used, ZERO)


def contract_positions(contract_ids: Iterable[int], *, on: dt.date) -> dict[int, Position]:
    """The position of each contract on `on`: one query for the balances, and for each
    contract in debt the few of its newest debts that are still unpaid."""
    ids = list(contract_ids)
    positions = {contract_id: Position() for contract_id in ids}
    if not ids:
        return positions
    for contract_id, total in ledger_sums(ids, on=on).items():
        positions[contract_id].balance = total
    for contract_id, position in positions.items():
        if position.balance > 0:
            _age(position, _unpaid(contract_id, on, position.balance), on)
    return positions


def ledger_sums(contract_ids: list[int], *, on: dt.date) -> dict[int, Decimal]:
    """Each contract's sum of entries dated up to `on`: the month sums before `on`'s month
    and the entries of its month, in one query (the two parts as UNION ALL)."""
    month = on.replace(day=1)
    closed = (
        LedgerMonth.objects.filter(contract_id__in=contract_ids, month__lt=month)
        .values("contract_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    current = (
        LedgerEntry.objects.filter(contract_id__in=contract_ids, date__gte=month, date__lte=on)
        .values("contract_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    sums: dict[int, Decimal] = {}
    for row in closed.union(current, all=True):
        # SQLite sums decimals as floats: back to kopecks, which every amount is in.
        sums[row["contract_id"]] = sums.get(row["contract_id"], ZERO) + to_money(row["total"])
    return sums


def _unpaid(contract_id: int, on: dt.date, balance: Decimal) -> list[tuple[dt.date, Decimal]]:
    """The debts FIFO leaves unpaid, newest due first, as (due date, what is left).

    What lowered the debt pays the oldest debts first, so what is still owed — the
    balance — is the newest debts: walking them from the newest due back until they add
    up to the balance finds them without reading the contract's whole history. A debt is
    a document's net effect per date and due date (a corrected document's reversal
    cancels what it posted), so each document met is summed whole."""
    newest_first = (
        LedgerEntry.objects.filter(contract_id=contract_id, date__lte=on, amount__gt=0)
        .annotate(due=Coalesce("due_date", "date"))
        .order_by("-due", "-date", "-document_id")
        .values_list("document_id", "date", "due_date")
    )
    unpaid: list[tuple[dt.date, Decimal]] = []
    seen: set[tuple] = set()
    left, offset = balance, 0
    while left > 0:
        chunk = list(newest_first[offset : offset + DEBTS_CHUNK])
        if not chunk:
            break
        offset += len(chunk)
        keys = [key for key in dict.fromkeys(chunk) if key not in seen]
        seen.update(keys)
        totals = _debts_of({document_id for document_id, _date, _due in keys}, contract_id, on)
        for key in keys:
            total = totals.get(key, ZERO)
            if total <= 0:
                continue
            owed = min(total, left)
            unpaid.append((key[2] or key[1], owed))
            left -= owed
            if left <= 0:
                break
    return unpaid


def _debts_of(document_ids: set[int], contract_id: int, on: dt.date) -> dict[tuple, Decimal]:
    rows = (
        LedgerEntry.objects.filter(contract_id=contract_id, document_id__in=document_ids)
        .filter(date__lte=on)
        .values_list("document_id", "date", "due_date")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {(document_id, date, due): to_money(total) for document_id, date, due, total in rows}


def _age(position: Position, unpaid: list[tuple[dt.date, Decimal]], on: dt.date) -> None:
    """Sort what is left of the debts by days past due."""
    for due, left in unpaid:
        days = (on - due).days
        if days <= 0:
            position.current += left
            continue
        for index, (low, high) in enumerate(BUCKETS):
            if days >= low and (high is None or days <= high):
                position.overdue_buckets[index] += left
                break


def contract_position(contract: Contract, *, on: dt.date | None = None) -> ContractPosition:
    """One contract's position today (checkout's credit check)."""
    on = on or timezone.localdate()
    return ContractPosition(
        contract=contract, position=contract_positions([contract.pk], on=on)[contract.pk]
    )


def balances_list(
    *,
    actor: Actor,
    client_id: int | None = None,
    legal_entity_id: int | None = None,
    contract_id: int | None = None,
    on: dt.date | None = None,
) -> list[ContractPosition]:
    """The contracts the actor sees that are in force or have settlements, each with its
    position: by legal entity, then contract date. Two queries, and two more for each
    contract in debt."""
    on = on or timezone.localdate()
    with_entries = Exists(LedgerEntry.objects.filter(contract_id=OuterRef("pk")))
    contracts = (
        Contract.objects.visible_to(actor)
        .filter_given(client_id=client_id, legal_entity_id=legal_entity_id, pk=contract_id)
        .filter(Q(is_active=True) | with_entries)
        .select_related("legal_entity")
        .order_by("legal_entity__name", "date", "pk")
    )
    rows = list(contracts)
    positions = contract_positions((c.pk for c in rows), on=on)
    return [ContractPosition(contract=c, position=positions[c.pk]) for c in rows]
