"""The clients part of /api/v1/: records (clients, legal entities, contracts) and people
and places (addresses, contacts)."""

from ninja import Router

from okno.clients.api.people import router as people_router
from okno.clients.api.records import router as records_router

router = Router()
router.add_router("", records_router)
router.add_router("", people_router)
