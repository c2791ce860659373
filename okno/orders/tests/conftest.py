"""Fixtures of the orders tests: the store (a client, its people and manager, a catalog to
order from) and the API called as the store's buyer."""

import pytest

from okno.orders.tests.calls import Api
from okno.orders.tests.store import build_store


@pytest.fixture
def store():
    return build_store()


@pytest.fixture
def api(client, store):
    return Api(client).as_(store.buyer)
