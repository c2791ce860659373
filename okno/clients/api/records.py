"""The API of client records: clients (staff only), legal entities and contracts.

A client's person reads the legal entities they act for and their contracts, and may
not change them (403 after the object is found; another client's object is 404). Staff
read the clients their role sees and, with `clients.manage`, add and change records.
Values are checked by the same services as the pages; a refusal names the API field.
"""

import contextlib
import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from okno.clients.models import Client, Contract, LegalEntity
from okno.clients.selectors.records import (
    client_for_new_record,
    client_list,
    client_missing_fields,
    contract_list,
    legal_entity_list,
)
from okno.clients.services.records import (
    contract_create,
    contract_update,
    legal_entity_create,
    legal_entity_update,
)
from okno.core.actor import Actor
from okno.core.errors import DomainError, NotAllowed
from okno.core.pagination import Page, page_of, page_schema
from okno.core.roles import Perm
from okno.core.schemas import Id, Text
from okno.core.scoping import get_visible_and_allowed, get_visible_or_404

router = Router(tags=["clients, legal entities, contracts"])

# service field → the API field that carries it
_API_FIELD = {
    "manager": "manager_id",
    "price_type": "price_type_id",
    "legal_entity": "legal_entity_id",
}


@contextlib.contextmanager
def _api_field_names() -> Iterator[None]:
    """A refusal names the field as the API calls it (`price_type_id`, not `price_type`)."""
    try:
        yield
    except DomainError as error:
        error.field = _API_FIELD.get(error.field or "", error.field)
        raise


# --- clients -------------------------------------------------------------------------------


class ClientOut(Schema):
    id: int
    name: str
    kind: str
    manager_id: int | None
    manager_name: str | None
    email: str
    phone: str
    is_dealer: bool
    support_tier: str = Field(description="standard, priority or vip: the desk's SLA reads it.")
    support_hours: int = Field(description="Operators' hours a month the support plan includes.")
    is_active: bool
    external_id: str | None
    created_at: dt.datetime
    legal_entity_count: int
    contract_count: int
    people_count: int

    @staticmethod
    def resolve_manager_name(obj: Client) -> str | None:
        return obj.manager.full_name if obj.manager is not None else None


class ClientDetailOut(ClientOut):
    notes: str
    missing_fields: list[str]

    @staticmethod
    def resolve_missing_fields(obj: Client) -> list[str]:
        return client_missing_fields(client=obj)


ClientList = page_schema("ClientList", ClientOut)


class ClientFilters(Schema):
    search: Text = Field(
        "", max_length=100, description="Name, ИНН (prefix), legal entity, manager"
    )
    manager_id: Id | None = None


def _require_staff(actor: Actor) -> None:
    if not actor.is_staff or not (
        actor.can(Perm.CLIENTS_MANAGE) or actor.can(Perm.CLIENTS_VIEW_ALL)
    ):
        raise NotAllowed(
            _("Список клиентов доступен только сотрудникам компании."), code="not_allowed"
        )


@router.get("/clients", response=ClientList, url_name="client_list")
def list_clients(request, filters: Query[ClientFilters], page: Query[Page]):
    """Clients the staff member sees (a manager: their own), by name, with counts."""
    _require_staff(request.actor)
    rows = client_list(actor=request.actor, search=filters.search, manager_id=filters.manager_id)
    return page_of(rows, page)


@router.get("/clients/{client_id}", response=ClientDetailOut, url_name="client_detail")
def get_client(request, client_id: Id):
    """One client with its counts and the hints of what its card still lacks."""
    rows = client_list(actor=request.actor)
    return get_visible_and_allowed(rows, request.actor, require=_require_staff, pk=client_id)


# --- legal entities ------------------------------------------------------------------------


class BankAccountOut(Schema):
    id: int
    bank_name: str
    bik: str
    corr_account: str
    account: str
    is_primary: bool


class LegalEntityOut(Schema):
    id: int
    client_id: int
    kind: str
    name: str
    full_name: str
    inn: str
    kpp: str
    ogrn: str
    legal_address: str
    postal_address: str
    director: str
    is_active: bool
    external_id: str | None
    bank_accounts: list[BankAccountOut]

    @staticmethod
    def resolve_bank_accounts(obj: LegalEntity) -> list:
        return list(obj.bank_accounts.all())


LegalEntityList = page_schema("LegalEntityList", LegalEntityOut)


class LegalEntityFilters(Schema):
    client_id: Id | None = None
    search: Text = Field("", max_length=100, description="Name or ИНН (prefix)")
    is_active: bool | None = None


# Text lengths are what the services accept: requisites as typed, with spaces or dashes.
class LegalEntityIn(Schema):
    client_id: Id | None = Field(None, description="Required for staff.")
    kind: Text = Field("ooo", max_length=8, description="ooo, ao, pao, ip or person")
    name: Text = Field(max_length=300)
    full_name: Text = Field("", max_length=500)
    inn: Text = Field("", max_length=40)
    kpp: Text = Field("", max_length=40)
    ogrn: Text = Field("", max_length=40)
    legal_address: Text = Field("", max_length=500)
    postal_address: Text = Field("", max_length=500)
    director: Text = Field("", max_length=200)
    is_active: bool = True


class LegalEntityPatch(Schema):
    kind: Text | None = Field(None, max_length=8)
    name: Text | None = Field(None, max_length=300)
    full_name: Text | None = Field(None, max_length=500)
    inn: Text | None = Field(None, max_length=40)
    kpp: Text | None = Field(None, max_length=40)
    ogrn: Text | None = Field(None, max_length=40)
    legal_address: Text | None = Field(None, max_length=500)
    postal_address: Text | None = Field(None, max_length=500)
    director: Text | None = Field(None, max_length=200)
    is_active: bool | None = None


@router.get("/legal-entities", response=LegalEntityList, url_name="legal_entity_list")
def list_legal_entities(request, filters: Query[LegalEntityFilters], page: Query[Page]):
    """Legal entities the actor sees (a client's person: those they act for)."""
    return page_of(legal_entity_list(actor=request.actor, **filters.model_dump()), page)


@router.post("/legal-entities", response={201: LegalEntityOut}, url_name="legal_entity_create")
def create_legal_entity(request, payload: LegalEntityIn):
    """Add a legal entity to a client (staff with `clients.manage`)."""
    actor = request.actor
    client = client_for_new_record(
        actor=actor, client_id=payload.client_id, missing=_("Укажите клиента (client_id).")
    )
    fields = payload.model_dump(exclude={"client_id"})
    with _api_field_names():
        entity = legal_entity_create(actor=actor, client=client, request=request, **fields)
    return Status(201, entity)


def _legal_entity(request, legal_entity_id: Id) -> LegalEntity:
    rows = LegalEntity.objects.select_related("client").prefetch_related("bank_accounts")
    return get_visible_or_404(rows, request.actor, pk=legal_entity_id)


@router.get(
    "/legal-entities/{legal_entity_id}", response=LegalEntityOut, url_name="legal_entity_detail"
)
def get_legal_entity(request, legal_entity_id: Id):
    return _legal_entity(request, legal_entity_id)


@router.patch(
    "/legal-entities/{legal_entity_id}", response=LegalEntityOut, url_name="legal_entity_update"
)
def update_legal_entity(request, legal_entity_id: Id, payload: LegalEntityPatch):
    """Change the fields given; the requisites are checked again as the kind requires."""
    entity = _legal_entity(request, legal_entity_id)
    with _api_field_names():
        legal_entity_update(
            actor=request.actor,
            legal_entity=entity,
            request=request,
            **payload.model_dump(exclude_unset=True),
        )
    return entity


# --- contracts -----------------------------------------------------------------------------


class ContractOut(Schema):
    id: int
    client_id: int
    legal_entity_id: int
    number: str
    date: dt.date
    currency: str
    price_type_id: int | None
    price_type_name: str | None
    discount_percent: Decimal
    payment_deferral_days: int
    credit_limit: Decimal
    credit_mode: str
    valid_until: dt.date | None
    is_active: bool
    external_id: str | None

    @staticmethod
    def resolve_price_type_name(obj: Contract) -> str | None:
        return obj.price_type.name if obj.price_type is not None else None


ContractList = page_schema("ContractList", ContractOut)


class ContractFilters(Schema):
    legal_entity_id: Id | None = None
    client_id: Id | None = None
    is_active: bool | None = None


class ContractIn(Schema):
    legal_entity_id: Id
    number: Text = Field(max_length=60)
    date: dt.date
    currency: Text = Field("RUB", max_length=3)
    price_type_id: Id | None = None
    discount_percent: Decimal = Decimal(0)
    payment_deferral_days: int = 0
    credit_limit: Decimal = Decimal(0)
    credit_mode: Text = Field("block", max_length=5, description="block or warn")
    valid_until: dt.date | None = None
    is_active: bool = True


class ContractPatch(Schema):
    number: Text | None = Field(None, max_length=60)
    date: dt.date | None = None
    currency: Text | None = Field(None, max_length=3)
    price_type_id: Id | None = None
    discount_percent: Decimal | None = None
    payment_deferral_days: int | None = None
    credit_limit: Decimal | None = None
    credit_mode: Text | None = Field(None, max_length=5)
    valid_until: dt.date | None = None
    is_active: bool | None = None


def _contract_fields(values: dict) -> dict:
    if "price_type_id" in values:
        values["price_type"] = values.pop("price_type_id")
    return values


@router.get("/contracts", response=ContractList, url_name="contract_list")
def list_contracts(request, filters: Query[ContractFilters], page: Query[Page]):
    """Contracts the actor sees, newest first; filter by legal entity or client."""
    return page_of(contract_list(actor=request.actor, **filters.model_dump()), page)


@router.post("/contracts", response={201: ContractOut}, url_name="contract_create")
def create_contract(request, payload: ContractIn):
    """Add a contract to a legal entity (staff with `clients.manage`)."""
    legal_entity = get_visible_or_404(
        LegalEntity.objects.select_related("client"), request.actor, pk=payload.legal_entity_id
    )
    fields = _contract_fields(payload.model_dump(exclude={"legal_entity_id"}))
    with _api_field_names():
        contract = contract_create(
            actor=request.actor, legal_entity=legal_entity, request=request, **fields
        )
    return Status(201, contract)


def _contract(request, contract_id: Id) -> Contract:
    rows = Contract.objects.select_related("legal_entity__client", "price_type")
    return get_visible_or_404(rows, request.actor, pk=contract_id)


@router.get("/contracts/{contract_id}", response=ContractOut, url_name="contract_detail")
def get_contract(request, contract_id: Id):
    return _contract(request, contract_id)


@router.patch("/contracts/{contract_id}", response=ContractOut, url_name="contract_update")
def update_contract(request, contract_id: Id, payload: ContractPatch):
    """Change the fields given; `valid_until: null` makes the contract open-ended."""
    contract = _contract(request, contract_id)
    fields = _contract_fields(payload.model_dump(exclude_unset=True))
    with _api_field_names():
        contract_update(actor=request.actor, contract=contract, request=request, **fields)
    return contract
