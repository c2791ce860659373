"""`GET /healthz`: 200 when the database, queue and channel layer work; 503 naming what failed."""

import pytest

from okno.core import health

pytestmark = pytest.mark.django_db

URL = "/healthz"


def test_all_parts_ok(client):
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    for part in ("database", "queue", "channels"):
        assert body[part]["ok"] is True, part
    assert "no-cache" in response["Cache-Control"]


def test_needs_no_login(client):
    assert client.get(URL).status_code == 200


def _boom(*args, **kwargs):
    raise ConnectionError("connection refused")


def test_queue_down_is_503_naming_the_queue(client, monkeypatch):
    monkeypatch.setattr(health.HUEY, "pending_count", _boom)
    response = client.get(URL)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["queue"]["ok"] is False
    assert body["queue"]["error"] == "ConnectionError"
    assert body["database"]["ok"] is True
    assert body["channels"]["ok"] is True


class _BrokenLayer:
    async def new_channel(self):
        raise ConnectionError("redis is down")


def test_channel_layer_down_is_503_naming_the_channels(client, monkeypatch):
    monkeypatch.setattr(health, "get_channel_layer", lambda: _BrokenLayer())
    response = client.get(URL)
    assert response.status_code == 503
    body = response.json()
    assert body["channels"] == {
        "ok": False,
        "error": "ConnectionError",
        "ms": body["channels"]["ms"],
    }
    assert body["queue"]["ok"] is True


def test_no_channel_layer_configured_is_503(client, monkeypatch):
    monkeypatch.setattr(health, "get_channel_layer", lambda: None)
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["channels"]["ok"] is False


def test_database_down_is_503(client, monkeypatch):
    monkeypatch.setitem(health.CHECKS, "database", _boom)
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["database"]["error"] == "ConnectionError"


def test_administrators_see_the_reason(admin_client, monkeypatch):
    monkeypatch.setattr(health.HUEY, "pending_count", _boom)
    body = admin_client.get(URL).json()
    assert body["queue"]["error"] == "ConnectionError: connection refused"


def test_a_hanging_dependency_is_reported_within_the_time_limit(client, monkeypatch):
    import threading

    release = threading.Event()
    monkeypatch.setattr(health, "CHECK_SECONDS", 0.2)
    monkeypatch.setattr(health.HUEY, "pending_count", lambda: release.wait(5))
    try:
        body = client.get(URL).json()
    finally:
        release.set()
    assert body["queue"] == {
        "ok": False,
        "error": "no answer within 0.2 s",
        "ms": body["queue"]["ms"],
    }
