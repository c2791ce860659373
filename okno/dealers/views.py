"""The pages of «Мои клиенты»: a dealer's customers, their documents and the printable
document.

Only a dealer's admin and buyers work here; anyone else gets 403. A page with an id looks
the object up through `visible_to` first, so another dealer's customer or document is a
404, exactly like a missing one, whoever asks.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from okno.core.actor import Actor
from okno.core.errors import DomainError, NotAllowed
from okno.core.phone import format_phone
from okno.core.schemas import search_term
from okno.core.views import form_error_from
from okno.dealers.forms import CustomerForm, DocumentForm, LineDraft, LinesDraft
from okno.dealers.models import DealerCustomer, RetailDocument
from okno.dealers.rules import check_dealer_person
from okno.dealers.selectors import (
    customer_list,
    customer_of,
    customers_to_choose,
    document_list,
    document_of,
    document_printable,
    product_suggestions,
    products_by_id,
)
from okno.dealers.services import (
    dealer_customer_create,
    dealer_customer_deactivate,
    dealer_customer_update,
    retail_document_create,
    retail_document_update,
)

PAGE_SIZE = 50
TABLE_TARGET = "customer-table"


def _require_dealer(actor: Actor) -> None:
    try:
        check_dealer_person(actor)
    except NotAllowed as refused:
        raise PermissionDenied(refused.message) from refused


def _customer(request, customer_id: int) -> DealerCustomer:
    """The URL's customer: 404 unless the actor sees it, then 403 unless a dealer's person."""
    customer = customer_of(actor=request.actor, customer_id=customer_id)
    _require_dealer(request.actor)
    return customer


def _document(request, document_id: int) -> RetailDocument:
    document = document_of(actor=request.actor, document_id=document_id)
    _require_dealer(request.actor)
    return document


# --- customers ----------------------------------------------------------------------------


@login_required
@require_GET
def customers(request):
    """The dealer's customers, found by name or phone; 50 a page."""
    _require_dealer(request.actor)
    search = search_term(request.GET.get("q"))
    include_inactive = request.GET.get("all") == "1"
    rows = customer_list(actor=request.actor, search=search, include_inactive=include_inactive)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "search": search,
        "include_inactive": include_inactive,
        "query": query.urlencode(),
    }
    htmx = request.htmx
    if htmx and htmx.target == TABLE_TARGET and not htmx.history_restore_request:
        return render(request, "dealers/_customer_table.html", context)
    return render(request, "dealers/customers.html", context)


@login_required
@require_GET
def customer(request, customer_id: int):
    """A customer's card with the documents made for them."""
    found = _customer(request, customer_id)
    documents = document_list(actor=request.actor, customer_id=found.pk)
    return render(request, "dealers/customer.html", {"customer": found, "documents": documents})


@login_required
@require_http_methods(["GET", "POST"])
def customer_create(request):
    _require_dealer(request.actor)
    form = CustomerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = dealer_customer_create(actor=request.actor, **form.cleaned_data)
        except DomainError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Покупатель «%(name)s» добавлен.") % {"name": created})
            return redirect("dealers:customer", customer_id=created.pk)
    return render(request, "dealers/customer_form.html", {"form": form, "customer": None})


@login_required
@require_http_methods(["GET", "POST"])
def customer_edit(request, customer_id: int):
    found = _customer(request, customer_id)
    initial = {name: getattr(found, name) for name in CustomerForm.base_fields}
    initial["phone"] = format_phone(found.phone)
    form = CustomerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            dealer_customer_update(actor=request.actor, customer=found, **form.cleaned_data)
        except DomainError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Покупатель «%(name)s» сохранён.") % {"name": found})
            return redirect("dealers:customer", customer_id=found.pk)
    return render(request, "dealers/customer_form.html", {"form": form, "customer": found})


@login_required
@require_POST
def customer_deactivate(request, customer_id: int):
    """Switch a customer off: gone from the list and from new documents, documents kept."""
    found = _customer(request, customer_id)
    dealer_customer_deactivate(actor=request.actor, customer=found)
    messages.success(request, _("Покупатель «%(name)s» отключён.") % {"name": found})
    return redirect("dealers:customers")


# --- documents -----------------------------------------------------------------------------


@login_required
@require_GET
def document(request, document_id: int):
    """The dealer's view of a document: purchase prices, markups, margin."""
    found = _document(request, document_id)
    return render(request, "dealers/document.html", {"document": found})


@login_required
@require_GET
def document_print(request, document_id: int):
    """The document as the customer gets it: retail prices only, ready to print."""
    found = _document(request, document_id)
    printable = document_printable(actor=request.actor, document=found)
    return render(request, "dealers/document_print.html", {"printable": printable})


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request):
    _require_dealer(request.actor)
    return _document_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request, document_id: int):
    return _document_form(request, _document(request, document_id))


def _document_form(request, document: RetailDocument | None):
    """The document form. Its buttons add a found product, remove a row or save; anything
    else (the «Найти» button, Enter in a field) searches the catalog for the typed text."""
    actor = request.actor
    customers = customers_to_choose(
        actor=actor, keep_id=document.customer_id if document is not None else None
    )
    editing = document is not None
    if request.method != "POST":
        form = DocumentForm(
            initial=_initial(request, document), customers=customers, editing=editing
        )
        return _render_form(request, document, form, _draft_of(document))
    form = DocumentForm(request.POST, customers=customers, editing=editing)
    draft = LinesDraft.from_post(request.POST)
    post = request.POST
    find = search_term(post.get("find"))
    if "suggest" in post and request.htmx:
        found = product_suggestions(actor=actor, query=find)
        return render(request, "dealers/_suggestions.html", {"suggestions": found, "find": find})
    if "save" in post:
        saved = _save(request, document, form, draft)
        if saved is not None:
            return redirect("dealers:document", document_id=saved.pk)
        return _render_form(request, document, form, draft)
    if "remove" in post:
        draft.remove(post.get("remove"))
    elif "add_product" in post:
        product_id = _id_or_none(post.get("add_product"))
        if product_id is not None:
            draft.add(product_id, post.get("find_quantity", ""))
    else:
        return _search(request, document, form, draft, find)
    form.errors.clear()  # a row added or removed is not a failed save
    return _render_form(request, document, form, draft)


def _id_or_none(raw: str | None) -> int | None:
    """An id from the form or the query string; anything an id cannot be is None."""
    if not raw or not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        return None
    return int(raw) or None


def _search(request, document, form, draft: LinesDraft, find: str):
    """Search for the typed text; a single find is added at once («add by article»)."""
    found = product_suggestions(actor=request.actor, query=find) if find else []
    if len(found) == 1:
        draft.add(found[0].pk, request.POST.get("find_quantity", ""))
        found, find = [], ""
    form.errors.clear()
    return _render_form(request, document, form, draft, suggestions=found, find=find)


def _save(request, document, form, draft: LinesDraft) -> RetailDocument | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    fields = {
        "customer": data["customer"],
        "kind": data["kind"],
        "date": data["date"],
        "markup_percent": data["markup_percent"] or None,
        "comment": data["comment"],
        "lines": draft.as_input(),
    }
    try:
        if document is None:
            saved = retail_document_create(actor=request.actor, **fields)
        else:
            saved = retail_document_update(
                actor=request.actor, document=document, reprice=data["reprice"], **fields
            )
    except DomainError as error:
        form_error_from(form, error)
        return None
    messages.success(request, _("Документ «%(name)s» сохранён.") % {"name": saved})
    return saved


def _initial(request, document: RetailDocument | None) -> dict:
    if document is not None:
        return {
            "customer": document.customer_id,
            "kind": document.kind,
            "date": document.date,
            "markup_percent": _plain(document.markup_percent),
            "comment": document.comment,
        }
    initial: dict = {"kind": RetailDocument.Kind.OFFER, "date": timezone.localdate()}
    customer_id = _id_or_none(request.GET.get("customer"))
    if customer_id is not None:
        initial["customer"] = customer_id
    return initial


def _draft_of(document: RetailDocument | None) -> LinesDraft:
    if document is None:
        return LinesDraft([])
    return LinesDraft(
        [
            LineDraft(
                product_id=line.product_id,
                quantity=_plain(line.quantity),
                markup="" if line.markup_percent is None else _plain(line.markup_percent),
            )
            for line in document.lines.all()
        ]
    )


def _plain(value: Decimal) -> str:
    """12.500 → «12,5», 25.00 → «25»: as a person would type it in their language."""
    return format(value.normalize(), "f").replace(".", get_format("DECIMAL_SEPARATOR"))


def _render_form(request, document, form, draft: LinesDraft, *, suggestions=(), find=""):
    products = products_by_id(row.product_id for row in draft.rows)
    rows = [
        {"index": index, "draft": row, "product": products[row.product_id]}
        for index, row in enumerate(draft.rows)
        if row.product_id in products
    ]
    action_url = (
        reverse("dealers:document_edit", kwargs={"document_id": document.pk})
        if document is not None
        else reverse("dealers:document_create")
    )
    context = {
        "form": form,
        "document": document,
        "rows": rows,
        "suggestions": suggestions,
        "find": find,
        "action_url": action_url,
    }
    return render(request, "dealers/document_form.html", context)
