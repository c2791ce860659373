"""Shipments in /api/v1/: the shipments of the actor's orders, and for the client's manager
recording a shipment of an order and moving it on.

Quantities are in the product's base unit; a shipment's `amount` is its share of the
order lines' money. A shipment is planned, picking, shipped, in_transit, delivered or
cancelled (only before it is shipped; its quantities go back into the reserve).
"""

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from okno.core.pagination import Page, page_schema
from okno.core.schemas import Id, Text
from okno.orders.models import Shipment
from okno.orders.selectors.orders import order_get
from okno.orders.selectors.shipments import shipment_get, shipment_list
from okno.orders.services.shipments import shipment_create, shipment_set_status

router = Router(tags=["shipments"])

ShipmentStatusName = Literal[
    "planned", "picking", "shipped", "in_transit", "delivered", "cancelled"
]


class ShipmentOut(Schema):
    id: int
    number: str
    order_id: int
    order_number: str | None
    date: dt.date
    status: str
    status_name: str
    warehouse_id: int
    warehouse_name: str
    carrier: str
    tracking_number: str
    amount: Decimal


ShipmentList = page_schema("ShipmentList", ShipmentOut)


class ShipmentLineOut(Schema):
    id: int
    order_line_id: int
    article: str
    name: str
    quantity_base: Decimal
    amount: Decimal


class ShipmentDetailOut(ShipmentOut):
    lines: list[ShipmentLineOut]


class ShipmentFilters(Schema):
    order_id: Id | None = None
    status: ShipmentStatusName | None = None


class ShipmentLineIn(Schema):
    order_line_id: Id
    quantity_base: Decimal = Field(description="In the product's base unit.")


class ShipmentIn(Schema):
    lines: list[ShipmentLineIn] = Field(min_length=1, max_length=10000)
    date: dt.date
    carrier: Text = Field("", max_length=200)
    tracking_number: Text = Field("", max_length=100)
    number: Text | None = Field(None, max_length=40, description="None — the order's number-N.")
    external_id: Text | None = Field(None, max_length=80, description="The shipment's id in 1C.")


class ShipmentPatch(Schema):
    status: ShipmentStatusName


@router.get("/shipments", response=ShipmentList, url_name="shipment_list")
def list_shipments(request, filters: Query[ShipmentFilters], page: Query[Page]):
    """Shipments of the orders you see, the latest first."""
    rows = shipment_list(actor=request.actor, order_id=filters.order_id, status=filters.status)
    items = [shipment_out(row) for row in rows[page.offset : page.offset + page.limit]]
    return {"items": items, "count": rows.count()}


@router.get("/shipments/{shipment_id}", response=ShipmentDetailOut, url_name="shipment_detail")
def get_shipment(request, shipment_id: Id):
    return _detail_out(shipment_get(actor=request.actor, shipment_id=shipment_id))


@router.patch("/shipments/{shipment_id}", response=ShipmentDetailOut, url_name="shipment_update")
def patch_shipment(request, shipment_id: Id, payload: ShipmentPatch):
    """The client's manager moves the shipment on or cancels it before it is shipped."""
    shipment = shipment_get(actor=request.actor, shipment_id=shipment_id)
    shipment_set_status(actor=request.actor, shipment=shipment, status=payload.status)
    return _detail_out(shipment_get(actor=request.actor, shipment_id=shipment_id))


@router.post(
    "/orders/{order_id}/shipments",
    response={201: ShipmentDetailOut},
    url_name="order_shipment_create",
)
def create_shipment(request, order_id: Id, payload: ShipmentIn):
    """The client's manager records a shipment of some of the order's lines (a verified
    order is confirmed on the way)."""
    order = order_get(actor=request.actor, order_id=order_id)
    shipment = shipment_create(
        actor=request.actor,
        order=order,
        lines=[(line.order_line_id, line.quantity_base) for line in payload.lines],
        date=payload.date,
        carrier=payload.carrier,
        tracking_number=payload.tracking_number,
        number=payload.number,
        external_id=payload.external_id,
    )
    return Status(201, _detail_out(shipment_get(actor=request.actor, shipment_id=shipment.pk)))


def shipment_out(shipment: Shipment) -> dict:
    """A shipment as lists show it. Precondition: its order and warehouse are selected."""
    return {
        "id": shipment.pk,
        "number": shipment.number,
        "order_id": shipment.order_id,
        "order_number": shipment.order.number,
        "date": shipment.date,
        "status": shipment.status,
        "status_name": shipment.get_status_display(),
        "warehouse_id": shipment.warehouse_id,
        "warehouse_name": shipment.warehouse.name,
        "carrier": shipment.carrier,
        "tracking_number": shipment.tracking_number,
        "amount": shipment.amount,
    }


def _detail_out(shipment: Shipment) -> dict:
    return {
        **shipment_out(shipment),
        "lines": [
            {
                "id": row.pk,
                "order_line_id": row.order_line_id,
                "article": row.order_line.article,
                "name": row.order_line.name,
                "quantity_base": row.quantity_base,
                "amount": row.amount,
            }
            for row in shipment.lines.all()
        ],
    }
