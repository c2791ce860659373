"""Bank accounts of a legal entity, checked against the bank's БИК; one of them is primary.

The first account of a legal entity is primary; making another primary takes the
mark from the previous one; removing the primary account passes it to the oldest
remaining one, so a legal entity with accounts always has exactly one primary.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from okno.clients.models import BankAccount, LegalEntity
from okno.clients.services.records import values
from okno.clients.services.records.common import (
    audit_change,
    changes_since,
    check_known_fields,
    check_may_manage,
    set_fields,
    snapshot,
    unchanged_on_error,
)
from okno.core import requisites
from okno.core.actor import Actor
from okno.core.errors import Conflict, InvalidInput

BANK_ACCOUNT_FIELDS = ("bank_name", "bik", "corr_account", "account", "is_primary")


def bank_account_check(
    *, bank_name: str, bik: str, corr_account: str, account: str
) -> tuple[dict[str, str], dict[str, str]]:
    """Check the bank's name, БИК and both accounts: (cleaned values, errors by field).

    The accounts are checked only against a valid БИК: with a wrong БИК every
    account would look wrong and the message would point at the wrong field.
    """
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    checks = {
        "bank_name": lambda: values.text(
            bank_name, field="bank_name", label=_("Банк"), max_length=300, required=True
        ),
        "bik": lambda: requisites.check_bik(bik or ""),
        "corr_account": lambda: requisites.check_correspondent_account(
            corr_account or "", cleaned["bik"]
        ),
        "account": lambda: requisites.check_settlement_account(account or "", cleaned["bik"]),
    }
    for field, check in checks.items():
        if field in ("corr_account", "account") and "bik" not in cleaned:
            continue
        try:
            cleaned[field] = check()
        except InvalidInput as error:
            errors[field] = error.message
    return cleaned, errors


def _clean(fields: dict[str, Any], account: BankAccount) -> dict[str, Any]:
    """Cleaned values of the whole account as it will be stored; raises the first error."""
    check_known_fields(fields, BANK_ACCOUNT_FIELDS)
    merged = {name: fields.get(name, getattr(account, name)) for name in BANK_ACCOUNT_FIELDS}
    cleaned, errors = bank_account_check(
        bank_name=merged["bank_name"],
        bik=merged["bik"],
        corr_account=merged["corr_account"],
        account=merged["account"],
    )
    for field, message in errors.items():
        raise InvalidInput(message, field=field)
    return {**cleaned, "is_primary": values.flag(merged["is_primary"], field="is_primary")}


def _check_unique(account: BankAccount) -> None:
    others = BankAccount.objects.filter(
        legal_entity_id=account.legal_entity_id, bik=account.bik, account=account.account
    ).exclude(pk=account.pk)
    if others.exists():
        raise Conflict(_("Этот расчётный счёт уже указан у юрлица."), field="account")


def _save(account: BankAccount) -> None:
    """Save; the same account added by a concurrent request is a Conflict, not a 500."""
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError:
        raise Conflict(_("Этот расчётный счёт уже указан у юрлица."), field="account") from None


def _keep_one_primary(legal_entity: LegalEntity, chosen: BankAccount | None = None) -> None:
    """Leave exactly one primary account: `chosen` if marked, else the current one, else the
    oldest other (an unmarked `chosen` only when it is the only account)."""
    accounts = BankAccount.objects.filter(legal_entity=legal_entity)
    if chosen is not None and chosen.is_primary:
        accounts.exclude(pk=chosen.pk).filter(is_primary=True).update(is_primary=False)
        return
    if accounts.filter(is_primary=True).exists():
        return
    others = accounts.order_by("pk")
    if chosen is not None:
        others = others.exclude(pk=chosen.pk)
    successor = others.first() or chosen
    if successor is not None:
        accounts.filter(pk=successor.pk).update(is_primary=True)
        successor.is_primary = True


@transaction.atomic
def bank_account_create(
    *, actor: Actor, legal_entity: LegalEntity, request=None, **fields: Any
) -> BankAccount:
    """Add a settlement account to a legal entity; the first one becomes primary."""
    check_may_manage(actor, legal_entity.client)
    account = BankAccount(legal_entity=legal_entity, is_primary=False)
    fields.setdefault("is_primary", not legal_entity.bank_accounts.exists())
    set_fields(account, _clean(fields, account))
    _check_unique(account)
    _save(account)
    _keep_one_primary(legal_entity, account)
    changes = changes_since({}, account, BANK_ACCOUNT_FIELDS)
    audit_change("bank_account.created", actor, account, changes, request)
    return account


@transaction.atomic
def bank_account_update(
    *, actor: Actor, bank_account: BankAccount, request=None, **fields: Any
) -> BankAccount:
    """Change an account; marking it primary takes the mark from the previous primary one."""
    legal_entity = bank_account.legal_entity
    check_may_manage(actor, legal_entity.client)
    before = snapshot(bank_account, BANK_ACCOUNT_FIELDS)
    with unchanged_on_error(bank_account):
        set_fields(bank_account, _clean(fields, bank_account))
        _check_unique(bank_account)
    if not changes_since(before, bank_account, BANK_ACCOUNT_FIELDS):
        return bank_account
    _save(bank_account)
    _keep_one_primary(legal_entity, bank_account)
    # measured after the primary mark settled: unmarking the only account changes nothing
    changes = changes_since(before, bank_account, BANK_ACCOUNT_FIELDS)
    if changes:
        audit_change("bank_account.updated", actor, bank_account, changes, request)
    return bank_account


@transaction.atomic
def bank_account_delete(*, actor: Actor, bank_account: BankAccount, request=None) -> None:
    """Remove an account; if it was primary, the oldest remaining one becomes primary."""
    legal_entity = bank_account.legal_entity
    check_may_manage(actor, legal_entity.client)
    removed = {k: [v, None] for k, v in snapshot(bank_account, BANK_ACCOUNT_FIELDS).items() if v}
    audit_change("bank_account.deleted", actor, bank_account, removed, request)
    bank_account.delete()
    _keep_one_primary(legal_entity)
