import pytest

from okno.payments.tests.factories import build_individual


@pytest.fixture
def buyer(db):
    """An individual customer with a person who pays (see factories.build_individual)."""
    return build_individual(name="Иванов Иван")
