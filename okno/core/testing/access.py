"""The cross-client access test, shared by every app.

Every URL route that takes an object id must be listed in some app's
`tests/access_cases.py` as an `AccessCase`. For each case the suite checks that:
- the owner (a person of client A, or client A's manager for staff pages) reaches it
  (so the case points at a real object, not a 404 by accident);
- a person of client B and a manager of another client get 404 for every method the
  route serves, exactly as for a missing id, and the database is unchanged.
A route with an id and no case fails the suite (`uncovered_routes`).
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from okno.core.testing.world import World

SKIPPED_TABLES = {
    "django_session",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
    "accounts_usersession",
}


@dataclass(frozen=True)
class AccessCase:
    """`route` is the URL name; `kwargs(world)` gives the URL arguments of client A's object.

    `owner` names the World user who may open it (`a_admin`, `a_buyer`, `manager_a`,
    `admin`); `methods` are the HTTP methods the route serves (for the API they are read
    from the operation, so leave them empty there).
    """

    route: str
    kwargs: Callable[[World], dict]
    owner: str = "a_admin"
    methods: tuple[str, ...] = ("GET",)
    owner_status: tuple[int, ...] = (200, 302)
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ExemptRoute:
    """A route with an argument that is not a tenant object (a token, a language code)."""

    route: str
    reason: str


def object_routes() -> Iterator[tuple[str, URLPattern]]:
    """(full name, pattern) of every route whose path takes an argument."""
    yield from _walk(get_resolver().url_patterns, namespace="", prefix="")


def _walk(patterns, namespace: str, prefix: str):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner.strip(":"), prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if "<" in route and not route.startswith("admin/"):
                name = f"{namespace}:{entry.name}" if namespace else (entry.name or route)
                yield name, entry


def api_methods(pattern: URLPattern) -> tuple[str, ...]:
    """The HTTP methods a django-ninja route serves, read from its operations."""
    closure = getattr(pattern.callback, "__closure__", None) or ()
    for cell in closure:
        operations = getattr(cell.cell_contents, "operations", None)
        if operations is not None:
            return tuple(sorted({m for op in operations for m in op.methods}))
    return ()


def collect_cases() -> tuple[list[AccessCase], list[ExemptRoute]]:
    cases: list[AccessCase] = []
    exempt: list[ExemptRoute] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("okno."):
            continue
        for name in _case_modules(config):
            module = importlib.import_module(name)
            cases.extend(getattr(module, "CASES", []))
            exempt.extend(getattr(module, "EXEMPT", []))
    return cases, exempt


def _case_modules(config) -> list[str]:
    """The app's `tests/access_cases.py` and those of the packages inside it (a part of an
    app with its own routes, like `okno.orders.quick`, keeps its cases beside its tests)."""
    root = Path(config.path)
    return [
        ".".join((config.name, *found.relative_to(root).with_suffix("").parts))
        for found in sorted(root.rglob("tests/access_cases.py"))
    ]


def uncovered_routes() -> list[str]:
    cases, exempt = collect_cases()
    known = {c.route for c in cases} | {e.route for e in exempt}
    return sorted({name for name, _ in object_routes() if name not in known})


def database_fingerprint() -> str:
    """A hash of every row of every table the portal owns, to prove nothing changed."""
    from django.db import connection

    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            if table in SKIPPED_TABLES or model._meta.proxy:
                continue
            pk = model._meta.pk.column
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY "{pk}"')
            for row in cursor.fetchall():
                digest.update(repr(row).encode())
    return digest.hexdigest()
