import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    """Throttle counters and guards live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    """Two clients with their people and managers (see okno.core.testing.world)."""
    from okno.core.testing.world import build_world

    return build_world()
