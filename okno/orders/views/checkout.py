"""The checkout page: legal entity, contract, delivery or pickup, shipping warehouse, date
and comment; the order is placed by `order_place`, whose refusals land on the form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from okno.catalog.selectors.viewer import home_warehouse
from okno.clients.models import Contract
from okno.core.errors import DomainError
from okno.core.views import form_error_from
from okno.orders.forms import CheckoutForm
from okno.orders.models import OrderStatus
from okno.orders.selectors.carts import cart_get, cart_view
from okno.orders.selectors.checkout import checkout_options
from okno.orders.services.checkout import Checkout, order_place
from okno.orders.services.delivery import delivery_offer
from okno.orders.views.common import refused, require_buyer

_FIELDS = {
    "legal_entity_id": "legal_entity",
    "contract_id": "contract",
    "address_id": "address",
    "warehouse_id": "warehouse",
    "confirm_credit": "confirm_credit",
}


@require_http_methods(["GET", "POST"])
@login_required
def checkout(request, pk: int):
    actor = request.actor
    cart = cart_get(actor=actor, cart_id=pk)
    require_buyer(request)
    # Choosing another legal entity posts the form back only to offer its contracts and
    # addresses: nothing is placed and no errors are shown yet.
    refresh = request.POST.get("refresh") == "1"
    data = request.POST if request.method == "POST" and not refresh else None
    entity_id = _entity_id(request, cart)
    options = checkout_options(actor=actor, legal_entity_id=entity_id)
    initial = _initial(entity_id, options)
    if refresh:
        initial.update(
            {name: request.POST.get(name, "") for name in ("delivery", "desired_date", "comment")}
        )
    form = CheckoutForm(data, options=options, initial=initial)
    credit_warning = ""
    if data is not None and form.is_valid():
        try:
            order = order_place(actor=actor, checkout=_checkout(cart.pk, form.cleaned_data))
        except DomainError as error:
            if error.field == "cart_id":
                return refused(request, error, redirect_to=reverse("orders:cart_detail", args=[pk]))
            if error.code == "credit_warning":
                credit_warning = error.message
            else:
                form_error_from(form, _on_form(error))
        else:
            messages.success(request, _placed_message(order))
            return redirect("orders:order", pk=order.pk)
    shown = cart_view(actor=actor, cart=cart)
    context = {
        "cart": shown,
        "delivery": delivery_offer(
            goods_total=shown.totals.total, vat_included=shown.totals.vat_included
        ),
        "form": form,
        "credit_warning": credit_warning,
        "pickup_warehouse_ids": options.pickup_warehouse_ids,
    }
    status = 422 if form.errors else 200
    return TemplateResponse(request, "orders/checkout.html", context, status=status)


def _entity_id(request, cart) -> int:
    wanted = request.POST.get("legal_entity") or request.GET.get("legal_entity")
    try:
        wanted_id = int(wanted) if wanted else None
    except ValueError:
        wanted_id = None
    return wanted_id if wanted_id in request.actor.legal_entity_ids else cart.legal_entity_id


def _initial(entity_id: int, options) -> dict:
    first = options.contracts[0][0] if options.contracts else None
    contract = Contract.objects.filter(pk=first).select_related("warehouse").first()
    warehouse = home_warehouse(contract)
    return {
        "legal_entity": entity_id,
        "contract": contract.pk if contract else None,
        "address": options.default_address_id,
        "warehouse": warehouse.pk if warehouse else None,
    }


def _checkout(cart_id: int, data: dict) -> Checkout:
    return Checkout(
        cart_id=cart_id,
        legal_entity_id=data["legal_entity"],
        contract_id=data["contract"],
        delivery=data["delivery"],
        address_id=data["address"] if data["delivery"] == "delivery" else None,
        warehouse_id=data["warehouse"],
        desired_date=data["desired_date"],
        comment=data["comment"],
        confirm_credit=data["confirm_credit"],
    )


def _on_form(error: DomainError) -> DomainError:
    error.field = _FIELDS.get(error.field or "", error.field)
    return error


def _placed_message(order) -> str:
    if order.status == OrderStatus.AWAITING_APPROVAL:
        return _("Заказ %(number)s ждёт согласования администратора вашей компании.") % {
            "number": order.number
        }
    return _("Заказ %(number)s отправлен менеджеру.") % {"number": order.number}
