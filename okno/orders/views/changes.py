"""Changing orders from their pages: repeat into a cart, split, merge, the manager's line
edits and shipments. Each view parses the form and calls one service; a refusal comes back
as a message on the page the form was on."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from okno.catalog.models import Product
from okno.catalog.search.keys import article_key
from okno.core.errors import DomainError, InvalidInput
from okno.core.schemas import parse_id
from okno.core.scoping import get_visible_or_404
from okno.orders.models import Shipment
from okno.orders.selectors.orders import order_get
from okno.orders.services.editing import order_line_add, order_line_change
from okno.orders.services.merge import order_merge
from okno.orders.services.repeat import order_repeat
from okno.orders.services.shipments import shipment_create, shipment_set_status
from okno.orders.services.split import order_split
from okno.orders.views.common import refused


@require_POST
@login_required
def repeat(request, pk: int):
    found = order_get(actor=request.actor, order_id=pk)
    try:
        result = order_repeat(actor=request.actor, order=found)
    except DomainError as refusal:
        return refused(request, refusal, redirect_to=_order_url(pk))
    messages.success(
        request,
        _("Строки заказа %(number)s в новой корзине — проверьте цены и наличие на сегодня.")
        % {"number": found.number},
    )
    for skipped in result.skipped:
        messages.warning(request, f"{skipped.article} {skipped.name}: {skipped.reason}")
    return redirect("orders:cart_detail", pk=result.cart.pk)


@require_POST
@login_required
def split(request, pk: int):
    found = order_get(actor=request.actor, order_id=pk)
    by = request.POST.get("by", "")
    line_ids = [(parse_id(value) or 0) for value in request.POST.getlist("line")]
    try:
        parts = order_split(
            actor=request.actor,
            order=found,
            by=by,  # type: ignore[arg-type]  # the service refuses an unknown one
            line_ids=line_ids,
        )
    except DomainError as refusal:
        return refused(request, refusal, redirect_to=_order_url(pk))
    numbers = ", ".join(part.number for part in parts if part.pk != found.pk)
    messages.success(
        request, _("Заказ разделён, новые заказы: %(numbers)s.") % {"numbers": numbers}
    )
    return redirect(_order_url(pk))


@require_POST
@login_required
def merge(request):
    order_ids = [(parse_id(value) or 0) for value in request.POST.getlist("order")]
    back = request.POST.get("next") or reverse("orders:orders")
    if not back.startswith("/"):
        back = reverse("orders:orders")
    try:
        merged = order_merge(actor=request.actor, order_ids=order_ids)
    except DomainError as refusal:
        return refused(request, refusal, redirect_to=back)
    count = len(order_ids) - 1
    messages.success(
        request,
        ngettext(
            "К заказу %(number)s присоединён %(count)s заказ.",
            "К заказу %(number)s присоединены заказы: %(count)s.",
            count,
        )
        % {"number": merged.number, "count": count},
    )
    return redirect(_order_url(merged.pk))


@require_POST
@login_required
def line_change(request, pk: int, line_id: int):
    found = order_get(actor=request.actor, order_id=pk)
    try:
        order_line_change(
            actor=request.actor,
            order=found,
            line_id=line_id,
            quantity=request.POST.get("quantity", ""),
        )
    except DomainError as refusal:
        return refused(request, refusal, redirect_to=_order_url(pk))
    messages.success(request, _("Строка изменена; клиент увидит, что он заказывал."))
    return redirect(_order_url(pk))


@require_POST
@login_required
def line_add(request, pk: int):
    found = order_get(actor=request.actor, order_id=pk)
    try:
        product = _product_by_article(request.POST.get("article", ""))
        order_line_add(
            actor=request.actor,
            order=found,
            product_id=product.pk,
            quantity=request.POST.get("quantity", ""),
        )
    except DomainError as refusal:
        return refused(request, refusal, redirect_to=_order_url(pk))
    messages.success(request, _("Строка %(article)s добавлена.") % {"article": product.article})
    return redirect(_order_url(pk))


@require_POST
@login_required
def shipment_new(request, pk: int):
    found = order_get(actor=request.actor, order_id=pk)
    lines = [
        ((parse_id(name.removeprefix("ship_")) or 0), value.strip())
        for name, value in request.POST.items()
        if name.startswith("ship_") and value.strip() not in ("", "0")
    ]
    try:
        shipment = shipment_create(
            actor=request.actor,
            order=found,
            lines=lines,
            date=_date(request.POST.get("date", "")),
            carrier=request.POST.get("carrier", "").strip()[:200],
            tracking_number=request.POST.get("tracking_number", "").strip()[:100],
        )
    except DomainError as refusal:
        return refused(request, refusal, redirect_to=_order_url(pk))
    messages.success(request, _("Отгрузка %(number)s создана.") % {"number": shipment.number})
    return redirect(_order_url(pk))


@require_POST
@login_required
def shipment_status(request, pk: int):
    shipment = get_visible_or_404(Shipment, request.actor, pk=pk)
    back = _order_url(shipment.order_id)
    try:
        shipment_set_status(
            actor=request.actor, shipment=shipment, status=request.POST.get("status", "")
        )
    except DomainError as refusal:
        return refused(request, refusal, redirect_to=back)
    messages.success(request, _("Статус отгрузки изменён."))
    return redirect(back)


def _product_by_article(article: str) -> Product:
    key = article_key(article)
    found = list(Product.objects.filter(article_key=key, is_active=True)[:2]) if key else []
    if len(found) != 1:
        raise InvalidInput(
            _("Товар с артикулом «%(article)s» не найден.") % {"article": article.strip()}
            if not found
            else _("Артикулу «%(article)s» соответствуют несколько товаров.")
            % {"article": article.strip()},
            field="article",
        )
    return found[0]


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(_("Укажите дату отгрузки."), field="date") from None


def _order_url(pk: int) -> str:
    return reverse("orders:order", args=[pk])
