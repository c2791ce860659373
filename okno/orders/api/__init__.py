"""The orders part of /api/v1/: carts, orders and shipments."""

from ninja import Router

from okno.orders.api.carts import router as carts_router
from okno.orders.api.orders import router as orders_router
from okno.orders.api.shipments import router as shipments_router

router = Router()
router.add_router("", carts_router)
router.add_router("", orders_router)
router.add_router("", shipments_router)
