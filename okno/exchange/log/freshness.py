"""«Данные на дд.мм.гггг HH:MM»: when the catalog last heard from 1C, for the catalog page."""

from __future__ import annotations

from datetime import datetime

from django.core.cache import cache
from django.db.models import Max

from okno.catalog.versions import catalog_version
from okno.exchange.models import Integration

# A successful exchange that changed nothing in the catalog leaves its version as it was:
# the short timeout is what shows its time within a minute.
CACHE_SECONDS = 60
_NONE = "none"


def exchange_data_as_of() -> datetime | None:
    """The end of the last successful exchange of any integration, or None if there was
    none; cached under the catalog's version, so the catalog page pays no query for it."""
    key = f"exchange:data_as_of:{catalog_version()}"
    cached = cache.get(key)
    if cached is not None:
        return None if cached == _NONE else cached
    found = Integration.objects.aggregate(last=Max("last_success_at"))["last"]
    cache.set(key, _NONE if found is None else found, CACHE_SECONDS)
    return found
