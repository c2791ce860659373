import pytest


@pytest.fixture
def world(db):
    """Two clients with their people and managers (see okno.core.testing.world)."""
    from okno.core.testing.world import build_world

    return build_world()
