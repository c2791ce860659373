"""The lists of orders: the client's order history and the manager's orders, both searched
and narrowed by `selectors.history`, and their export to Excel."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import FileResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from okno.clients.models import LegalEntity
from okno.core.errors import DomainError
from okno.core.roles import Perm
from okno.core.views import client_page
from okno.orders.models import OrderStatus
from okno.orders.selectors.history import OrderFilters, orders_history_page
from okno.orders.selectors.history_export import orders_export_xlsx
from okno.orders.views.common import manager_page, refused

FILTER_FIELDS = ("q", "date_from", "date_to", "status", "legal_entity", "amount_min", "amount_max")


@require_GET
@client_page
def orders(request):
    entities = LegalEntity.objects.visible_to(request.actor).order_by("name")
    context = _history(request, merge=request.actor.can(Perm.ORDER_PLACE))
    context["legal_entities"] = list(entities.values_list("pk", "name"))
    return TemplateResponse(request, "orders/list.html", context)


@require_GET
@manager_page
def staff_orders(request):
    """The orders of the manager's clients; by default those waiting to be verified."""
    data = request.GET.copy()
    queue = not any(data.get(name) for name in FILTER_FIELDS)
    if queue:
        data.setlist("status", [OrderStatus.SUBMITTED])
    context = _history(request, merge=True, data=data, queue=queue)
    context["queue"] = queue
    return TemplateResponse(request, "orders/staff_queue.html", context)


@require_GET
@client_page
def orders_export(request):
    return _export(request, back="orders:orders")


@require_GET
@manager_page
def staff_orders_export(request):
    return _export(request, back="orders:staff_orders")


def _history(request, *, merge: bool, data=None, queue: bool = False) -> dict:
    data = request.GET if data is None else data
    filters, errors = OrderFilters.parse(_renamed(data))
    page = orders_history_page(
        actor=request.actor, filters=filters, page=_page_number(data), queue=queue
    )
    query = urlencode([(name, value) for name in FILTER_FIELDS for value in data.getlist(name)])
    return {
        "page": page,
        "errors": errors,
        "values": {name: data.get(name, "") for name in FILTER_FIELDS},
        "chosen_statuses": data.getlist("status"),
        "statuses": OrderStatus.choices,
        "query": query,
        "merge": merge,
    }


def _export(request, *, back: str):
    try:
        # A bad filter refuses the export: an unfiltered file would pass for the filtered one.
        filters = OrderFilters.from_query(_renamed(request.GET))
        export = orders_export_xlsx(
            actor=request.actor, filters=filters, with_lines=request.GET.get("lines") == "1"
        )
    except DomainError as refusal:
        return refused(request, refusal, redirect_to=f"{reverse(back)}?{request.GET.urlencode()}")
    return FileResponse(
        export.file, as_attachment=True, filename=export.filename, content_type=export.content_type
    )


def _renamed(data) -> dict:
    """The page's parameter names as the filters read them."""
    names = {"q": "query", "legal_entity": "legal_entity_id"}
    renamed = {names.get(name, name): data.get(name, "") for name in FILTER_FIELDS}
    renamed["status"] = data.getlist("status")
    return renamed


def _page_number(data) -> int:
    try:
        return int(data.get("page", 1))
    except ValueError:
        return 1
