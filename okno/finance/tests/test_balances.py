"""Receivables by age on a fixed date: payments settle the oldest debts first (FIFO)."""

import datetime as dt
from decimal import Decimal

import pytest

from okno.finance.selectors.balances import contract_positions
from okno.finance.tests.factories import document_post

pytestmark = pytest.mark.django_db
D = Decimal
ON = dt.date(2026, 11, 30)


def _days_before(days: int) -> dt.date:
    return ON - dt.timedelta(days=days)


def test_debts_fall_into_buckets_by_days_past_due(contract):
    # Due 30 days after the date: 100 days ago → 70 days overdue, 75 → 45, 40 → 10, 10 → not due.
    for days, amount in ((100, "1000"), (75, "2000"), (40, "3000"), (10, "4000")):
        document_post(contract, "shipment", amount, date=_days_before(days))
    position = contract_positions([contract.pk], on=ON)[contract.pk]
    assert position.balance == D("10000")
    assert position.current == D("4000")
    assert position.overdue_buckets == [D("3000"), D("2000"), D("1000")]
    assert position.overdue == D("6000")


def test_payments_settle_the_oldest_debt_first(contract):
    document_post(contract, "shipment", "1000", date=_days_before(100))
    document_post(contract, "shipment", "2000", date=_days_before(75))
    document_post(contract, "payment", "1500", date=_days_before(5))
    position = contract_positions([contract.pk], on=ON)[contract.pk]
    assert position.balance == D("1500")
    # The 1000 of 100 days ago is paid, and 500 of the next one.
    assert position.overdue_buckets == [D("0"), D("1500"), D("0")]


def test_the_bucket_edges(contract):
    for overdue_days, amount in ((1, "1"), (30, "2"), (31, "4"), (60, "8"), (61, "16")):
        document_post(contract, "shipment", amount, date=_days_before(30 + overdue_days))
    document_post(contract, "shipment", "32", date=_days_before(30))  # due today: current
    position = contract_positions([contract.pk], on=ON)[contract.pk]
    assert position.current == D("32")
    assert position.overdue_buckets == [D("3"), D("12"), D("16")]


def test_an_explicit_due_date_wins_over_the_deferral(contract):
    document_post(contract, "shipment", "700", date=_days_before(3), due_date=_days_before(2))
    position = contract_positions([contract.pk], on=ON)[contract.pk]
    assert position.overdue_buckets[0] == D("700")


def test_the_position_is_as_of_the_date(contract):
    document_post(contract, "shipment", "1000", date=_days_before(100))
    document_post(contract, "payment", "1000", date=ON + dt.timedelta(days=1))
    assert contract_positions([contract.pk], on=ON)[contract.pk].overdue == D("1000")
    later = contract_positions([contract.pk], on=ON + dt.timedelta(days=1))[contract.pk]
    assert (later.balance, later.overdue) == (D("0"), D("0"))


def test_overpayment_leaves_a_negative_balance_and_nothing_overdue(contract):
    document_post(contract, "shipment", "1000", date=_days_before(100))
    document_post(contract, "payment", "1500", date=_days_before(1))
    position = contract_positions([contract.pk], on=ON)[contract.pk]
    assert (position.balance, position.overdue, position.current) == (D("-500"), 0, 0)


def test_only_the_newest_debts_are_read_and_a_corrected_one_counts_as_it_stands(
    contract, monkeypatch
):
    # Read two debts at a time: the unpaid ones span several reads.
    monkeypatch.setattr("okno.finance.selectors.balances.DEBTS_CHUNK", 2)
    for days in (200, 150, 100, 80, 50, 35, 20, 5):
        document_post(contract, "shipment", "100", date=_days_before(days))
    corrected = document_post(contract, "shipment", "100", date=_days_before(45))
    document_post(
        contract, "shipment", "300", date=_days_before(45), external_id=corrected.external_id
    )
    document_post(contract, "payment", "350", date=_days_before(1))
    position = contract_positions([contract.pk], on=ON)[contract.pk]
    # Owed 800 + 300 − 350 = 750: paid are the three oldest and half of the 80 days' one.
    # Due 30 days after the date: the 20 and 5 days' ones are current.
    assert position.balance == D("750")
    assert position.current == D("200")
    assert position.overdue_buckets == [D("500"), D("50"), D("0")]
