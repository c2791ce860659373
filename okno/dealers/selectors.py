"""Reads of the dealer's section, always through `visible_to(actor)`: a dealer's people
see their dealer's customers and the documents of the legal entities they act for; the
dealer's manager sees them too."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from okno.catalog.models import Product
from okno.catalog.search.query import search_products
from okno.clients.models import BankAccount, Client, LegalEntity
from okno.core.actor import Actor
from okno.core.schemas import search_term
from okno.core.scoping import get_visible_or_404
from okno.dealers.models import DealerCustomer, RetailDocument

_NOT_DIGITS = re.compile(r"\D+")
# Fewer digits than this in a search are part of a name («Дом 2»), not of a phone.
_PHONE_DIGITS = 3
SUGGESTIONS = 10


# --- customers ---------------------------------------------------------------------------


def customer_list(*, actor: Actor, search: str = "", include_inactive: bool = False) -> QuerySet:
    """The dealer's customers found by name or phone, by name; each with `documents_count`."""
    documents = (
        RetailDocument.objects.visible_to(actor)
        .filter(customer=OuterRef("pk"))
        .order_by()
        .values("customer")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = DealerCustomer.objects.visible_to(actor).annotate(
        documents_count=Coalesce(Subquery(documents, output_field=IntegerField()), Value(0))
    )
    if not include_inactive:
        rows = rows.filter(is_active=True)
    term = search_term(search)
    if term:
        rows = rows.filter(_name_or_phone(term))
    return rows.order_by("name", "pk")


def _name_or_phone(term: str) -> Q:
    found = Q(name__ucontains=term)
    digits = _NOT_DIGITS.sub("", term)
    if len(digits) >= _PHONE_DIGITS:
        found |= Q(phone__contains=digits)
        if digits[0] == "8":  # typed as a Russian number is dialled: 8 916 … is +7 916 …
            found |= Q(phone__startswith="+7" + digits[1:])
    return found


def customer_of(*, actor: Actor, customer_id: int) -> DealerCustomer:
    """A customer the actor sees; 404 for another dealer's or a missing one."""
    return get_visible_or_404(DealerCustomer, actor, pk=customer_id)


def customers_to_choose(*, actor: Actor, keep_id: int | None = None) -> QuerySet[DealerCustomer]:
    """The customers a document may be made for: the active ones, and the one a document
    being edited already has (`keep_id`) even if it was switched off since."""
    wanted = Q(is_active=True) | Q(pk=keep_id) if keep_id is not None else Q(is_active=True)
    return DealerCustomer.objects.visible_to(actor).filter(wanted).order_by("name", "pk")


# --- documents -----------------------------------------------------------------------------


def document_list(
    *, actor: Actor, customer_id: int | None = None, kind: str | None = None
) -> QuerySet[RetailDocument]:
    """Retail documents the actor sees, newest first, with their customer."""
    return (
        RetailDocument.objects.visible_to(actor)
        .filter_given(customer_id=customer_id, kind=kind)
        .select_related("customer")
        .order_by("-date", "-number")
    )


def document_of(*, actor: Actor, document_id: int) -> RetailDocument:
    """A document the actor sees, with its customer, legal entity and lines."""
    rows = RetailDocument.objects.select_related("customer", "legal_entity").prefetch_related(
        "lines"
    )
    return get_visible_or_404(rows, actor, pk=document_id)


@dataclass(frozen=True)
class PrintLine:
    """A line as the customer sees it: retail price and sum only, never the dealer's price."""

    number: int
    article: str
    name: str
    unit_name: str
    quantity: Decimal
    price: Decimal
    amount: Decimal


@dataclass(frozen=True)
class PrintableDocument:
    """What the printed document shows: the dealer's legal entity with its requisites and
    bank account, the dealer's phone and e-mail, the customer, the lines and the totals."""

    document: RetailDocument
    seller: LegalEntity
    bank_account: BankAccount | None
    dealer: Client
    lines: list[PrintLine]


def document_printable(*, actor: Actor, document: RetailDocument) -> PrintableDocument:
    """The printable form of a document the actor sees (read with `document_of`)."""
    seller = document.legal_entity
    bank_account = (
        BankAccount.objects.visible_to(actor)
        .filter(legal_entity=seller)
        .order_by("-is_primary", "pk")
        .first()
    )
    lines = [
        PrintLine(
            number=index,
            article=line.article,
            name=line.name,
            unit_name=line.unit_name,
            quantity=line.quantity,
            price=line.retail_price,
            amount=line.amount,
        )
        for index, line in enumerate(document.lines.all(), start=1)
    ]
    dealer = Client.objects.only("name", "phone", "email").get(pk=document.dealer_id)
    return PrintableDocument(
        document=document, seller=seller, bank_account=bank_account, dealer=dealer, lines=lines
    )


# --- products to put on a document ----------------------------------------------------------


def product_suggestions(*, actor: Actor, query: str) -> list[Product]:
    """Products on sale that the query finds by article, name or barcode (the dealer's own
    articles too), best first; at most ten."""
    term = search_term(query)
    if not term:
        return []
    products = Product.objects.filter(is_active=True).select_related("base_unit")
    return list(search_products(products, term, client_id=actor.client_id)[:SUGGESTIONS])


def products_by_id(ids: Iterable[int]) -> dict[int, Product]:
    """Products with their base unit, by id, in one query (products belong to the company,
    so any id may be read; the services refuse what is not on sale)."""
    wanted = set(ids)
    if not wanted:
        return {}
    return Product.objects.select_related("base_unit").in_bulk(wanted)
