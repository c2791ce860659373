"""Counterparties (`Контрагенты`) from 1C: our clients and their legal entities.

A counterparty is found by its 1C id (the legal entity's, then the client's), then by
ИНН+КПП; one ИНН with another КПП is a branch of the same organisation and becomes a new
legal entity of the client that already has that ИНН. Only what is still unknown makes a
new client. Nothing is ever duplicated: ИНН+КПП is unique across the portal.

A counterparty that cannot be taken (no name, an ИНН or КПП failing its check, its ИНН+КПП
already held by another 1C counterparty) is counted as an error and named with its
position in `messages`; the rest of the file is applied. A counterparty 1C marked deleted
deactivates its legal entity. Bank accounts failing their check are skipped with a message.
"""

from __future__ import annotations

import re

from django.db import transaction

from okno.clients.models import BankAccount, Client, LegalEntity
from okno.clients.services.records.bank_accounts import bank_account_check
from okno.core import requisites
from okno.core.errors import InvalidInput
from okno.core.phone import normalize_phone
from okno.exchange.cml.records import CounterpartyRecord

LEGAL_ADDRESS_TAGS = ("АдресРегистрации", "ЮридическийАдрес")
_COMPANY_FORMS = (("ПАО", LegalEntity.Kind.PAO), ("АО", LegalEntity.Kind.AO))
_SOLE_TRADER = re.compile(r"(^|\W)ИП(\W|$)|индивидуальный предприниматель", re.IGNORECASE)
_SYNCED = ("name", "full_name", "inn", "kpp", "legal_address", "postal_address", "is_active")


class CounterpartyRefused(Exception):
    """This counterparty cannot be written; the message says why."""


def counterparties_apply(
    *, records: list[CounterpartyRecord], messages: list[str] | None = None
) -> dict[str, int]:
    """Apply a batch of counterparties; each one is written whole or not at all. Returns
    {created, updated, unchanged, errors}; what went wrong goes to `messages`."""
    counts = {"created": 0, "updated": 0, "unchanged": 0, "errors": 0}
    notes = messages if messages is not None else []
    for record in records:
        try:
            with transaction.atomic():
                counts[counterparty_apply(record=record, messages=notes)] += 1
        except CounterpartyRefused as refused:
            counts["errors"] += 1
            notes.append(f"{record.position}: {refused}")
    return counts


def counterparty_apply(*, record: CounterpartyRecord, messages: list[str]) -> str:
    """Write one counterparty; returns "created", "updated" or "unchanged"."""
    name = (record.name or record.full_name).strip()
    if not name:
        raise CounterpartyRefused("counterparty without a name")
    inn, kpp = _requisites(record)
    entity = _match(record, inn, kpp)
    if record.deleted and (entity is None or entity.pk is None):
        return "unchanged"
    created = entity is None or entity.pk is None
    if entity is None:
        entity = _new_client_entity(record, name, inn, kpp)
    before = {field: getattr(entity, field) for field in _SYNCED}
    entity.name = name[:300]
    entity.full_name = (record.full_name or name)[:500]
    entity.inn, entity.kpp = inn, kpp
    entity.legal_address = _address(record, LEGAL_ADDRESS_TAGS) or entity.legal_address
    entity.postal_address = _address(record, ("Адрес",)) or entity.postal_address
    entity.is_active = not record.deleted
    if entity.external_id is None:
        entity.external_id = record.external_id or None
    changed = created or before != {field: getattr(entity, field) for field in _SYNCED}
    if changed:
        entity.save()
    accounts_added = _bank_accounts(entity, record, messages)
    contacts_added = _contacts(entity.client, record)
    if created:
        return "created"
    return "updated" if changed or accounts_added or contacts_added else "unchanged"


def _requisites(record: CounterpartyRecord) -> tuple[str, str]:
    inn = re.sub(r"\s+", "", record.inn)
    kpp = re.sub(r"\s+", "", record.kpp)
    try:
        inn = requisites.check_inn(inn) if inn else ""
    except InvalidInput:
        raise CounterpartyRefused(f"bad ИНН '{record.inn}'") from None
    try:
        kpp = requisites.check_kpp(kpp) if kpp else ""
    except InvalidInput:
        raise CounterpartyRefused(f"bad КПП '{record.kpp}'") from None
    if kpp and len(inn) != 10:
        raise CounterpartyRefused(f"КПП '{kpp}' without an organisation's ИНН")
    return inn, kpp


def _match(record: CounterpartyRecord, inn: str, kpp: str) -> LegalEntity | None:
    """The legal entity this counterparty is — stored, or new under a known client — or
    None when it is a new client."""
    external_id = record.external_id
    if external_id:
        entity = LegalEntity.objects.select_related("client").filter(external_id=external_id)
        if found := entity.first():
            return found
        client = Client.objects.filter(external_id=external_id).first()
        if client is not None:
            return _entity_of_client(client, inn, kpp)
    if not inn:
        return None
    found = LegalEntity.objects.select_related("client").filter(inn=inn, kpp=kpp).first()
    if found is not None:
        if found.external_id and external_id and found.external_id != external_id:
            raise CounterpartyRefused(
                f"ИНН {inn} КПП {kpp or '—'} belongs to counterparty '{found.external_id}'"
            )
        return found
    branch_of = LegalEntity.objects.select_related("client").filter(inn=inn).first()
    if branch_of is not None:
        return LegalEntity(client=branch_of.client, kind=branch_of.kind)
    return None


def _entity_of_client(client: Client, inn: str, kpp: str) -> LegalEntity:
    """The client's entity with these requisites, its one entity 1C has not named yet,
    or a new one."""
    entities = client.legal_entities.select_related("client")
    if inn and (same := entities.filter(inn=inn, kpp=kpp).first()):
        return same
    unnamed = list(entities.filter(external_id__isnull=True)[:2])
    if len(unnamed) == 1 and (not inn or not unnamed[0].inn):
        return unnamed[0]
    return LegalEntity(client=client, kind=_kind(client.name, inn, kpp))


def _new_client_entity(record: CounterpartyRecord, name: str, inn: str, kpp: str) -> LegalEntity:
    kind = _kind(f"{name} {record.full_name}", inn, kpp)
    individual = kind == LegalEntity.Kind.PERSON
    client = Client.objects.create(
        name=name[:300],
        kind=Client.Kind.INDIVIDUAL if individual else Client.Kind.COMPANY,
        external_id=record.external_id or None,
    )
    return LegalEntity(client=client, kind=kind)


def _kind(names: str, inn: str, kpp: str) -> str:
    """The legal form as far as 1C's data tells it: a 10-digit ИНН or a КПП is an
    organisation (АО or ПАО when its name says so), a 12-digit ИНН a sole trader, no
    ИНН at all a person."""
    if len(inn) == 10 or kpp:
        words = set(re.findall(r"\w+", names.upper()))
        return next((kind for form, kind in _COMPANY_FORMS if form in words), LegalEntity.Kind.OOO)
    if len(inn) == 12 or _SOLE_TRADER.search(names):
        return LegalEntity.Kind.IP
    return LegalEntity.Kind.PERSON


def _address(record: CounterpartyRecord, tags: tuple[str, ...]) -> str:
    for tag, presentation in record.addresses:
        if tag in tags and presentation.strip():
            return presentation.strip()[:500]
    return ""


def _bank_accounts(entity: LegalEntity, record: CounterpartyRecord, messages: list[str]) -> bool:
    """Add the accounts the entity lacks; returns whether any was added."""
    known = set(entity.bank_accounts.values_list("bik", "account"))
    has_primary = entity.bank_accounts.filter(is_primary=True).exists()
    added = False
    for sent in record.bank_accounts:
        cleaned, errors = bank_account_check(
            bank_name=sent.bank_name or sent.bik,
            bik=sent.bik,
            corr_account=sent.correspondent_account,
            account=sent.account,
        )
        if errors:
            messages.append(f"{record.position}: bank account '{sent.account}' skipped")
            continue
        if (cleaned["bik"], cleaned["account"]) in known:
            continue
        BankAccount.objects.create(legal_entity=entity, is_primary=not has_primary, **cleaned)
        known.add((cleaned["bik"], cleaned["account"]))
        has_primary = added = True
    return added


def _contacts(client: Client, record: CounterpartyRecord) -> bool:
    """Fill the client's e-mail and phone from 1C's contacts where the card has none."""
    changed = []
    for kind, value in record.contacts:
        lowered, value = kind.lower(), value.strip()
        if not client.email and ("почт" in lowered or "mail" in lowered) and "@" in value:
            client.email = value[:254]
            changed.append("email")
        elif not client.phone and "телефон" in lowered:
            try:
                client.phone = normalize_phone(value)
            except InvalidInput:
                continue
            changed.append("phone")
    if changed:
        client.save(update_fields=[*changed, "updated_at"])
    return bool(changed)
