"""The API of a client's delivery addresses and contacts, scoped to the actor's client.

A client's person reads the addresses of the legal entities they act for and the
contacts of their client, and with `profile.edit` adds and changes them; staff work by
role (`clients.manage` to change) and name the client or legal entity when adding.
"""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from okno.clients.models import Contact, DeliveryAddress, LegalEntity
from okno.clients.selectors.people import address_list, contact_list
from okno.clients.selectors.records import client_for_new_record
from okno.clients.services.people import (
    address_create,
    address_deactivate,
    address_set_default,
    address_update,
    contact_create,
    contact_update,
)
from okno.core.errors import InvalidInput
from okno.core.pagination import Page, page_of, page_schema
from okno.core.schemas import Id, Text
from okno.core.scoping import get_visible_or_404

router = Router(tags=["addresses and contacts"])


class AddressOut(Schema):
    id: int
    client_id: int
    legal_entity_id: int
    legal_entity_name: str = Field(..., alias="legal_entity.name")
    title: str
    postal_code: str
    city: str
    address: str
    contact_name: str
    contact_phone: str
    comment: str
    is_default: bool
    is_active: bool


AddressList = page_schema("AddressList", AddressOut)


# Text lengths are what the services accept (a phone as typed, before it is normalised).
class AddressIn(Schema):
    legal_entity_id: Id | None = Field(
        None, description="Required for staff; a client's person defaults to the current one."
    )
    title: Text = Field("", max_length=120)
    postal_code: Text = Field("", max_length=6)
    city: Text = Field("", max_length=120)
    address: Text = Field("", max_length=500)
    contact_name: Text = Field("", max_length=200)
    contact_phone: Text = Field("", max_length=20)
    comment: Text = Field("", max_length=500)
    is_default: bool = False


class AddressPatch(Schema):
    title: Text | None = Field(None, max_length=120)
    postal_code: Text | None = Field(None, max_length=6)
    city: Text | None = Field(None, max_length=120)
    address: Text | None = Field(None, max_length=500)
    contact_name: Text | None = Field(None, max_length=200)
    contact_phone: Text | None = Field(None, max_length=20)
    comment: Text | None = Field(None, max_length=500)
    is_default: bool | None = Field(None, description="true makes it the default address")
    is_active: bool | None = Field(None, description="false switches the address off")


class AddressFilters(Schema):
    legal_entity_id: Id | None = None
    client_id: Id | None = None
    include_inactive: bool = False


@router.get("/addresses", response=AddressList, url_name="address_list")
def list_addresses(request, filters: Query[AddressFilters], page: Query[Page]):
    """Delivery addresses the actor sees, default first within each legal entity."""
    return page_of(address_list(actor=request.actor, **filters.model_dump()), page)


@router.post("/addresses", response={201: AddressOut}, url_name="address_create")
def create_address(request, payload: AddressIn):
    actor = request.actor
    legal_entity_id = payload.legal_entity_id
    if legal_entity_id is None and actor.is_client:
        legal_entity_id = actor.current_legal_entity_id
    if legal_entity_id is None:
        raise InvalidInput(_("Укажите юрлицо адреса."), field="legal_entity_id", code="required")
    legal_entity = get_visible_or_404(LegalEntity, actor, pk=legal_entity_id)
    fields = payload.model_dump(exclude={"legal_entity_id", "is_default"})
    address = address_create(
        actor=actor,
        legal_entity=legal_entity,
        is_default=payload.is_default,
        request=request,
        **fields,
    )
    return Status(201, address)


def _address(request, address_id: Id) -> DeliveryAddress:
    rows = DeliveryAddress.objects.select_related("legal_entity")
    return get_visible_or_404(rows, request.actor, pk=address_id)


@router.get("/addresses/{address_id}", response=AddressOut, url_name="address_detail")
def get_address(request, address_id: Id):
    return _address(request, address_id)


@router.patch("/addresses/{address_id}", response=AddressOut, url_name="address_update")
def patch_address(request, address_id: Id, payload: AddressPatch):
    """Change fields; `is_default: true` makes it the default, `is_active: false` switches
    it off. All or nothing."""
    with transaction.atomic():
        return _patch_address(request, _address(request, address_id), payload)


def _patch_address(request, address: DeliveryAddress, payload: AddressPatch):
    changes = payload.model_dump(exclude_unset=True)
    is_default = changes.pop("is_default", None)
    is_active = changes.pop("is_active", None)
    if is_default is False:
        raise InvalidInput(
            _("Чтобы адрес перестал быть основным, сделайте основным другой адрес."),
            field="is_default",
        )
    if is_active is True and not address.is_active:
        raise InvalidInput(
            _("Отключённый адрес не включается снова: добавьте его заново."), field="is_active"
        )
    if changes:
        address = address_update(
            actor=request.actor, address=address, fields=changes, request=request
        )
    if is_default:
        address = address_set_default(actor=request.actor, address=address, request=request)
    if is_active is False:
        address = address_deactivate(actor=request.actor, address=address, request=request)
    return address


class ContactOut(Schema):
    id: int
    client_id: int
    full_name: str
    position: str
    email: str
    phone: str
    is_representative: bool
    power_of_attorney: str
    power_of_attorney_until: date | None
    notes: str
    user_id: int | None = Field(None, description="Set when the contact has portal access.")


ContactList = page_schema("ContactList", ContactOut)


class ContactIn(Schema):
    client_id: Id | None = Field(None, description="Required for staff.")
    full_name: Text = Field("", max_length=200)
    position: Text = Field("", max_length=200)
    email: Text = Field("", max_length=254)
    phone: Text = Field("", max_length=20)
    is_representative: bool = False
    power_of_attorney: Text = Field("", max_length=120)
    power_of_attorney_until: date | None = Field(None, description="YYYY-MM-DD")
    notes: Text = Field("", max_length=500)


class ContactPatch(Schema):
    full_name: Text | None = Field(None, max_length=200)
    position: Text | None = Field(None, max_length=200)
    email: Text | None = Field(None, max_length=254)
    phone: Text | None = Field(None, max_length=20)
    is_representative: bool | None = None
    power_of_attorney: Text | None = Field(None, max_length=120)
    power_of_attorney_until: date | None = Field(None, description="YYYY-MM-DD; null clears it")
    notes: Text | None = Field(None, max_length=500)


class ContactFilters(Schema):
    client_id: Id | None = None
    is_representative: bool | None = None
    search: Text = Field("", max_length=100, description="Part of the name, any case")


@router.get("/contacts", response=ContactList, url_name="contact_list")
def list_contacts(request, filters: Query[ContactFilters], page: Query[Page]):
    """Contacts and representatives the actor sees, by name."""
    return page_of(contact_list(actor=request.actor, **filters.model_dump()), page)


@router.post("/contacts", response={201: ContactOut}, url_name="contact_create")
def create_contact(request, payload: ContactIn):
    actor = request.actor
    client = client_for_new_record(
        actor=actor, client_id=payload.client_id, missing=_("Укажите клиента контакта.")
    )
    fields = payload.model_dump(exclude={"client_id"})
    return Status(201, contact_create(actor=actor, client=client, request=request, **fields))


def _contact(request, contact_id: Id) -> Contact:
    return get_visible_or_404(Contact, request.actor, pk=contact_id)


@router.get("/contacts/{contact_id}", response=ContactOut, url_name="contact_detail")
def get_contact(request, contact_id: Id):
    return _contact(request, contact_id)


@router.patch("/contacts/{contact_id}", response=ContactOut, url_name="contact_update")
def patch_contact(request, contact_id: Id, payload: ContactPatch):
    contact = _contact(request, contact_id)
    changes = payload.model_dump(exclude_unset=True)
    return contact_update(actor=request.actor, contact=contact, request=request, **changes)
