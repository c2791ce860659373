"""`GET /healthz`: is the database, the task queue and the channel layer working."""

import asyncio
import logging
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as CheckTimeout

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from huey.contrib.djhuey import HUEY

logger = logging.getLogger(__name__)
CHECK_SECONDS = 3.0


def _check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def _check_queue() -> dict:
    return {"backend": type(HUEY).__name__, "pending": HUEY.pending_count()}


def _check_channels() -> dict:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")
    marker = uuid.uuid4().hex
    received = async_to_sync(_round_trip)(layer, marker)
    if received.get("marker") != marker:
        raise RuntimeError("channel layer returned a different message")
    return {"backend": type(layer).__name__}


async def _round_trip(layer, marker: str) -> dict:
    channel = await layer.new_channel()
    await layer.send(channel, {"type": "health.ping", "marker": marker})
    return await asyncio.wait_for(layer.receive(channel), timeout=CHECK_SECONDS)


CHECKS = {"database": _check_database, "queue": _check_queue, "channels": _check_channels}


@never_cache
def healthz(request):
    """200 when every dependency answers within a few seconds, else 503 naming the one."""
    show_details = bool(getattr(request, "user", None) and request.user.is_superuser)
    # The database is checked on the request's own connection; the others in threads, so
    # a dependency that hangs costs at most CHECK_SECONDS.
    with ThreadPoolExecutor(max_workers=len(CHECKS)) as pool:
        started = time.perf_counter()
        futures = {name: pool.submit(check) for name, check in CHECKS.items() if name != "database"}
        report = {"database": _run_inline(CHECKS["database"], show_details)}
        for name, future in futures.items():
            report[name] = _outcome(name, future, started, show_details)
    healthy = all(part["ok"] for part in report.values())
    status = 200 if healthy else 503
    return JsonResponse({"status": "ok" if healthy else "fail", **report}, status=status)


def _run_inline(check, show_details: bool) -> dict:
    started = time.perf_counter()
    try:
        outcome = {"ok": True, **check()}
    except Exception as error:  # a failing database is a 503 with its reason, not a 500
        outcome = _failure("database", error, show_details)
    outcome["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return outcome


def _failure(name: str, error: Exception, show_details: bool) -> dict:
    logger.warning("health check %s failed: %s", name, error)
    text = f"{type(error).__name__}: {error}" if show_details else type(error).__name__
    return {"ok": False, "error": text}


def _outcome(name: str, future, started: float, show_details: bool) -> dict:
    try:
        outcome = {"ok": True, **future.result(timeout=CHECK_SECONDS)}
    except CheckTimeout:
        outcome = {"ok": False, "error": f"no answer within {CHECK_SECONDS:g} s"}
    except Exception as error:  # any failure of a dependency is a 503, not a 500
        outcome = _failure(name, error, show_details)
    outcome["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return outcome
