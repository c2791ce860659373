from decimal import Decimal

from okno.audit.models import AuditEvent
from okno.audit.services import audit_diff, audit_record, audit_snapshot


def test_diff_lists_only_changed_fields():
    assert audit_diff({"a": 1, "b": "x"}, {"a": 2, "b": "x"}) == {"a": [1, 2]}


def test_record_keeps_who_what_and_the_client(world):
    world.contract_a1.refresh_from_db()
    before = audit_snapshot(world.contract_a1, ["number", "credit_limit", "price_type"])
    world.contract_a1.credit_limit = Decimal("500000.00")
    after = audit_snapshot(world.contract_a1, ["number", "credit_limit", "price_type"])
    event = audit_record(
        action="contract.updated",
        user=world.manager_a,
        obj=world.contract_a1,
        changes=audit_diff(before, after),
    )
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.client_id == world.client_a.pk
    assert event.user_label == str(world.manager_a)
    assert event.object_type == "clients.contract"
    assert event.changes == {"credit_limit": ["0.00", "500000.00"]}


def test_record_finds_the_client_of_a_bank_account(world):
    account = world.entity_a1.bank_accounts.get()
    event = audit_record(action="bank_account.updated", user=world.manager_a, obj=account)
    assert event.client_id == world.client_a.pk
