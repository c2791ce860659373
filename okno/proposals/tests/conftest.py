import pytest

from okno.core.actor import actor_for_user


@pytest.fixture
def manager(world):
    """Client A's manager as the services see them."""
    return actor_for_user(world.manager_a)
