import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def fresh_cache():
    """Throttle counters and guards live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """A request in English leaves English active in the thread (as Django's own language
    middleware does): each test starts in the portal's default language again."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def world(db):
    """Two clients with their people and managers (see okno.core.testing.world)."""
    from okno.core.testing.world import build_world

    return build_world()
