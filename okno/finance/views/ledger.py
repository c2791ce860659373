"""The settlements pages: the finance overview (balances, overdue by age, credit, the
balance over time), the document archive, a document with its files, a file and a ZIP of
several documents' files. A client's person sees their own (an accountant, a client admin,
a buyer if allowed); staff see a client's through the same pages under /finance/staff/."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from okno.clients.models import Client, Contract, LegalEntity
from okno.core.errors import DomainError, NotAllowed
from okno.core.schemas import parse_id
from okno.core.scoping import get_visible_or_404
from okno.finance.forms import ReconciliationForm
from okno.finance.models import DocumentKind
from okno.finance.selectors.balances import balances_list
from okno.finance.selectors.documents import (
    DocumentFilters,
    document_file_of,
    document_of,
    documents_list,
    documents_page,
    files_for_zip,
    finance_require,
)
from okno.finance.selectors.history import balance_chart
from okno.finance.views.archive import zip_stream

FILTER_FIELDS = ("q", "date_from", "date_to", "kind", "legal_entity", "contract")
RECENT = 10


def finance_page(view):
    """A page of whoever may read settlements; others of a client get 403, the rest home."""

    @login_required
    @wraps(view)
    def page(request, *args, **kwargs):
        actor = request.actor
        if not (actor.is_client or actor.is_staff):
            return redirect("core:home")
        try:
            finance_require(actor)
        except NotAllowed as refusal:
            raise PermissionDenied(refusal.message) from None
        return view(request, *args, **kwargs)

    return page


@require_GET
@finance_page
def overview(request):
    if not request.actor.is_client:
        return redirect("core:home")
    return _overview(request, client=None)


@require_GET
@finance_page
def staff_overview(request, pk: int):
    client = get_visible_or_404(Client, request.actor, pk=pk)
    return _overview(request, client=client)


@require_GET
@finance_page
def documents(request):
    if not request.actor.is_client:
        return redirect("core:home")
    return _documents(request, client=None)


@require_GET
@finance_page
def staff_documents(request, pk: int):
    client = get_visible_or_404(Client, request.actor, pk=pk)
    return _documents(request, client=client)


@require_GET
@login_required
def document(request, pk: int):
    found = _allowed(lambda: document_of(actor=request.actor, document_id=pk))
    files = list(found.files.all())
    context = {"document": found, "files": files, "client": _staff_client(request, found)}
    return TemplateResponse(request, "finance/ledger/document.html", context)


@require_GET
@login_required
def file(request, pk: int):
    document_file = _allowed(lambda: document_file_of(actor=request.actor, file_id=pk))
    return FileResponse(
        document_file.file.open("rb"), as_attachment=True, filename=document_file.name
    )


@require_GET
@finance_page
def documents_zip(request):
    """The files of the chosen documents (`?id=…&id=…`) in one ZIP, written as it is sent."""
    ids = [number for raw in request.GET.getlist("id") if (number := parse_id(raw))]
    try:
        files = files_for_zip(actor=request.actor, document_ids=ids)
    except DomainError as refusal:
        return TemplateResponse(
            request, "finance/ledger/refused.html", {"message": refusal.message}, status=400
        )
    name = f"documents-{timezone.localdate():%Y-%m-%d}.zip"
    response = StreamingHttpResponse(zip_stream(files), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _allowed(read):
    try:
        return read()
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.message) from None


def _staff_client(request, found) -> Client | None:
    return found.client if request.actor.is_staff else None


def _overview(request, *, client: Client | None):
    actor = request.actor
    legal_entity_id = parse_id(request.GET.get("legal_entity"))
    rows = balances_list(
        actor=actor, client_id=client.pk if client else None, legal_entity_id=legal_entity_id
    )
    today = timezone.localdate()
    chart = balance_chart(
        contract_ids=[row.contract.pk for row in rows],
        start=today - dt.timedelta(days=365),
        end=today,
        closing=sum((row.position.balance for row in rows), Decimal("0")),
    )
    recent = documents_list(
        actor=actor,
        filters=DocumentFilters(
            client_id=client.pk if client else None, legal_entity_id=legal_entity_id
        ),
    )[:RECENT]
    context_entities = legal_entity_choices(actor, client)
    context = {
        "rows": rows,
        "totals": _totals(rows),
        "chart": chart,
        "recent": list(recent),
        "client": client,
        "legal_entities": context_entities,
        "legal_entity": legal_entity_id,
        "documents_url": finance_url(request, client, "documents"),
        "reconciliation_url": finance_url(request, client, "reconciliation"),
        "reconciliation_form": _reconciliation_form(
            actor, client, context_entities, today, legal_entity_id
        ),
    }
    return TemplateResponse(request, "finance/ledger/overview.html", context)


def _reconciliation_form(actor, client: Client | None, legal_entities, today, legal_entity_id):
    """The form «Акт сверки» the overview offers, filled with the defaults (the legal entity
    the page is narrowed to, if any)."""
    initial = ReconciliationForm.initial_for(today, legal_entities)
    if legal_entity_id in {pk for pk, _name in legal_entities}:
        initial["legal_entity"] = legal_entity_id
    return ReconciliationForm(
        legal_entities=legal_entities, contracts=contract_choices(actor, client), initial=initial
    )


def _totals(rows) -> dict:
    """Sums of the rows in one currency; contracts in others are left out of the totals."""
    rub = [row for row in rows if row.contract.currency == "RUB"]
    zero = Decimal("0")
    return {
        "balance": sum((row.position.balance for row in rub), start=zero),
        "overdue": sum((row.position.overdue for row in rub), start=zero),
        "current": sum((row.position.current for row in rub), start=zero),
    }


def _documents(request, *, client: Client | None):
    actor = request.actor
    data = request.GET
    renamed = {
        "q": data.get("q", ""),
        "date_from": data.get("date_from", ""),
        "date_to": data.get("date_to", ""),
        "kind": data.get("kind", ""),
        "legal_entity_id": data.get("legal_entity", ""),
        "contract_id": data.get("contract", ""),
    }
    filters, errors = DocumentFilters.parse(renamed)
    if client is not None:
        filters = replace(filters, client_id=client.pk)
    page = documents_page(actor=actor, filters=filters, page=_page_number(data))
    query = urlencode([(name, data.get(name)) for name in FILTER_FIELDS if data.get(name)])
    contracts = Contract.objects.visible_to(actor).filter_given(
        client_id=client.pk if client else None
    )
    context = {
        "page": page,
        "errors": errors,
        "values": {name: data.get(name, "") for name in FILTER_FIELDS},
        "kinds": DocumentKind.choices,
        "legal_entities": legal_entity_choices(actor, client),
        "contracts": list(contracts.order_by("date", "pk").values_list("pk", "number", "date")),
        "query": query,
        "client": client,
        "overview_url": finance_url(request, client, "overview"),
    }
    return TemplateResponse(request, "finance/ledger/documents.html", context)


def legal_entity_choices(actor, client: Client | None) -> list[tuple[int, str]]:
    entities = LegalEntity.objects.visible_to(actor).filter_given(
        client_id=client.pk if client else None
    )
    return list(entities.order_by("name").values_list("pk", "name"))


def contract_choices(actor, client: Client | None) -> list[tuple[int, str, int]]:
    """(id, «Юрлицо: № 12 от 01.02.2026», legal entity id) of the rouble contracts."""
    rows = (
        Contract.objects.visible_to(actor)
        .filter_given(client_id=client.pk if client else None)
        .filter(currency="RUB")
        .select_related("legal_entity")
        .order_by("legal_entity__name", "date", "pk")
    )
    return [(c.pk, f"{c.legal_entity.name}: {c}", c.legal_entity_id) for c in rows]


def finance_url(request, client: Client | None, page: str) -> str:
    if client is None:
        return reverse(f"finance:{page}")
    return reverse(f"finance:staff_{page}", kwargs={"pk": client.pk})


def _page_number(data) -> int:
    try:
        return int(data.get("page", 1))
    except ValueError:
        return 1
