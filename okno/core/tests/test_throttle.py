"""The cache counter behind the portal's rate limits."""

import pytest
from django.core.cache import cache

from okno.core import throttle


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_hit_allows_up_to_the_limit_then_refuses():
    assert [throttle.hit("k", 3, 3600) for _ in range(5)] == [True, True, True, False, False]
    assert throttle.count("k", 3600) == 5


def test_keys_and_windows_count_apart():
    assert throttle.hit("a", 1, 3600)
    assert throttle.hit("b", 1, 3600)
    assert throttle.hit("a", 1, 60)
    assert not throttle.hit("a", 1, 3600)


def test_exceeded_only_looks():
    assert not throttle.exceeded("k", 2, 3600)
    throttle.hit("k", 2, 3600)
    throttle.hit("k", 2, 3600)
    assert throttle.exceeded("k", 2, 3600)
    assert throttle.count("k", 3600) == 2


def test_a_new_window_starts_a_new_count(monkeypatch):
    now = 10_000 * 3600 + 3599.5
    monkeypatch.setattr(throttle.time, "time", lambda: now)
    assert throttle.hit("k", 1, 3600)
    assert not throttle.hit("k", 1, 3600)
    assert throttle.retry_after(3600) == 1
    now += 1
    assert throttle.hit("k", 1, 3600)
    assert throttle.retry_after(3600) == 3600


def test_a_count_that_vanished_between_add_and_incr_starts_again(monkeypatch):
    monkeypatch.setattr(throttle.cache, "add", lambda *args, **kwargs: False)

    def gone(*args, **kwargs):
        raise ValueError("key gone")

    monkeypatch.setattr(throttle.cache, "incr", gone)
    assert throttle.hit("k", 1, 3600)


@pytest.mark.parametrize(
    ("seconds", "text"), [(1, "1 с"), (59, "59 с"), (60, "1 мин"), (61, "2 мин"), (3600, "60 мин")]
)
def test_wait_text(seconds, text):
    assert throttle.wait_text(seconds) == text
