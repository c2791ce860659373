"""`GET /healthz`: is the database, the task queue and the channel layer working."""

import time
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from huey.contrib.djhuey import HUEY


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
    channel = async_to_sync(layer.new_channel)()
    marker = uuid.uuid4().hex
    async_to_sync(layer.send)(channel, {"type": "health.ping", "marker": marker})
    message = async_to_sync(layer.receive)(channel)
    if message.get("marker") != marker:
        raise RuntimeError("channel layer returned a different message")
    return {"backend": type(layer).__name__}


CHECKS = {"database": _check_database, "queue": _check_queue, "channels": _check_channels}


@never_cache
def healthz(request):
    report, healthy = {}, True
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            report[name] = {"ok": True, **check()}
        except Exception as error:  # any failure of a dependency is a 503, not a 500
            healthy = False
            report[name] = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        report[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    status = 200 if healthy else 503
    return JsonResponse({"status": "ok" if healthy else "fail", **report}, status=status)
