"""Calling /api/v1/ as a person would: JSON in, JSON out, as whichever user is logged in."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from okno.accounts.models import User

BASE = "/api/v1"


class Api:
    """`api.as_(user).post("/orders/1/cancel", {"reason": "…"})` → the response."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def as_(self, user: User) -> Api:
        self.client.force_login(user)
        return self

    def get(self, path: str, params: dict | None = None):
        return self.client.get(BASE + path, params or {})

    def post(self, path: str, body: Any = None):
        return self._send("post", path, {} if body is None else body)

    def patch(self, path: str, body: Any):
        return self._send("patch", path, body)

    def delete(self, path: str):
        return self.client.delete(BASE + path)

    def _send(self, method: str, path: str, body: Any):
        call = getattr(self.client, method)
        return call(BASE + path, data=json.dumps(body), content_type="application/json")


def field_of(response) -> str:
    """The input a 4xx names: `quantity` of `{"detail": [{"loc": ["body", "quantity"]}]}`."""
    location = response.json()["detail"][0]["loc"]
    return ".".join(str(part) for part in location[1:])
