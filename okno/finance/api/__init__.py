"""The finance part of the JSON API under /api/v1/finance/ and the order invoice."""

from ninja import Router

router = Router(tags=["finance"])
