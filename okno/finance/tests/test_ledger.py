"""Posting settlement documents: the ledger is appended to, never edited, and sums up to
the balance whatever happens to a document."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.db.models.functions import TruncMonth

from okno.clients.tests.factories import ContractFactory
from okno.core.errors import InvalidInput
from okno.finance.models import LedgerEntry, LedgerMonth, SettlementDocument
from okno.finance.selectors.balances import contract_positions
from okno.finance.services.ledger import (
    DocumentData,
    Outcome,
    settlement_document_post,
    settlement_documents_create,
)

pytestmark = pytest.mark.django_db
D = Decimal
DAY = dt.date(2026, 10, 1)


def _data(contract, **changes) -> DocumentData:
    values = {
        "external_id": "ship-1",
        "kind": "shipment",
        "number": "УТ-1",
        "date": DAY,
        "amount": D("1000.00"),
        "contract": contract,
    }
    return DocumentData(**(values | changes))


def _balance(contract) -> Decimal:
    return LedgerEntry.objects.filter(contract=contract).aggregate(s=Sum("amount"))["s"] or D(0)


def test_a_shipment_posts_its_amount_due_after_the_deferral(contract):
    posting = settlement_document_post(actor=None, data=_data(contract))
    assert posting.outcome == Outcome.CREATED
    document = posting.document
    assert document.due_date == DAY + dt.timedelta(days=30)
    assert (document.client_id, document.legal_entity_id) == (
        contract.client_id,
        contract.legal_entity_id,
    )
    assert list(LedgerEntry.objects.values_list("amount", "reason")) == [(D("1000"), "posted")]


def test_a_payment_lowers_the_debt_and_has_no_due_date(contract):
    settlement_document_post(actor=None, data=_data(contract))
    payment = settlement_document_post(
        actor=None, data=_data(contract, external_id="pay-1", kind="payment", amount=D("400"))
    ).document
    assert payment.due_date is None
    assert _balance(contract) == D("600")


def test_sending_the_same_document_again_changes_nothing(contract):
    settlement_document_post(actor=None, data=_data(contract))
    again = settlement_document_post(actor=None, data=_data(contract))
    assert again.outcome == Outcome.UNCHANGED
    assert LedgerEntry.objects.count() == 1
    assert SettlementDocument.objects.count() == 1


def test_a_changed_amount_reverses_and_posts_again(contract):
    settlement_document_post(actor=None, data=_data(contract))
    changed = settlement_document_post(actor=None, data=_data(contract, amount=D("1200")))
    assert changed.outcome == Outcome.UPDATED
    entries = list(LedgerEntry.objects.order_by("pk").values_list("amount", "reason"))
    assert entries == [(D("1000"), "posted"), (D("-1000"), "reversed"), (D("1200"), "posted")]
    assert _balance(contract) == D("1200")


def test_a_new_number_alone_writes_no_entries(contract):
    settlement_document_post(actor=None, data=_data(contract))
    renamed = settlement_document_post(actor=None, data=_data(contract, number="УТ-1/1"))
    assert renamed.outcome == Outcome.UPDATED
    assert renamed.document.number == "УТ-1/1"
    assert LedgerEntry.objects.count() == 1


def test_moving_to_another_contract_moves_the_debt(contract):
    other = ContractFactory(legal_entity=contract.legal_entity, payment_deferral_days=0)
    settlement_document_post(actor=None, data=_data(contract))
    settlement_document_post(actor=None, data=_data(other))
    assert (_balance(contract), _balance(other)) == (D("0"), D("1000"))
    # The reversal is dated as the original, so the old contract's history has no debt.
    positions = contract_positions([contract.pk, other.pk], on=DAY)
    assert positions[contract.pk].balance == D("0")


def test_a_deleted_document_is_reversed_and_kept(contract):
    settlement_document_post(actor=None, data=_data(contract))
    deleted = settlement_document_post(actor=None, data=_data(contract, is_deleted=True))
    assert deleted.outcome == Outcome.DELETED
    assert deleted.document.is_deleted
    assert _balance(contract) == D("0")
    assert LedgerEntry.objects.count() == 2
    assert settlement_document_post(actor=None, data=_data(contract, is_deleted=True)).outcome == (
        Outcome.UNCHANGED
    )
    restored = settlement_document_post(actor=None, data=_data(contract))
    assert restored.outcome == Outcome.UPDATED
    assert _balance(contract) == D("1000")


def test_a_deletion_of_an_unknown_document_is_skipped(contract):
    posting = settlement_document_post(actor=None, data=_data(contract, is_deleted=True))
    assert posting.outcome == Outcome.SKIPPED
    assert not SettlementDocument.objects.exists()


def test_a_negative_opening_balance_is_a_prepayment(contract):
    settlement_document_post(
        actor=None, data=_data(contract, kind="opening", amount=D("-500"), external_id="o")
    )
    assert _balance(contract) == D("-500")
    assert SettlementDocument.objects.get().due_date is None


def test_a_shipment_of_no_amount_is_refused(contract):
    with pytest.raises(InvalidInput) as refused:
        settlement_document_post(actor=None, data=_data(contract, amount=D("0")))
    assert refused.value.field == "amount"
    assert not SettlementDocument.objects.exists()


def test_entries_are_never_changed_or_deleted(contract):
    settlement_document_post(actor=None, data=_data(contract))
    entry = LedgerEntry.objects.get()
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        LedgerEntry.objects.update(amount=0)
    with pytest.raises(TypeError):
        LedgerEntry.objects.all().delete()


def _months(contract_ids) -> dict:
    return {
        (row.contract_id, row.month): row.amount
        for row in LedgerMonth.objects.filter(contract_id__in=contract_ids)
        if row.amount
    }


def _entry_months(contract_ids) -> dict:
    rows = (
        LedgerEntry.objects.filter(contract_id__in=contract_ids)
        .annotate(month=TruncMonth("date"))
        .values("contract_id", "month")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {(row["contract_id"], row["month"]): row["total"] for row in rows if row["total"]}


def test_the_month_sums_follow_every_entry_written(contract):
    other = ContractFactory(legal_entity=contract.legal_entity, payment_deferral_days=0)
    settlement_document_post(actor=None, data=_data(contract))
    settlement_document_post(actor=None, data=_data(contract, amount=D("1200")))
    settlement_document_post(actor=None, data=_data(contract, date=dt.date(2026, 11, 3)))
    settlement_document_post(actor=None, data=_data(other, date=dt.date(2026, 11, 3)))
    payment = _data(contract, external_id="pay-1", kind="payment", amount=D("300"))
    settlement_document_post(actor=None, data=payment)
    settlement_document_post(
        actor=None,
        data=_data(contract, external_id="pay-1", kind="payment", amount=D("300"), is_deleted=True),
    )
    batch = [
        _data(contract, external_id=f"bulk-{n}", number=f"Б-{n}", date=dt.date(2026, 9, n + 1))
        for n in range(3)
    ]
    assert settlement_documents_create(actor=None, data=batch) is not None
    ids = [contract.pk, other.pk]
    assert _months(ids) == _entry_months(ids)
    assert _months(ids)[(contract.pk, dt.date(2026, 9, 1))] == D("3000.00")
    # The balance read from the month sums is the sum of the entries, on any day.
    for day in (dt.date(2026, 9, 2), dt.date(2026, 10, 15), dt.date(2026, 11, 30)):
        expected = LedgerEntry.objects.filter(contract=contract, date__lte=day).aggregate(
            total=Sum("amount")
        )["total"]
        assert contract_positions([contract.pk], on=day)[contract.pk].balance == expected
