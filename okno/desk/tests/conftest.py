"""Fixtures of the desk tests: the shared two-client world, a delivered order of client A,
and the API as whoever is logged in."""

import pytest

from okno.desk.defaults import desk_defaults_ensure
from okno.desk.tests.helpers import shipped_order
from okno.orders.tests.calls import Api


@pytest.fixture(autouse=True)
def desk_defaults(db):
    """The kinds, topics and claim rules the migration adds (a transactional test elsewhere
    may have emptied the tables since)."""
    desk_defaults_ensure()


@pytest.fixture
def delivered(world):
    """Client A's order delivered yesterday: (order, shipment)."""
    return shipped_order(legal_entity=world.entity_a1, contract=world.contract_a1)


@pytest.fixture
def api(client):
    return Api(client)
