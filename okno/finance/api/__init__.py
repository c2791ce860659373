"""The finance part of the JSON API under /api/v1/finance/ and the order invoice."""

from ninja import Router

from okno.finance.api.invoice import router as invoice_router

router = Router(tags=["finance"])
router.add_router("", invoice_router)
