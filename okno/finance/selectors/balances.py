"""Balances, receivables by age and credit of contracts, read from the ledger.

A contract's balance on a date is the sum of its entries dated up to it. What of it is
overdue follows 1C's way (ADR 0008): everything that lowered the debt — payments, returns,
credit notes — pays the debts it created first-in first-out, oldest due date first; what is
left of each debt is current until its due date, then overdue by the days since.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, Sum
from django.utils import timezone

from okno.clients.models import Contract
from okno.core.actor import Actor
from okno.finance.models import LedgerEntry

ZERO = Decimal("0")
# Overdue debt by days past due: 1–30, 31–60, over 60.
BUCKETS = ((1, 30), (31, 60), (61, None))


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
    """The position of each contract on `on`, in one query."""
    ids = list(contract_ids)
    positions = {contract_id: Position() for contract_id in ids}
    if not ids:
        return positions
    rows = (
        LedgerEntry.objects.filter(contract_id__in=ids, date__lte=on)
        .values("contract_id", "document_id", "date", "due_date")
        .annotate(total=Sum("amount"))
        .exclude(total=0)
        .order_by()
    )
    debts: dict[int, list[tuple[dt.date, dt.date, int, Decimal]]] = defaultdict(list)
    paid: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        positions[row["contract_id"]].balance += row["total"]
        if row["total"] > 0:
            due = row["due_date"] or row["date"]
            debts[row["contract_id"]].append((due, row["date"], row["document_id"], row["total"]))
        else:
            paid[row["contract_id"]] -= row["total"]
    for contract_id, contract_debts in debts.items():
        _age(positions[contract_id], sorted(contract_debts), paid[contract_id], on)
    return positions


def _age(position: Position, debts: list, paid: Decimal, on: dt.date) -> None:
    """Pay the oldest debts first with what was paid; sort the rest by days past due."""
    for due, _date, _document_id, amount in debts:
        settled = min(amount, paid)
        paid -= settled
        left = amount - settled
        if left <= 0:
            continue
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
    position: by legal entity, then contract date. Two queries."""
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
