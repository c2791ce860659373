"""The lists of orders: the client's order history and the manager's queue."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from okno.core.roles import Perm
from okno.orders.models import Order, OrderStatus
from okno.orders.views.common import client_page, manager_page

PER_PAGE = 50


@require_GET
@client_page
def orders(request):
    rows = (
        Order.objects.visible_to(request.actor)
        .select_related("legal_entity")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    merge = request.actor.can(Perm.ORDER_PLACE)
    return TemplateResponse(request, "orders/list.html", {"page": page, "merge": merge})


@require_GET
@manager_page
def staff_orders(request):
    """Orders of the manager's clients waiting to be verified, oldest first."""
    rows = (
        Order.objects.visible_to(request.actor)
        .filter(status=OrderStatus.SUBMITTED)
        .select_related("legal_entity", "client")
        .order_by("submitted_at", "pk")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(request, "orders/staff_queue.html", {"page": page, "merge": True})
