"""The dealer's part of /api/v1/: its retail customers and the documents made for them.

A dealer's admin or buyer reads and writes; staff who work with clients read the
customers and documents of the dealers their role shows them. Another dealer's customer
or document is 404, exactly like a missing one. Money is in roubles with kopecks; a
document line carries the dealer's purchase price, which the printed document never shows.
"""

import datetime as dt
from decimal import Decimal

from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from okno.core.pagination import Page, page_of, page_schema
from okno.core.schemas import Id, Text
from okno.dealers.models import RetailDocument
from okno.dealers.rules import check_can_read
from okno.dealers.selectors import customer_list, customer_of, document_list, document_of
from okno.dealers.services import (
    RetailLineInput,
    dealer_customer_create,
    dealer_customer_update,
    retail_document_create,
)

router = Router(tags=["dealer: customers and documents"])


# --- customers -------------------------------------------------------------------------------


class CustomerOut(Schema):
    id: int
    name: str
    phone: str
    email: str
    address: str
    comment: str
    default_markup: Decimal
    is_active: bool
    created_at: dt.datetime


CustomerList = page_schema("DealerCustomerList", CustomerOut)


# Text lengths are what the services accept (a phone as typed, before it is normalised).
class CustomerIn(Schema):
    name: Text = Field(..., max_length=300)
    phone: Text = Field("", max_length=20)
    email: Text = Field("", max_length=254)
    address: Text = Field("", max_length=500)
    comment: Text = Field("", max_length=2000)
    default_markup: Decimal = Field(Decimal("0"), ge=0, le=Decimal("999.99"), decimal_places=2)


class CustomerUpdate(CustomerIn):
    is_active: bool = True


class CustomerFilters(Schema):
    search: Text = Field("", max_length=100, description="A part of the name or the phone.")
    include_inactive: bool = False


@router.get("/dealer/customers", response=CustomerList, url_name="dealer_customer_list")
def list_customers(request, filters: Query[CustomerFilters], page: Query[Page]):
    """The dealer's customers by name."""
    check_can_read(request.actor)
    rows = customer_list(actor=request.actor, **filters.model_dump())
    return page_of(rows, page)


@router.post("/dealer/customers", response={201: CustomerOut}, url_name="dealer_customer_create")
def create_customer(request, payload: CustomerIn):
    return Status(201, dealer_customer_create(actor=request.actor, **payload.model_dump()))


@router.get(
    "/dealer/customers/{customer_id}", response=CustomerOut, url_name="dealer_customer_detail"
)
def get_customer(request, customer_id: Id):
    customer = customer_of(actor=request.actor, customer_id=customer_id)
    check_can_read(request.actor)
    return customer


@router.put(
    "/dealer/customers/{customer_id}", response=CustomerOut, url_name="dealer_customer_update"
)
def update_customer(request, customer_id: Id, payload: CustomerUpdate):
    """Replace the customer's fields; `is_active: false` switches them off."""
    customer = customer_of(actor=request.actor, customer_id=customer_id)
    return dealer_customer_update(actor=request.actor, customer=customer, **payload.model_dump())


# --- documents ---------------------------------------------------------------------------------


class LineOut(Schema):
    product_id: int
    article: str
    name: str
    unit: str = Field(..., alias="unit_name")
    quantity: Decimal
    dealer_price: Decimal = Field(description="The dealer's own price with VAT, per unit.")
    markup_percent: Decimal | None = Field(
        description="The line's own markup; null — the document's."
    )
    retail_price: Decimal
    amount: Decimal
    vat_rate: str
    vat_amount: Decimal


class DocumentOut(Schema):
    id: int
    number: int
    kind: str
    date: dt.date
    customer_id: int
    customer_name: str = Field(..., alias="customer.name")
    legal_entity_id: int
    markup_percent: Decimal
    comment: str
    amount: Decimal
    vat_amount: Decimal
    dealer_amount: Decimal = Field(description="What the goods cost the dealer.")
    lines_count: int
    created_at: dt.datetime


class DocumentDetailOut(DocumentOut):
    lines: list[LineOut]

    @staticmethod
    def resolve_lines(obj: RetailDocument) -> list:
        return list(obj.lines.all())


DocumentList = page_schema("RetailDocumentList", DocumentOut)


class LineIn(Schema):
    product_id: Id
    quantity: Decimal = Field(..., gt=0, max_digits=12, decimal_places=3)
    markup_percent: Decimal | None = Field(None, ge=0, le=Decimal("999.99"), decimal_places=2)


class DocumentIn(Schema):
    customer_id: Id
    kind: RetailDocument.Kind = RetailDocument.Kind.OFFER
    date: dt.date | None = Field(None, description="Today when left out.")
    markup_percent: Decimal | None = Field(
        None,
        ge=0,
        le=Decimal("999.99"),
        decimal_places=2,
        description="The customer's default markup when left out.",
    )
    comment: Text = Field("", max_length=2000)
    lines: list[LineIn] = Field(..., min_length=1, max_length=300)


class DocumentFilters(Schema):
    customer_id: Id | None = None
    kind: RetailDocument.Kind | None = None


@router.get("/dealer/documents", response=DocumentList, url_name="dealer_document_list")
def list_documents(request, filters: Query[DocumentFilters], page: Query[Page]):
    """Offers and sale slips, newest first."""
    check_can_read(request.actor)
    return page_of(document_list(actor=request.actor, **filters.model_dump()), page)


@router.post(
    "/dealer/documents", response={201: DocumentDetailOut}, url_name="dealer_document_create"
)
def create_document(request, payload: DocumentIn):
    """Make a document: each line is priced at the dealer's own price plus the markup."""
    customer = customer_of(actor=request.actor, customer_id=payload.customer_id)
    document = retail_document_create(
        actor=request.actor,
        customer=customer,
        kind=payload.kind,
        date=payload.date,
        markup_percent=payload.markup_percent,
        comment=payload.comment,
        lines=[RetailLineInput(**line.model_dump()) for line in payload.lines],
    )
    return Status(201, document_of(actor=request.actor, document_id=document.pk))


@router.get(
    "/dealer/documents/{document_id}",
    response=DocumentDetailOut,
    url_name="dealer_document_detail",
)
def get_document(request, document_id: Id):
    document = document_of(actor=request.actor, document_id=document_id)
    check_can_read(request.actor)
    return document
