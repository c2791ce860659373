"""The act's arithmetic on any ledger: whatever documents were posted, changed or deleted
and whatever the period, opening + debit − credit = closing, the opening is the balance the
day before the period and the closing the balance on its last day."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okno.clients.tests.factories import ContractFactory
from okno.core.actor import actor_for_user
from okno.finance.models import DocumentKind
from okno.finance.reconciliation.act import quarter_start, reconciliation_act
from okno.finance.selectors.balances import contract_positions
from okno.finance.tests.factories import document_post
from okno.finance.tests.invoice_factories import CompanyRequisitesFactory

pytestmark = pytest.mark.django_db
DAY0 = dt.date(2026, 1, 1)
_serial = itertools.count(1)

documents = st.lists(
    st.tuples(
        st.sampled_from(list(DocumentKind.values)),
        st.decimals(min_value=1, max_value=99999, places=2),
        st.integers(min_value=0, max_value=120),  # the day after DAY0
        st.sampled_from(["post", "change", "delete"]),
    ),
    max_size=12,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    posted=documents,
    start=st.integers(min_value=0, max_value=120),
    length=st.integers(min_value=0, max_value=60),
)
def test_opening_plus_debit_minus_credit_is_closing(world, posted, start, length):
    CompanyRequisitesFactory()
    contract = ContractFactory(legal_entity=world.entity_a1)
    for kind, amount, day, fate in posted:
        external_id = f"doc-{next(_serial)}"
        sign = -1 if kind == DocumentKind.ADJUSTMENT and day % 2 else 1
        date = DAY0 + dt.timedelta(days=day)
        document_post(contract, kind, amount * sign, date=date, external_id=external_id)
        if fate == "change":
            document_post(contract, kind, amount + 1, date=date, external_id=external_id)
        elif fate == "delete":
            document_post(
                contract, kind, amount * sign, date=date, external_id=external_id, is_deleted=True
            )
    date_from = DAY0 + dt.timedelta(days=start)
    date_to = date_from + dt.timedelta(days=length)
    act = reconciliation_act(
        actor=actor_for_user(world.a_admin),
        legal_entity_id=world.entity_a1.pk,
        contract_id=contract.pk,
        date_from=date_from,
        date_to=date_to,
    )
    assert act.opening.amount + act.turnover_debit - act.turnover_credit == act.closing.amount
    before = contract_positions([contract.pk], on=date_from - dt.timedelta(days=1))
    after = contract_positions([contract.pk], on=date_to)
    assert act.opening.amount == before[contract.pk].balance
    assert act.closing.amount == after[contract.pk].balance
    assert all(line.debit == 0 or line.credit == 0 for line in act.lines)
    assert all(date_from <= line.date <= date_to for line in act.lines)
    assert act.turnover_debit == sum((line.debit for line in act.lines), Decimal(0))


@pytest.mark.parametrize(
    ("day", "start"),
    [
        ("2026-01-01", "2026-01-01"),
        ("2026-03-31", "2026-01-01"),
        ("2026-04-01", "2026-04-01"),
        ("2026-11-24", "2026-10-01"),
        ("2026-12-31", "2026-10-01"),
    ],
)
def test_the_period_starts_with_the_quarter(day, start):
    assert quarter_start(dt.date.fromisoformat(day)) == dt.date.fromisoformat(start)


def test_saldo_sides_and_the_conclusion_without_debt(world):
    CompanyRequisitesFactory()
    act = reconciliation_act(
        actor=actor_for_user(world.a_admin),
        legal_entity_id=world.entity_a1.pk,
        contract_id=None,
        date_from=DAY0,
        date_to=DAY0,
    )
    assert (act.opening.debit, act.opening.credit, act.closing.amount) == (0, 0, 0)
    assert act.lines == ()
    assert act.creditor is None
    assert act.conclusion == "задолженность отсутствует"
    assert act.basis == "по всем договорам"
