"""Orders in /api/v1/: placing an order from a cart, the actor's orders, one order with its
lines, history and shipments, and what can be done to it — cancel, approve or reject (the
client admin), verify and edit lines (the client's manager), repeat, split and merge.

Money is a string with 2 decimal places as the order snapshotted it at checkout (or at a
manager's change); quantities have 3 places, `quantity` in the line's unit and
`quantity_base` in the product's base unit. A line a manager changed keeps what the client
ordered in `ordered_quantity`, and `change` says what happened (quantity, added, removed).
"""

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from okno.core.pagination import Page, page_schema
from okno.core.schemas import Id, Text
from okno.orders.api.carts import UNIT, UnitRef
from okno.orders.api.shipments import ShipmentOut, shipment_out
from okno.orders.models import Order, OrderLine, OrderStatus
from okno.orders.selectors.history import OrderFilters as HistoryFilters
from okno.orders.selectors.history import orders_history, orders_history_count
from okno.orders.selectors.orders import OrderDetail, order_detail, order_get
from okno.orders.services.checkout import Checkout, order_place
from okno.orders.services.editing import order_line_add, order_line_change
from okno.orders.services.lifecycle import order_approve, order_cancel, order_reject, order_verify
from okno.orders.services.merge import MERGE_MAX, order_merge
from okno.orders.services.repeat import order_repeat
from okno.orders.services.split import order_split

router = Router(tags=["orders"])

StatusName = Literal[
    "draft",
    "awaiting_approval",
    "submitted",
    "verified",
    "confirmed",
    "picking",
    "partly_shipped",
    "shipped",
    "delivered",
    "cancelled",
]
# A filter value outside the lifecycle is a 422 listing the statuses; kept equal to it here.
assert set(StatusName.__args__) == set(OrderStatus.values)  # type: ignore[attr-defined]


class OrderOut(Schema):
    id: int
    number: str | None
    status: str
    status_name: str
    legal_entity_id: int
    legal_entity_name: str
    contract_id: int
    delivery: str = Field(description="delivery or pickup")
    desired_date: dt.date | None
    amount: Decimal
    vat_amount: Decimal
    total: Decimal
    delivery_charge: Decimal = Field(
        description="What delivery costs, VAT included; part of amount, vat_amount and total. "
        "0 for pickup or free delivery."
    )
    currency: str
    lines_count: int = Field(description="Lines not removed by the manager.")
    changed_by_manager: bool
    credit_warning: str
    merged_into_id: int | None
    split_from_id: int | None
    created_at: dt.datetime
    submitted_at: dt.datetime | None


OrderList = page_schema("OrderList", OrderOut)
OrderParts = page_schema("OrderParts", OrderOut)


class OrderLineOut(Schema):
    id: int
    position: int
    product_id: int
    article: str
    name: str
    unit: str
    unit_coefficient: Decimal
    quantity: Decimal
    quantity_base: Decimal
    ordered_quantity: Decimal | None = Field(
        description="What the client ordered, when the manager changed it."
    )
    change: str = Field(description="'' (none), quantity, added or removed")
    warehouse_id: int
    desired_date: dt.date | None
    price: Decimal
    discount_percent: Decimal
    amount: Decimal
    vat_rate: str
    vat_amount: Decimal
    total: Decimal
    reserved: Decimal
    shipped: Decimal


class HistoryOut(Schema):
    from_status: str
    to_status: str
    user_name: str | None
    note: str
    at: dt.datetime


class OrderDetailOut(OrderOut):
    client_id: int
    contract_number: str
    address_id: int | None
    address_text: str
    warehouse_id: int
    warehouse_name: str
    comment: str
    vat_included: bool
    cancel_reason: str
    lines: list[OrderLineOut]
    history: list[HistoryOut]
    shipments: list[ShipmentOut]


class OrderFilters(Schema):
    status: StatusName | None = None
    legal_entity_id: Id | None = None
    date_from: dt.date | None = Field(None, description="Made on or after, YYYY-MM-DD.")
    date_to: dt.date | None = Field(None, description="Made on or before, YYYY-MM-DD.")
    search: Text = Field(
        "", max_length=100, description="An order number, an article or words of a product name."
    )
    amount_min: Decimal | None = Field(None, ge=0, description="Total at least.")
    amount_max: Decimal | None = Field(None, ge=0, description="Total at most.")


class OrderIn(Schema):
    cart_id: Id
    legal_entity_id: Id
    contract_id: Id
    delivery: Literal["delivery", "pickup"] = "delivery"
    address_id: Id | None = Field(None, description="Required for delivery.")
    warehouse_id: Id | None = Field(None, description="None — the contract's warehouse.")
    desired_date: dt.date | None = None
    comment: Text = Field("", max_length=2000)
    confirm_credit: bool = Field(False, description="Order despite the credit warning.")
    submit: bool = Field(True, description="false saves a draft.")


class ReasonIn(Schema):
    reason: Text = Field("", max_length=500)


class NoteIn(Schema):
    note: Text = Field("", max_length=500)


class SplitIn(Schema):
    by: Literal["warehouse", "date", "lines"]
    line_ids: list[Id] = Field(default_factory=list, max_length=10000)


class MergeIn(Schema):
    order_ids: list[Id] = Field(max_length=MERGE_MAX)


class SkippedOut(Schema):
    line_id: int
    article: str
    name: str
    reason: str


class RepeatOut(Schema):
    cart_id: int
    cart_name: str
    added: int = Field(description="Lines put into the cart.")
    skipped: list[SkippedOut]


class LineChangeIn(Schema):
    quantity: Decimal = Field(description="In `unit`; 0 removes the line (it stays, marked).")
    unit: UnitRef | None = UNIT


class LineAddIn(Schema):
    product_id: Id
    quantity: Decimal
    unit: UnitRef | None = UNIT


@router.get("/orders", response=OrderList, url_name="order_list")
def list_orders(request, filters: Query[OrderFilters], page: Query[Page]):
    """Orders you see, newest first. `count` is counted up to 1,000 (narrow the filters to
    count more precisely)."""
    wanted = HistoryFilters(
        query=filters.search,
        status=(filters.status,) if filters.status else (),
        legal_entity_id=filters.legal_entity_id,
        date_from=filters.date_from,
        date_to=filters.date_to,
        amount_min=filters.amount_min,
        amount_max=filters.amount_max,
    )
    rows = orders_history(actor=request.actor, filters=wanted)
    items = [_summary(order) for order in rows[page.offset : page.offset + page.limit]]
    return {
        "items": items,
        "count": orders_history_count(actor=request.actor, filters=wanted).value,
    }


@router.post("/orders", response={201: OrderDetailOut}, url_name="order_create")
def create_order(request, payload: OrderIn):
    """Place an order from a cart (the cart is emptied). An order above the client's
    threshold waits for the client admin; a credit warning needs `confirm_credit`."""
    order = order_place(actor=request.actor, checkout=Checkout(**payload.model_dump()))
    return Status(201, _detail(request, order))


# Before /orders/{order_id}, so that "merge" is not read as an order id.
@router.post("/orders/merge", response=OrderDetailOut, url_name="order_merge")
def merge_orders(request, payload: MergeIn):
    """Merge orders of one legal entity and contract, not yet verified, into the oldest."""
    order = order_merge(actor=request.actor, order_ids=payload.order_ids)
    return _detail(request, order)


@router.get("/orders/{order_id}", response=OrderDetailOut, url_name="order_detail")
def get_order(request, order_id: Id):
    return order_detail_out(order_detail(actor=request.actor, order_id=order_id))


@router.post("/orders/{order_id}/cancel", response=OrderDetailOut, url_name="order_cancel")
def cancel_order(request, order_id: Id, payload: ReasonIn):
    """Cancel: your order until it is confirmed; staff until it ships, with a reason."""
    order = _order(request, order_id)
    order_cancel(actor=request.actor, order=order, reason=payload.reason)
    return _detail(request, order)


@router.post("/orders/{order_id}/approve", response=OrderDetailOut, url_name="order_approve")
def approve_order(request, order_id: Id):
    """The client admin lets an order awaiting approval go to the company."""
    order = _order(request, order_id)
    order_approve(actor=request.actor, order=order)
    return _detail(request, order)


@router.post("/orders/{order_id}/reject", response=OrderDetailOut, url_name="order_reject")
def reject_order(request, order_id: Id, payload: ReasonIn):
    """The client admin turns down an order awaiting approval, with a reason."""
    order = _order(request, order_id)
    order_reject(actor=request.actor, order=order, reason=payload.reason)
    return _detail(request, order)


@router.post("/orders/{order_id}/verify", response=OrderDetailOut, url_name="order_verify")
def verify_order(request, order_id: Id, payload: NoteIn):
    """The client's manager has checked the order."""
    order = _order(request, order_id)
    order_verify(actor=request.actor, order=order, note=payload.note)
    return _detail(request, order)


@router.post("/orders/{order_id}/repeat", response={201: RepeatOut}, url_name="order_repeat")
def repeat_order(request, order_id: Id):
    """Put the order's lines into a new current cart; lines that cannot be ordered today
    are listed in `skipped`."""
    result = order_repeat(actor=request.actor, order=_order(request, order_id))
    body = {
        "cart_id": result.cart.pk,
        "cart_name": result.cart.name,
        "added": len(result.added),
        "skipped": result.skipped,
    }
    return Status(201, body)


@router.post("/orders/{order_id}/split", response={201: OrderParts}, url_name="order_split")
def split_order(request, order_id: Id, payload: SplitIn):
    """Split by warehouse, by desired date, or the chosen `line_ids` into a new order. The
    answer lists the parts, this order first."""
    parts = order_split(
        actor=request.actor,
        order=_order(request, order_id),
        by=payload.by,
        line_ids=payload.line_ids,
    )
    return Status(201, {"items": [_summary(part) for part in parts], "count": len(parts)})


@router.post("/orders/{order_id}/lines", response={201: OrderDetailOut}, url_name="order_line_add")
def add_order_line(request, order_id: Id, payload: LineAddIn):
    """The client's manager adds a product, priced on the order's contract."""
    order = _order(request, order_id)
    order_line_add(
        actor=request.actor,
        order=order,
        product_id=payload.product_id,
        quantity=payload.quantity,
        unit=payload.unit,
    )
    return Status(201, _detail(request, order))


@router.patch(
    "/orders/{order_id}/lines/{line_id}", response=OrderDetailOut, url_name="order_line_update"
)
def change_order_line(request, order_id: Id, line_id: Id, payload: LineChangeIn):
    """The client's manager changes a line's quantity or unit; 0 removes it."""
    order = _order(request, order_id)
    order_line_change(
        actor=request.actor,
        order=order,
        line_id=line_id,
        quantity=payload.quantity,
        unit=payload.unit,
    )
    return _detail(request, order)


def _order(request, order_id: int) -> Order:
    return order_get(actor=request.actor, order_id=order_id)


def _detail(request, order: Order) -> dict:
    return order_detail_out(order_detail(actor=request.actor, order_id=order.pk))


def _summary(order: Order) -> dict:
    return {
        "id": order.pk,
        "number": order.number,
        "status": order.status,
        "status_name": order.get_status_display(),
        "legal_entity_id": order.legal_entity_id,
        "legal_entity_name": order.legal_entity.name,
        "contract_id": order.contract_id,
        "delivery": order.delivery,
        "desired_date": order.desired_date,
        "amount": order.amount,
        "vat_amount": order.vat_amount,
        "total": order.total,
        "delivery_charge": order.delivery_total,
        "currency": order.currency,
        "lines_count": order.lines_count,
        "changed_by_manager": order.changed_by_manager,
        "credit_warning": order.credit_warning,
        "merged_into_id": order.merged_into_id,
        "split_from_id": order.split_from_id,
        "created_at": order.created_at,
        "submitted_at": order.submitted_at,
    }


def order_detail_out(detail: OrderDetail) -> dict:
    """The order as `GET /orders/{id}` answers it."""
    order = detail.order
    return {
        **_summary(order),
        "client_id": order.client_id,
        "contract_number": order.contract.number,
        "address_id": order.address_id,
        "address_text": order.address_text,
        "warehouse_id": order.warehouse_id,
        "warehouse_name": order.warehouse.name,
        "comment": order.comment,
        "vat_included": order.vat_included,
        "cancel_reason": order.cancel_reason,
        "lines": [_line_out(line) for line in detail.lines],
        "history": [
            {
                "from_status": step.from_status,
                "to_status": step.to_status,
                "user_name": step.user.full_name if step.user is not None else None,
                "note": step.note,
                "at": step.at,
            }
            for step in detail.history
        ],
        "shipments": [shipment_out(shipment) for shipment in detail.shipments],
    }


def _line_out(line: OrderLine) -> dict:
    return {
        "id": line.pk,
        "position": line.position,
        "product_id": line.product_id,
        "article": line.article,
        "name": line.name,
        "unit": line.unit_name,
        "unit_coefficient": line.unit_coefficient,
        "quantity": line.quantity,
        "quantity_base": line.quantity_base,
        "ordered_quantity": line.ordered_quantity,
        "change": line.change,
        "warehouse_id": line.warehouse_id,
        "desired_date": line.desired_date,
        "price": line.price,
        "discount_percent": line.discount_percent,
        "amount": line.amount,
        "vat_rate": line.vat_rate,
        "vat_amount": line.vat_amount,
        "total": line.total,
        "reserved": line.reserved,
        "shipped": line.shipped,
    }
