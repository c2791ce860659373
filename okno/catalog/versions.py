"""The catalog's version: a number every catalog write that changes what the catalog's
filters offer (products, their groups, brands and properties) moves on. What is cached about
the catalog is keyed on it, so a changed catalog is never shown from an old cache."""

from django.core.cache import cache

VERSION_KEY = "catalog:version"


def catalog_version() -> int:
    return cache.get(VERSION_KEY, 0)


def catalog_changed() -> None:
    """Call after writing the catalog (an import, a reindex, moved groups)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(VERSION_KEY, 1, None)
