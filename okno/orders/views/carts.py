"""The cart pages: the cart with live totals, adding from the catalog, the list of carts.

A change to a line answers with that line and the totals (htmx), so a 1,000-line cart is
recalculated on the server but never re-rendered whole; without htmx the page reloads.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from okno.core.errors import DomainError
from okno.core.schemas import parse_id
from okno.orders.forms import CartNameForm
from okno.orders.selectors.carts import cart_get, cart_view, carts_of
from okno.orders.services import carts as cart_services
from okno.orders.views.common import buyer_page, refused, require_buyer


@require_GET
@buyer_page
def cart(request):
    """The active cart of the current legal entity."""
    return _cart_page(request, cart_services.cart_active(actor=request.actor))


@require_GET
@login_required
def cart_detail(request, pk: int):
    return _cart_page(request, _buyer_cart(request, pk))


def _buyer_cart(request, pk: int):
    """The cart of the URL — 404 unless the person may use it — and only then the right to
    order (403), so nobody learns of another client's cart."""
    found = cart_get(actor=request.actor, cart_id=pk)
    require_buyer(request)
    return found


def _cart_page(request, found):
    actor = request.actor
    view = cart_view(actor=actor, cart=found)
    context = {
        "cart": view,
        "carts": carts_of(actor=actor, legal_entity_id=found.legal_entity_id),
        "is_own": found.owner_id == actor.user_id,
        "quick_order_url": f"{reverse('quick:index')}?cart={found.pk}",
    }
    return TemplateResponse(request, "orders/cart/page.html", context)


@require_POST
@buyer_page
def cart_add(request):
    """A line from the catalog (Enter in a quantity box or the «В корзину» button) into the
    active cart of the current legal entity; answers JSON for the page's script."""
    actor = request.actor
    try:
        active = cart_services.cart_active(actor=actor)
        line = cart_services.cart_line_add(
            actor=actor,
            cart=active,
            product_id=(parse_id(request.POST.get("product")) or 0),
            quantity=request.POST.get("quantity", ""),
            unit=request.POST.get("unit") or None,
        )
    except DomainError as error:
        return JsonResponse({"error": error.message, "field": error.field}, status=error.status)
    count = active.lines.count()
    return JsonResponse(
        {
            "message": _("В корзине"),
            "cart": active.name,
            "line_id": line.pk,
            "lines": count,
            "cart_url": reverse("orders:cart"),
        }
    )


@require_POST
@login_required
def line_update(request, pk: int, line_id: int):
    actor = request.actor
    found = _buyer_cart(request, pk)
    error = None
    try:
        cart_services.cart_line_set(
            actor=actor,
            cart=found,
            line_id=line_id,
            quantity=request.POST.get("quantity", ""),
            unit=request.POST.get("unit") or None,
        )
    except DomainError as refusal:
        if not request.htmx:
            return refused(request, refusal, redirect_to=_cart_url(found))
        error = refusal.message
    return _line_answer(request, found, line_id, error=error)


@require_POST
@login_required
def line_remove(request, pk: int, line_id: int):
    actor = request.actor
    found = _buyer_cart(request, pk)
    try:
        cart_services.cart_line_remove(actor=actor, cart=found, line_id=line_id)
    except DomainError as refusal:
        return refused(request, refusal, redirect_to=_cart_url(found))
    return _line_answer(request, found, line_id)


@require_POST
@login_required
def cart_clear(request, pk: int):
    actor = request.actor
    found = _buyer_cart(request, pk)
    cart_services.cart_clear(actor=actor, cart=found)
    messages.success(request, _("Корзина очищена."))
    return redirect(_cart_url(found))


@require_GET
@buyer_page
def cart_list(request):
    actor = request.actor
    context = {"carts": carts_of(actor=actor), "form": CartNameForm()}
    return TemplateResponse(request, "orders/cart/list.html", context)


@require_POST
@buyer_page
def cart_create(request):
    actor = request.actor
    form = CartNameForm(request.POST)
    if form.is_valid():
        try:
            created = cart_services.cart_create(actor=actor, name=form.cleaned_data["name"])
        except DomainError as refusal:
            return refused(request, refusal, redirect_to=reverse("orders:cart_list"))
        messages.success(request, _("Корзина «%(name)s» создана и выбрана.") % {"name": created})
        return redirect(_cart_url(created))
    context = {"carts": carts_of(actor=actor), "form": form}
    return TemplateResponse(request, "orders/cart/list.html", context, status=422)


@require_POST
@login_required
def cart_change(request, pk: int, action: str):
    """Rename, share or stop sharing, make active, or delete one of the person's carts."""
    actor = request.actor
    found = _buyer_cart(request, pk)
    to_cart = request.POST.get("next") == "cart"
    back = _cart_url(found) if to_cart else reverse("orders:cart_list")
    try:
        message = _CART_ACTIONS[action](actor, found, request.POST)
    except DomainError as refusal:
        return refused(request, refusal, redirect_to=back)
    messages.success(request, message)
    if action == "delete":
        back = reverse("orders:cart_list")
    return redirect(back)


def _rename(actor, found, data) -> str:
    cart_services.cart_rename(actor=actor, cart=found, name=data.get("name", ""))
    return _("Корзина переименована.")


def _share(actor, found, data) -> str:
    shared = data.get("shared") == "1"
    cart_services.cart_share(actor=actor, cart=found, shared=shared)
    return _("Корзина видна коллегам.") if shared else _("Корзина больше не видна коллегам.")


def _activate(actor, found, data) -> str:
    cart_services.cart_activate(actor=actor, cart=found)
    return _("Корзина «%(name)s» выбрана: товары из каталога попадут в неё.") % {"name": found}


def _delete(actor, found, data) -> str:
    cart_services.cart_delete(actor=actor, cart=found)
    return _("Корзина «%(name)s» удалена.") % {"name": found}


_CART_ACTIONS = {"rename": _rename, "share": _share, "activate": _activate, "delete": _delete}


def _line_answer(request, found, line_id: int, *, error: str | None = None):
    if not request.htmx:
        return redirect(_cart_url(found))
    view = cart_view(actor=request.actor, cart=found)
    lines = [line for line in view.lines if line.line.pk == line_id]
    context = {"cart": view, "lines": lines, "line_error": error, "line_id": line_id}
    return TemplateResponse(request, "orders/cart/line_swap.html", context)


def _cart_url(found) -> str:
    return reverse("orders:cart_detail", args=[found.pk])
