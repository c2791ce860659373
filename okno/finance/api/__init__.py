"""The finance part of the JSON API under /api/v1/finance/ and the order invoice."""

from ninja import Router

from okno.finance.api.invoice import router as invoice_router

router = Router(tags=["finance"])
router.add_router("", invoice_router)

from okno.finance.api.ledger import router as ledger_router  # noqa: E402

router.add_router("", ledger_router)

from okno.finance.api.reconciliation import router as reconciliation_router  # noqa: E402

router.add_router("", reconciliation_router)
