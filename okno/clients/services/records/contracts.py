"""Contracts of a legal entity and their commercial terms.

The terms decide what the client pays and how: the price type, a discount,
the payment deferral in days and the credit limit, with what happens when an
order goes over it (blocked, or allowed with a warning).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from okno.catalog.models import PriceType
from okno.clients.models import Contract, LegalEntity
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
from okno.core.actor import Actor
from okno.core.errors import Conflict, InvalidInput

CONTRACT_FIELDS = (
    "number",
    "date",
    "currency",
    "price_type",
    "discount_percent",
    "payment_deferral_days",
    "credit_limit",
    "credit_mode",
    "valid_until",
    "is_active",
)
MAX_DISCOUNT = Decimal("99.99")
MAX_CREDIT_LIMIT = Decimal("999999999999.99")  # what the column holds: 14 digits, 2 after
MAX_DEFERRAL_DAYS = 3650


def _clean_price_type(value: Any) -> PriceType | None:
    price_type_id = values.object_id(value, field="price_type")
    if price_type_id is None:
        return None
    price_type = PriceType.objects.filter(pk=price_type_id).first()
    if price_type is None:
        raise InvalidInput(_("Такого типа цен нет."), field="price_type")
    return price_type


_CLEANERS: dict[str, Callable[[Any], Any]] = {
    "number": lambda v: values.text(
        v, field="number", label=_("Номер"), max_length=60, required=True
    ),
    "date": lambda v: values.date(v, field="date", label=_("Дата"), required=True),
    "currency": values.currency,
    "price_type": _clean_price_type,
    "discount_percent": lambda v: values.decimal(
        v, field="discount_percent", label=_("Скидка, %"), minimum=Decimal(0), maximum=MAX_DISCOUNT
    ),
    "payment_deferral_days": lambda v: values.integer(
        v,
        field="payment_deferral_days",
        label=_("Отсрочка платежа, дней"),
        minimum=0,
        maximum=MAX_DEFERRAL_DAYS,
    ),
    "credit_limit": lambda v: values.decimal(
        v,
        field="credit_limit",
        label=_("Кредитный лимит"),
        minimum=Decimal(0),
        maximum=MAX_CREDIT_LIMIT,
    ),
    "credit_mode": lambda v: values.choice(v, Contract.CreditMode, field="credit_mode"),
    "valid_until": lambda v: values.date(v, field="valid_until", label=_("Действует до")),
    "is_active": lambda v: values.flag(v, field="is_active"),
}


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    check_known_fields(fields, CONTRACT_FIELDS)
    return {name: _CLEANERS[name](value) for name, value in fields.items()}


def _duplicate_error(contract: Contract) -> Conflict:
    message = _("У этого юрлица уже есть договор № %(number)s от %(date)s.") % {
        "number": contract.number,
        "date": f"{contract.date:%d.%m.%Y}",
    }
    return Conflict(message, field="number", code="duplicate")


def _check(contract: Contract) -> None:
    if contract.valid_until is not None and contract.valid_until < contract.date:
        raise InvalidInput(
            _("Дата окончания договора не может быть раньше даты договора."), field="valid_until"
        )
    duplicates = Contract.objects.filter(
        legal_entity_id=contract.legal_entity_id, number=contract.number, date=contract.date
    ).exclude(pk=contract.pk)
    if duplicates.exists():
        raise _duplicate_error(contract)


def _save(contract: Contract, update_fields: list[str] | None = None) -> None:
    """Save; the same number stored by a concurrent request is a Conflict, not a 500."""
    try:
        with transaction.atomic():
            contract.save(update_fields=update_fields)
    except IntegrityError:
        raise _duplicate_error(contract) from None


@transaction.atomic
def contract_create(
    *, actor: Actor, legal_entity: LegalEntity, request=None, **fields: Any
) -> Contract:
    """Add a contract to an active legal entity; number and date are required and unique."""
    check_may_manage(actor, legal_entity.client)
    if not legal_entity.is_active:
        raise InvalidInput(
            _("Юрлицо не активно: сначала включите его, потом заводите договор."),
            field="legal_entity",
        )
    fields.setdefault("number", "")
    fields.setdefault("date", None)
    contract = Contract(legal_entity=legal_entity, client_id=legal_entity.client_id)
    set_fields(contract, _clean(fields))
    _check(contract)
    _save(contract)
    audit_change(
        "contract.created", actor, contract, changes_since({}, contract, CONTRACT_FIELDS), request
    )
    return contract


@transaction.atomic
def contract_update(*, actor: Actor, contract: Contract, request=None, **fields: Any) -> Contract:
    """Change a contract's number, dates or terms; each value is checked."""
    check_may_manage(actor, contract.legal_entity.client)
    cleaned = _clean(fields)
    before = snapshot(contract, CONTRACT_FIELDS)
    with unchanged_on_error(contract):
        set_fields(contract, cleaned)
        _check(contract)
    changes = changes_since(before, contract, CONTRACT_FIELDS)
    if changes:
        _save(contract, update_fields=[*changes, "updated_at"])
        audit_change("contract.updated", actor, contract, changes, request)
    return contract
