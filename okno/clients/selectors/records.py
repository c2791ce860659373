"""Reads of client records for the staff pages, the cabinet and the API.

Every function takes the actor and reads through `visible_to(actor)`, so a
manager sees their own clients, supervisors and administrators all of them,
and a client's person only their client and the legal entities they act for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from okno.clients.models import (
    BankAccount,
    Client,
    ClientMembership,
    Contact,
    Contract,
    DeliveryAddress,
    LegalEntity,
)
from okno.core.actor import Actor
from okno.core.errors import InvalidInput
from okno.core.scoping import ScopedQuerySet, get_visible_or_404

COMPANY_KINDS = (LegalEntity.Kind.OOO, LegalEntity.Kind.AO, LegalEntity.Kind.PAO)
_NOT_DIGITS = re.compile(r"[\s\-]+")


# --- the client list ---------------------------------------------------------------------


def _count_of(model, **filters) -> Coalesce:
    """A per-client count as a subquery: one query for the page, no joins multiplying rows."""
    rows = (
        model.objects.filter(client=OuterRef("pk"), **filters)
        .order_by()
        .values("client")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def _legal_entity_matches(term: str) -> Q:
    """By name or full name, or by ИНН (exact or prefix) when the term is digits."""
    match = Q(name__ucontains=term) | Q(full_name__ucontains=term)
    digits = _NOT_DIGITS.sub("", term)
    return match | Q(inn__startswith=digits) if digits.isdigit() else match


def _search(term: str) -> Q:
    """By client name, e-mail, manager name, legal entity name or ИНН (exact or prefix)."""
    entities = LegalEntity.objects.filter(_legal_entity_matches(term), client=OuterRef("pk"))
    return (
        Q(name__ucontains=term)
        | Q(email__ucontains=term)
        | Q(manager__full_name__ucontains=term)
        | Q(Exists(entities))
    )


def client_list(*, actor: Actor, search: str = "", manager_id: int | None = None) -> ScopedQuerySet:
    """Clients the actor sees, with counts of legal entities, active contracts and people."""
    clients = (
        Client.objects.visible_to(actor)
        .select_related("manager")
        .annotate(
            legal_entity_count=_count_of(LegalEntity, is_active=True),
            contract_count=_count_of(Contract, is_active=True),
            people_count=_count_of(ClientMembership),
        )
    )
    if manager_id:
        clients = clients.filter(manager_id=manager_id)
    term = (search or "").strip()[:100]
    if term:
        clients = clients.filter(_search(term))
    return clients.order_by("name", "pk")


def client_for_new_record(*, actor: Actor, client_id: int | None, missing: str) -> Client:
    """The client a new record is added to: the one named, or a client's person's own;
    404 when the actor does not see it, `missing` (422) when there is none."""
    if client_id is None:
        client_id = actor.client_id
    if client_id is None:
        raise InvalidInput(missing, field="client_id", code="required")
    return get_visible_or_404(Client, actor, pk=client_id)


def client_card(*, actor: Actor, pk) -> Client:
    """The client with its manager, or 404 if the actor may not see it."""
    return get_visible_or_404(Client.objects.select_related("manager"), actor, pk=pk)


# --- the card's tabs ---------------------------------------------------------------------


def client_legal_entities(*, actor: Actor, client: Client) -> list[LegalEntity]:
    """Legal entities of the client with their bank accounts (primary first)."""
    accounts = BankAccount.objects.order_by("-is_primary", "pk")
    return list(
        LegalEntity.objects.visible_to(actor)
        .filter(client=client)
        .prefetch_related(Prefetch("bank_accounts", queryset=accounts))
        .order_by("-is_active", "name", "pk")
    )


def client_contracts(*, actor: Actor, client: Client) -> list[Contract]:
    """Contracts of the client the actor sees, with legal entity and price type; active and
    newest first."""
    return list(
        Contract.objects.visible_to(actor)
        .filter(client=client)
        .select_related("legal_entity", "price_type")
        .order_by("-is_active", "-date", "pk")
    )


def legal_entity_list(
    *, actor: Actor, client_id: int | None = None, search: str = "", is_active: bool | None = None
) -> QuerySet[LegalEntity]:
    """Legal entities the actor sees (for a client's person: those they act for)."""
    entities = (
        LegalEntity.objects.visible_to(actor)
        .filter_given(client_id=client_id, is_active=is_active)
        .prefetch_related(
            Prefetch("bank_accounts", queryset=BankAccount.objects.order_by("-is_primary", "pk"))
        )
    )
    term = (search or "").strip()[:100]
    if term:
        entities = entities.filter(_legal_entity_matches(term))
    return entities.order_by("name", "pk")


def contract_list(
    *,
    actor: Actor,
    client_id: int | None = None,
    legal_entity_id: int | None = None,
    is_active: bool | None = None,
) -> QuerySet[Contract]:
    """Contracts the actor sees, newest first."""
    contracts = Contract.objects.visible_to(actor).filter_given(
        client_id=client_id, legal_entity_id=legal_entity_id, is_active=is_active
    )
    return contracts.select_related("price_type").order_by("-date", "-pk")


# --- what is still missing on a client's card ----------------------------------------------


@dataclass(frozen=True)
class MissingHint:
    """One missing required field, in words, and the card tab where it is filled in."""

    text: str
    tab: str

    def __str__(self) -> str:
        return self.text


def _entity_hints(entity: LegalEntity) -> list[MissingHint]:
    if entity.kind == LegalEntity.Kind.PERSON:
        return []
    missing = []
    if not entity.inn:
        missing.append(_("не указан ИНН"))
    if entity.kind in COMPANY_KINDS and not entity.kpp:
        missing.append(_("не указан КПП"))
    if not entity.ogrn:
        missing.append(_("не указан ОГРНИП") if entity.kind == "ip" else _("не указан ОГРН"))
    if not entity.legal_address:
        missing.append(_("не указан юридический адрес"))
    if not entity.bank_account_count:  # type: ignore[attr-defined]
        missing.append(_("нет банковского счёта"))
    return [MissingHint(f"{entity.name}: {what}", "legal_entities") for what in missing]


def _contract_hints(client: Client) -> list[MissingHint]:
    contracts = list(_active_contracts().filter(client=client).order_by("date", "pk"))
    if not contracts:
        return [MissingHint(_("Нет действующего договора"), "contracts")]
    return [
        MissingHint(_("Договор %(contract)s: не указан тип цен") % {"contract": c}, "contracts")
        for c in contracts
        if c.price_type_id is None
    ]


def _active_contracts() -> QuerySet[Contract]:
    today = timezone.localdate()
    return Contract.objects.filter(is_active=True, legal_entity__is_active=True).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )


def client_missing_hints(*, client: Client) -> list[MissingHint]:
    """What a client's card still lacks, each with the tab to fix it; a fixed number of queries."""
    hints: list[MissingHint] = []
    if client.manager_id is None:
        hints.append(MissingHint(_("Не назначен ответственный менеджер"), "overview"))
    entities = list(
        client.legal_entities.filter(is_active=True)
        .annotate(bank_account_count=Count("bank_accounts"))
        .order_by("name", "pk")
    )
    if not entities:
        hints.append(MissingHint(_("Нет ни одного юрлица"), "legal_entities"))
    for entity in entities:
        hints.extend(_entity_hints(entity))
    if client.kind != Client.Kind.INDIVIDUAL and entities:
        hints.extend(_contract_hints(client))
    hints.extend(_people_hints(client))
    return hints


def _people_hints(client: Client) -> list[MissingHint]:
    hints = []
    if not DeliveryAddress.objects.filter(client=client, is_active=True).exists():
        hints.append(MissingHint(_("Нет адреса доставки"), "addresses"))
    reachable = Contact.objects.filter(client=client).exclude(email="", phone="")
    if not reachable.exists():
        hints.append(MissingHint(_("Нет контакта с e-mail или телефоном"), "contacts"))
    if not ClientMembership.objects.filter(client=client, user__is_active=True).exists():
        hints.append(
            MissingHint(_("Никто из сотрудников клиента не подключён к порталу"), "people")
        )
    return hints


def client_missing_fields(*, client: Client) -> list[str]:
    """The missing required fields of a client's card as Russian hints."""
    return [hint.text for hint in client_missing_hints(client=client)]


# --- many clients at once: who has gaps --------------------------------------------------


GAP_LABELS = {
    "gap_manager": gettext_lazy("нет менеджера"),
    "gap_entity": gettext_lazy("нет юрлица"),
    "gap_requisites": gettext_lazy("неполные реквизиты"),
    "gap_contract": gettext_lazy("нет действующего договора"),
    "gap_price_type": gettext_lazy("договор без типа цен"),
    "gap_address": gettext_lazy("нет адреса доставки"),
    "gap_contact": gettext_lazy("нет контакта"),
    "gap_access": gettext_lazy("никто не подключён"),
}


def _gap_flags() -> dict:
    """The same rules as `client_missing_hints`, as per-client flags for a whole list."""
    entities = LegalEntity.objects.filter(client=OuterRef("pk"), is_active=True)
    no_account = ~Exists(BankAccount.objects.filter(legal_entity=OuterRef("pk")))
    incomplete = entities.exclude(kind=LegalEntity.Kind.PERSON).filter(
        Q(inn="")
        | Q(ogrn="")
        | Q(legal_address="")
        | Q(kind__in=COMPANY_KINDS, kpp="")
        | no_account
    )
    contracts = _active_contracts().filter(client=OuterRef("pk"))
    company = ~Q(kind=Client.Kind.INDIVIDUAL)
    return {
        "gap_manager": Q(manager__isnull=True),
        "gap_entity": ~Exists(entities),
        "gap_requisites": Exists(incomplete),
        "gap_contract": company & Exists(entities) & ~Exists(contracts),
        "gap_price_type": company & Exists(contracts.filter(price_type__isnull=True)),
        "gap_address": ~Exists(
            DeliveryAddress.objects.filter(client=OuterRef("pk"), is_active=True)
        ),
        "gap_contact": ~Exists(
            Contact.objects.filter(client=OuterRef("pk")).exclude(email="", phone="")
        ),
        "gap_access": ~Exists(
            ClientMembership.objects.filter(client=OuterRef("pk"), user__is_active=True)
        ),
    }


@dataclass(frozen=True)
class ClientGaps:
    """A client and the required fields still missing on its card, in words."""

    client: Client
    gaps: list[str]


def clients_with_gaps(*, actor: Actor, limit: int = 10) -> tuple[int, list[ClientGaps]]:
    """How many of the actor's active clients have gaps, and the first `limit` of them."""
    flags = _gap_flags()
    any_gap = Q()
    for condition in flags.values():
        any_gap |= condition
    clients = (
        Client.objects.visible_to(actor)
        .filter(is_active=True)
        .filter(any_gap)
        .annotate(**{name: _as_flag(condition) for name, condition in flags.items()})
    )
    first = [
        ClientGaps(c, [str(label) for name, label in GAP_LABELS.items() if getattr(c, name)])
        for c in clients.order_by("name", "pk")[:limit]
    ]
    return clients.count(), first


def _as_flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())
