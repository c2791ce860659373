"""Counting how often something happens per key, to refuse whoever does it too often.

Counters live in Django's cache (`cache.add` starts a count, `cache.incr` adds to it; both
are atomic in Redis and within one process for the local-memory cache). Windows are fixed
and aligned to the clock: a limit of 5 an hour counts from 10:00 to 11:00, so the time a
refused caller may try again is simply the end of the window.

With the local-memory cache each server process counts on its own; with Redis
(`REDIS_URL`) all processes share the counts.

    if not throttle.hit(f"sms:ip:{ip}", limit=5, window_seconds=3600):
        wait = throttle.retry_after(3600)  # seconds until the window ends
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.utils.translation import gettext as _

_PREFIX = "okno:throttle"


def _window(window_seconds: int, now: float | None = None) -> int:
    return int((time.time() if now is None else now) // window_seconds)


def _cache_key(key: str, window_seconds: int) -> str:
    return f"{_PREFIX}:{window_seconds}:{_window(window_seconds)}:{key}"


def hit(key: str, limit: int, window_seconds: int) -> bool:
    """Count one event under `key`; True while this window's count is within `limit`.

    The event is counted even when refused, so hammering does not reset anything.
    """
    cache_key = _cache_key(key, window_seconds)
    # A little longer than the window, so a count cannot vanish before its window ends.
    timeout = window_seconds + 60
    if cache.add(cache_key, 1, timeout=timeout):
        counted = 1
    else:
        try:
            counted = cache.incr(cache_key)
        except ValueError:
            # The count expired between add and incr: this is the first event of a new count.
            cache.add(cache_key, 1, timeout=timeout)
            counted = 1
    return counted <= limit


def count(key: str, window_seconds: int) -> int:
    """How many events were counted under `key` in the current window (without counting)."""
    return int(cache.get(_cache_key(key, window_seconds)) or 0)


def exceeded(key: str, limit: int, window_seconds: int) -> bool:
    """Has `key` already used up `limit` in this window? Counts nothing."""
    return count(key, window_seconds) >= limit


def retry_after(window_seconds: int, now: float | None = None) -> int:
    """Whole seconds until the current window ends and the counts start again (at least 1)."""
    now = time.time() if now is None else now
    ends = (_window(window_seconds, now) + 1) * window_seconds
    return max(1, int(ends - now + 0.999))


def wait_text(seconds: int) -> str:
    """A wait as a person reads it: "45 с" under a minute, otherwise whole minutes, rounded up."""
    if seconds < 60:
        return _("%(seconds)s с") % {"seconds": seconds}
    return _("%(minutes)s мин") % {"minutes": (seconds + 59) // 60}
