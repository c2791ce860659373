"""Writes of client records: the client, its legal entities with bank accounts, its contracts.

Only staff with `clients.manage` change them, and only for clients they see; a
client's people read them, because they come from the company or from 1C. Each
service is atomic, checks every value (raising a `DomainError` that names the
field) and writes an audit event with the fields that changed from what to what.
"""

from okno.clients.services.records.bank_accounts import (
    BANK_ACCOUNT_FIELDS,
    bank_account_check,
    bank_account_create,
    bank_account_delete,
    bank_account_update,
)
from okno.clients.services.records.clients import CLIENT_FIELDS, client_create, client_update
from okno.clients.services.records.common import check_may_manage
from okno.clients.services.records.contracts import (
    CONTRACT_FIELDS,
    contract_create,
    contract_update,
)
from okno.clients.services.records.legal_entities import (
    LEGAL_ENTITY_FIELDS,
    legal_entity_check_requisites,
    legal_entity_create,
    legal_entity_default_kind,
    legal_entity_update,
)

__all__ = [
    "BANK_ACCOUNT_FIELDS",
    "CLIENT_FIELDS",
    "CONTRACT_FIELDS",
    "LEGAL_ENTITY_FIELDS",
    "bank_account_check",
    "bank_account_create",
    "bank_account_delete",
    "bank_account_update",
    "check_may_manage",
    "client_create",
    "client_update",
    "contract_create",
    "contract_update",
    "legal_entity_check_requisites",
    "legal_entity_create",
    "legal_entity_default_kind",
    "legal_entity_update",
]
