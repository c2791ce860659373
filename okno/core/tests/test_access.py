"""Another client's object answers 404 on every route, and nothing changes."""

import json

import pytest
from django.urls import reverse

from okno.core.testing.access import (
    api_methods,
    collect_cases,
    database_fingerprint,
    object_routes,
    uncovered_routes,
)

CASES, _EXEMPT = collect_cases()
_PATTERNS = dict(object_routes())


def test_every_route_with_an_object_id_has_a_cross_client_case():
    assert uncovered_routes() == [], "add an AccessCase (or ExemptRoute) in the app's tests"


def test_cases_name_real_routes():
    assert {c.route for c in CASES} <= set(_PATTERNS), "an AccessCase names a route that is gone"


def _methods(case) -> tuple[str, ...]:
    if case.route.startswith("api:"):
        return api_methods(_PATTERNS[case.route])
    return case.methods


def _call(client, method: str, url: str, case):
    call = getattr(client, method.lower())
    if method == "GET":
        return call(url)
    if case.route.startswith("api:"):
        return call(url, data=json.dumps(case.data), content_type="application/json")
    return call(url, data=case.data)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.route)
def test_other_clients_and_other_managers_get_404(case, world, client):
    url = reverse(case.route, kwargs=case.kwargs(world))
    methods = _methods(case)
    assert methods, f"{case.route} serves no method"
    for intruder in (world.b_admin, world.manager_b):
        client.force_login(intruder)
        before = database_fingerprint()
        for method in methods:
            response = _call(client, method, url, case)
            assert response.status_code == 404, (
                f"{method} {url} as {intruder} answered {response.status_code}"
            )
        assert database_fingerprint() == before, f"{url} changed data for {intruder}"
    client.force_login(getattr(world, case.owner))
    for method in methods:
        response = _call(client, method, url, case)
        if method == "GET":
            assert response.status_code in case.owner_status, (
                f"owner GET {url} answered {response.status_code}"
            )
        else:
            assert response.status_code != 404, f"owner {method} {url} answered 404"
