import pytest

from okno.clients.models import Contract


@pytest.fixture
def contract(world) -> Contract:
    """Client A's contract of its first legal entity: known to 1C, 30 days to pay."""
    contract = world.contract_a1
    contract.external_id = "c-a1"
    contract.payment_deferral_days = 30
    contract.credit_limit = 100000
    contract.save()
    return contract
