"""Contracts kept a typed-in debt and overdue debt until the ledger existed; each non-zero
figure becomes an opening balance in the ledger, dated the day of the migration: the overdue
part due the day before (so it stays overdue), the rest due after the contract's deferral."""

import datetime as dt
from decimal import Decimal

from django.db import migrations
from django.utils import timezone


def balances_to_ledger(apps, schema_editor):
    Contract = apps.get_model("clients", "Contract")
    Document = apps.get_model("finance", "SettlementDocument")
    Entry = apps.get_model("finance", "LedgerEntry")
    today = timezone.localdate()
    contracts = Contract.objects.exclude(balance=0, overdue_debt=0).order_by("pk")
    for contract in contracts:
        overdue = max(min(contract.overdue_debt, contract.balance), Decimal("0"))
        parts = [
            ("overdue", overdue, today - dt.timedelta(days=1)),
            ("current", contract.balance - overdue, today + dt.timedelta(days=contract.payment_deferral_days)),
        ]
        for suffix, amount, due in parts:
            if not amount:
                continue
            document = Document.objects.create(
                client_id=contract.client_id,
                legal_entity_id=contract.legal_entity_id,
                contract_id=contract.pk,
                kind="opening",
                source="portal",
                external_id=f"contract-{contract.pk}-{suffix}",
                number=f"{contract.number}-{suffix}",
                date=today,
                amount=amount,
                currency=contract.currency,
                due_date=due if amount > 0 else None,
            )
            Entry.objects.create(
                document=document,
                client_id=contract.client_id,
                legal_entity_id=contract.legal_entity_id,
                contract_id=contract.pk,
                date=today,
                due_date=document.due_date,
                amount=amount,
                reason="posted",
            )


def ledger_to_balances(apps, schema_editor):
    """Back to the typed-in figures: the opening balances this migration wrote return to
    their contracts and leave the ledger (the append-only rule is the model's, not the
    table's; this is the one place that undoes it)."""
    Contract = apps.get_model("clients", "Contract")
    Document = apps.get_model("finance", "SettlementDocument")
    Entry = apps.get_model("finance", "LedgerEntry")
    moved = Document.objects.filter(source="portal", kind="opening")
    for document in moved:
        contract = Contract.objects.get(pk=document.contract_id)
        contract.balance += document.amount
        if document.external_id.endswith("-overdue"):
            contract.overdue_debt += document.amount
        contract.save(update_fields=["balance", "overdue_debt"])
    Entry.objects.filter(document__in=moved).delete()
    moved.delete()


class Migration(migrations.Migration):
    dependencies = [("finance", "0002_ledger")]

    operations = [migrations.RunPython(balances_to_ledger, ledger_to_balances)]
