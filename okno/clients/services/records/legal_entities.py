"""Legal entities of a client: requisites checked as the kind of entity requires.

ООО, АО and ПАО need a 10-digit ИНН, a КПП and a 13-digit ОГРН; an ИП a 12-digit
ИНН and a 15-digit ОГРНИП and no КПП; a person (физлицо) at most a 12-digit ИНН.
One ИНН+КПП pair belongs to one legal entity in the whole portal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from okno.clients.models import Client, LegalEntity
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

COMPANY_KINDS = (LegalEntity.Kind.OOO, LegalEntity.Kind.AO, LegalEntity.Kind.PAO)
LEGAL_ENTITY_FIELDS = (
    "kind",
    "name",
    "full_name",
    "inn",
    "kpp",
    "ogrn",
    "legal_address",
    "postal_address",
    "director",
    "is_active",
)
# label, longest accepted input, required; ИНН/КПП/ОГРН are checked further by kind
_TEXTS = {
    "name": (gettext_lazy("Краткое наименование"), 300, True),
    "full_name": (gettext_lazy("Полное наименование"), 500, False),
    "inn": (gettext_lazy("ИНН"), 40, False),
    "kpp": (gettext_lazy("КПП"), 40, False),
    "ogrn": (gettext_lazy("ОГРН"), 40, False),
    "legal_address": (gettext_lazy("Юридический адрес"), 500, False),
    "postal_address": (gettext_lazy("Почтовый адрес"), 500, False),
    "director": (gettext_lazy("Руководитель"), 200, False),
}


def _must_be_empty(message: str, field: str) -> Callable[[str], str]:
    def check(raw: str) -> str:
        if raw.strip():
            raise InvalidInput(message, field=field)
        return ""

    return check


def _requisite_rules(kind: str) -> dict[str, Callable[[str], str]]:
    """How ИНН, КПП and ОГРН are checked for each kind of legal entity."""
    if kind in COMPANY_KINDS:
        return {
            "inn": lambda v: requisites.check_inn(v, length=10),
            "kpp": requisites.check_kpp,
            "ogrn": requisites.check_ogrn,
        }
    no_kpp = _must_be_empty(_("У ИП и физического лица нет КПП: оставьте поле пустым."), "kpp")
    if kind == LegalEntity.Kind.IP:
        return {
            "inn": lambda v: requisites.check_inn(v, length=12),
            "kpp": no_kpp,
            "ogrn": requisites.check_ogrnip,
        }
    return {
        "inn": lambda v: requisites.check_inn(v, length=12) if v.strip() else "",
        "kpp": no_kpp,
        "ogrn": _must_be_empty(_("У физического лица нет ОГРН: оставьте поле пустым."), "ogrn"),
    }


def legal_entity_check_requisites(
    *, kind: str, inn: str, kpp: str, ogrn: str
) -> tuple[dict[str, str], dict[str, str]]:
    """Check ИНН, КПП and ОГРН/ОГРНИП as the kind requires: (cleaned values, errors by field).

    Forms call it to show every wrong requisite at once; the services raise the first.
    """
    raw = {"inn": inn or "", "kpp": kpp or "", "ogrn": ogrn or ""}
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for field, check in _requisite_rules(kind).items():
        try:
            cleaned[field] = check(raw[field])
        except InvalidInput as error:
            errors[field] = error.message
    return cleaned, errors


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    check_known_fields(fields, LEGAL_ENTITY_FIELDS)
    cleaned: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "kind":
            cleaned[name] = values.choice(value, LegalEntity.Kind, field="kind")
        elif name == "is_active":
            cleaned[name] = values.flag(value, field="is_active")
        else:
            label, limit, required = _TEXTS[name]
            cleaned[name] = values.text(
                value, field=name, label=str(label), max_length=limit, required=required
            )
    return cleaned


def _check(actor: Actor, entity: LegalEntity) -> None:
    """Check the record as it will be stored (normalising its requisites); refuse a duplicate."""
    if entity.client.kind == Client.Kind.INDIVIDUAL and entity.kind != LegalEntity.Kind.PERSON:
        raise InvalidInput(
            _("У клиента — физического лица покупателем может быть только физическое лицо."),
            field="kind",
        )
    cleaned, errors = legal_entity_check_requisites(
        kind=entity.kind, inn=entity.inn, kpp=entity.kpp, ogrn=entity.ogrn
    )
    for field, message in errors.items():
        raise InvalidInput(message, field=field)
    set_fields(entity, cleaned)
    duplicate = _duplicate_of(entity)
    if duplicate is not None:
        raise _duplicate_error(actor, duplicate)


def _duplicate_of(entity: LegalEntity) -> LegalEntity | None:
    if not entity.inn:
        return None
    others = LegalEntity.objects.filter(inn=entity.inn, kpp=entity.kpp).exclude(pk=entity.pk)
    return others.select_related("client").first()


def _duplicate_error(actor: Actor, other: LegalEntity) -> Conflict:
    """Name the other client only to someone who may see it."""
    if Client.objects.visible_to(actor).filter(pk=other.client_id).exists():
        message = _("Юрлицо с таким ИНН и КПП уже есть: «%(entity)s» у клиента «%(client)s».") % {
            "entity": other.name,
            "client": other.client.name,
        }
    else:
        message = _(
            "Юрлицо с таким ИНН и КПП уже заведено у другого клиента. "
            "Если это ошибка, обратитесь к администратору."
        )
    return Conflict(message, field="inn", code="duplicate")


def _save(actor: Actor, entity: LegalEntity, update_fields: list[str] | None = None) -> None:
    """Save; a duplicate stored by a concurrent request after our check is a Conflict too."""
    try:
        with transaction.atomic():
            entity.save(update_fields=update_fields)
    except IntegrityError:
        duplicate = _duplicate_of(entity)
        if duplicate is None:
            raise
        raise _duplicate_error(actor, duplicate) from None


def legal_entity_default_kind(client: Client) -> str:
    """ООО, or a person for an individual customer."""
    if client.kind == Client.Kind.INDIVIDUAL:
        return LegalEntity.Kind.PERSON
    return LegalEntity.Kind.OOO


@transaction.atomic
def legal_entity_create(
    *, actor: Actor, client: Client, request=None, **fields: Any
) -> LegalEntity:
    """Add a legal entity to a client; its requisites are checked as its kind requires.

    The kind defaults to `legal_entity_default_kind(client)`.
    """
    check_may_manage(actor, client)
    fields.setdefault("kind", legal_entity_default_kind(client))
    entity = LegalEntity(client=client)
    set_fields(entity, _clean(fields))
    _check(actor, entity)
    _save(actor, entity)
    changes = changes_since({}, entity, LEGAL_ENTITY_FIELDS)
    audit_change("legal_entity.created", actor, entity, changes, request)
    return entity


@transaction.atomic
def legal_entity_update(
    *, actor: Actor, legal_entity: LegalEntity, request=None, **fields: Any
) -> LegalEntity:
    """Change a legal entity; the whole record is checked again (a new kind, new rules)."""
    check_may_manage(actor, legal_entity.client)
    cleaned = _clean(fields)
    before = snapshot(legal_entity, LEGAL_ENTITY_FIELDS)
    with unchanged_on_error(legal_entity):
        set_fields(legal_entity, cleaned)
        _check(actor, legal_entity)
    changes = changes_since(before, legal_entity, LEGAL_ENTITY_FIELDS)
    if changes:
        _save(actor, legal_entity, update_fields=[*changes, "updated_at"])
        audit_change("legal_entity.updated", actor, legal_entity, changes, request)
    return legal_entity
