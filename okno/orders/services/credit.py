"""Credit checks at checkout: the contract's credit limit and overdue debt.

The debt comes from `contract_debt`: the contract's balance and overdue debt today, as the
finance ledger sums them (`finance.selectors.balances`); the rules stay here.
A contract's `credit_mode` says whether a breach blocks the order or only warns (the
person then confirms the order knowingly, and the warning stays on the order).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from okno.clients.models import Contract
from okno.core.money import format_money
from okno.finance.selectors.balances import contract_position

ZERO = Decimal("0")


@dataclass(frozen=True)
class ContractDebt:
    balance: Decimal  # what the legal entity owes under the contract now
    overdue: Decimal


@dataclass(frozen=True)
class CreditCheck:
    """The problems an order of `amount` meets; `blocks` — they stop it, else they warn."""

    problems: list[str]
    blocks: bool

    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def message(self) -> str:
        return " ".join(self.problems)


def contract_debt(contract: Contract) -> ContractDebt:
    position = contract_position(contract).position
    return ContractDebt(balance=position.balance, overdue=position.overdue)


def credit_check(contract: Contract, amount: Decimal) -> CreditCheck:
    """Overdue debt, and a credit limit (0 — none) that the debt plus the order would pass."""
    debt = contract_debt(contract)
    problems = []
    if debt.overdue > 0:
        problems.append(
            _("По договору есть просроченная задолженность %(overdue)s.")
            % {"overdue": format_money(debt.overdue)}
        )
    limit = contract.credit_limit
    if limit > 0 and debt.balance + amount > limit:
        left = max(limit - debt.balance, ZERO)
        problems.append(
            _("Заказ превышает кредитный лимит: доступно %(left)s из %(limit)s.")
            % {"left": format_money(left), "limit": format_money(limit)}
        )
    return CreditCheck(problems=problems, blocks=contract.credit_mode == Contract.CreditMode.BLOCK)
