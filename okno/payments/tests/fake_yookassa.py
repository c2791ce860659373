"""A local fake of YooKassa's HTTP API v3, served by `http.server` in a thread, so the
adapter is tested through the real HTTP stack: Basic auth (401 otherwise), `Idempotence-Key`
(the same key answers the same response), the payment and refund objects in YooKassa's
shapes, and failures to order — an error status or a pause longer than the client waits.

The person's part at YooKassa's page is played by `succeed` and `cancel`; a refund made in
YooKassa's dashboard by `refund_outside`.
"""

from __future__ import annotations

import base64
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SHOP_ID, SECRET_KEY = "123456", "test_secret"


@dataclass
class Failure:
    """The next `times` requests answer `status` (or, with `pause`, wait that long first)."""

    status: int = 500
    pause: float = 0.0
    times: int = 1


@dataclass
class FakeYooKassa:
    payments: dict[str, dict[str, Any]] = field(default_factory=dict)
    refunds: dict[str, dict[str, Any]] = field(default_factory=dict)
    answered: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    requests: list[dict[str, Any]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    base_url: str = ""

    def fail(self, status: int = 500, *, times: int = 1, pause: float = 0.0) -> None:
        self.failures.append(Failure(status=status, pause=pause, times=times))

    def succeed(self, payment_id: str, *, method: str = "bank_card") -> dict[str, Any]:
        payment = self.payments[payment_id]
        payment.update(status="succeeded", paid=True, captured_at=_now())
        payment["payment_method"].update(saved=False, title=method)
        return payment

    def cancel(self, payment_id: str, reason: str = "insufficient_funds") -> dict[str, Any]:
        payment = self.payments[payment_id]
        payment.update(
            status="canceled",
            cancellation_details={"party": "payment_network", "reason": reason},
        )
        return payment

    def refund_outside(self, payment_id: str) -> dict[str, Any]:
        payment = self.payments[payment_id]
        return self._new_refund({"payment_id": payment_id, "amount": payment["amount"]})

    def notification(self, event: str, target: dict[str, Any], **overrides) -> dict[str, Any]:
        """A notification as YooKassa posts it: the event and the object (as it stood)."""
        return {"type": "notification", "event": event, "object": {**target, **overrides}}

    # The API itself.

    def handle(self, method: str, path: str, headers, body: bytes) -> tuple[int, dict | None]:
        self.requests.append(
            {
                "method": method,
                "path": path,
                "key": headers.get("Idempotence-Key", ""),
                "body": json.loads(body) if body else None,
            }
        )
        failure = self._take_failure()
        if failure is not None:
            time.sleep(failure.pause)
            if failure.status:
                return failure.status, {"type": "error", "code": "internal_server_error"}
        if headers.get("Authorization") != _basic(SHOP_ID, SECRET_KEY):
            return 401, {"type": "error", "code": "invalid_credentials"}
        parts = [part for part in path.split("?")[0].split("/") if part]
        if parts[:1] != ["v3"]:
            return 404, {"type": "error", "code": "not_found"}
        if method == "POST":
            return self._create(parts[1:], headers.get("Idempotence-Key", ""), body)
        if method == "GET" and len(parts) == 3:
            store = {"payments": self.payments, "refunds": self.refunds}.get(parts[1], {})
            found = store.get(parts[2])
            return (200, found) if found else (404, {"type": "error", "code": "not_found"})
        return 404, {"type": "error", "code": "not_found"}

    def _take_failure(self) -> Failure | None:
        with self.lock:
            if not self.failures:
                return None
            failure = self.failures[0]
            failure.times -= 1
            if failure.times <= 0:
                self.failures.pop(0)
            return failure

    def _create(self, parts: list[str], key: str, body: bytes) -> tuple[int, dict]:
        if not key:
            return 400, {"type": "error", "code": "invalid_request", "parameter": "Idempotence-Key"}
        with self.lock:
            if key in self.answered:
                return self.answered[key]
            data = json.loads(body)
            if parts == ["payments"]:
                answer = (200, self._new_payment(data))
            elif parts == ["refunds"]:
                answer = (200, self._new_refund(data))
            else:
                answer = (404, {"type": "error", "code": "not_found"})
            self.answered[key] = answer
            return answer

    def _new_payment(self, data: dict[str, Any]) -> dict[str, Any]:
        payment_id = f"2{uuid.uuid4().hex[:7]}-000f-5000-9000-{uuid.uuid4().hex[:12]}"
        payment = {
            "id": payment_id,
            "status": "pending",
            "paid": False,
            "amount": data["amount"],
            "confirmation": {
                "type": "redirect",
                "return_url": data["confirmation"]["return_url"],
                "confirmation_url": f"{self.base_url}checkout/{payment_id}",
            },
            "created_at": _now(),
            "description": data.get("description", ""),
            "metadata": data.get("metadata", {}),
            "payment_method": {"type": data["payment_method_data"]["type"], "id": payment_id},
            "recipient": {"account_id": SHOP_ID, "gateway_id": "1"},
            "refundable": False,
            "test": True,
        }
        self.payments[payment_id] = payment
        return payment

    def _new_refund(self, data: dict[str, Any]) -> dict[str, Any]:
        payment = self.payments[data["payment_id"]]
        refund = {
            "id": f"2{uuid.uuid4().hex[:7]}-0015-5000-8000-{uuid.uuid4().hex[:12]}",
            "payment_id": payment["id"],
            "status": "succeeded",
            "created_at": _now(),
            "amount": data["amount"],
        }
        self.refunds[refund["id"]] = refund
        return refund


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def serve(fake: FakeYooKassa) -> ThreadingHTTPServer:
    """Start serving `fake` on a free port of 127.0.0.1 (in a daemon thread)."""

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            status, payload = fake.handle(self.command, self.path, self.headers, body)
            raw = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped waiting (a timeout under test)

        do_GET = do_POST = _answer

        def log_message(self, format, *args) -> None:  # quiet under pytest
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}/"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
