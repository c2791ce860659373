import pytest

from okno.dealers.tests.factories import build_dealer


@pytest.fixture
def dealer(db):
    """A dealer with its people, contract and price type (see factories.build_dealer)."""
    return build_dealer()
