"""YooKassa (API v3) as a payment provider: a payment by a card or through СБП is created
with a redirect to YooKassa's page, read back by its id, and refunded.

Every request carries the shop's Basic credentials and a timeout; a creating request
carries an `Idempotence-Key`, so a retry after a failure or a timeout never creates a second
payment or refund. Network failures, YooKassa's 5xx and its «202 — still processing» are
retried a few times with the same key; anything else is logged and reported to the person
as «the payment service is unavailable» (`ProviderUnavailable`).

A notification is never trusted: only the id is taken from it, and the payment (or refund)
is read back from the API — YooKassa's own advice. The sender's address may be checked too
(`notification_sender_allowed`).
"""

from __future__ import annotations

import base64
import ipaddress
import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from http.client import HTTPException
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from okno.core.errors import InvalidInput
from okno.payments.providers import (
    CARD,
    FAILED,
    PAID,
    PENDING,
    REFUNDED,
    SBP,
    CallbackResult,
    ProviderUnavailable,
    StartResult,
    register_provider,
)

if TYPE_CHECKING:
    from okno.payments.models import Payment

logger = logging.getLogger(__name__)

NAME = "yookassa"
# Our payment methods as YooKassa names them in `payment_method_data.type`.
_METHOD_TYPES = {CARD: "bank_card", SBP: "sbp"}
_OUTCOMES = {"succeeded": PAID, "canceled": FAILED}
_EVENTS = ("payment.succeeded", "payment.canceled", "refund.succeeded")


class NotFound(Exception):
    """YooKassa has no object with that id."""


def _money(value: Decimal) -> dict[str, str]:
    return {"value": f"{value:.2f}", "currency": "RUB"}


class YooKassaApi:
    """The HTTP calls to YooKassa, with the settings' address, credentials and timeout."""

    def __init__(self) -> None:
        self.base_url = settings.OKNO_YOOKASSA_API_URL.rstrip("/") + "/"
        self.timeout = settings.OKNO_YOOKASSA_TIMEOUT
        self.attempts = max(1, settings.OKNO_YOOKASSA_ATTEMPTS)
        pair = f"{settings.OKNO_YOOKASSA_SHOP_ID}:{settings.OKNO_YOOKASSA_SECRET_KEY}"
        self.authorization = "Basic " + base64.b64encode(pair.encode()).decode()

    def call(
        self, method: str, path: str, *, body: Mapping[str, Any] | None = None, key: str = ""
    ) -> dict[str, Any]:
        """The JSON YooKassa answers; retried with the same idempotence key while it fails
        in a way a retry may cure."""
        detail = ""
        for attempt in range(1, self.attempts + 1):
            try:
                return self._once(method, path, body=body, key=key)
            except _Retry as failure:
                detail = failure.detail
                logger.warning(
                    "yookassa %s %s failed (attempt %d of %d): %s",
                    method,
                    path,
                    attempt,
                    self.attempts,
                    detail,
                )
                if attempt < self.attempts:
                    time.sleep(min(failure.wait, 2.0))
        logger.error("yookassa %s %s gave up: %s", method, path, detail)
        raise ProviderUnavailable(detail)

    def _once(
        self, method: str, path: str, *, body: Mapping[str, Any] | None, key: str
    ) -> dict[str, Any]:
        request = urllib.request.Request(
            urljoin(self.base_url, path),
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": self.authorization, "Accept": "application/json"},
        )
        if body is not None:
            request.add_header("Content-Type", "application/json")
        if key:
            request.add_header("Idempotence-Key", key)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as answer:
            status, raw = answer.code, answer.read()
        except (TimeoutError, urllib.error.URLError, ConnectionError, HTTPException) as failure:
            raise _Retry(f"no answer: {failure}", wait=0.5) from failure
        return self._read(status, raw)

    def _read(self, status: int, raw: bytes) -> dict[str, Any]:
        text = raw.decode("utf-8", "replace")
        if status == 202:  # accepted, still processing: ask again after the pause it names
            try:
                wait = int(json.loads(text).get("retry_after", 500)) / 1000
            except (ValueError, AttributeError):
                wait = 0.5
            raise _Retry("still processing", wait=wait)
        if status >= 500:
            raise _Retry(f"HTTP {status}: {text[:300]}", wait=0.5)
        if status == 404:
            raise NotFound(text[:300])
        if status != 200:
            logger.error("yookassa refused: HTTP %s: %s", status, text[:500])
            raise ProviderUnavailable(f"HTTP {status}: {text[:300]}")
        try:
            answer = json.loads(text)
        except ValueError as garbled:
            raise _Retry(f"not JSON: {text[:300]}", wait=0.5) from garbled
        if not isinstance(answer, dict):
            raise _Retry(f"not an object: {text[:300]}", wait=0.5)
        return answer


class _Retry(Exception):
    def __init__(self, detail: str, *, wait: float):
        super().__init__(detail)
        self.detail = detail
        self.wait = wait


class YooKassaProvider:
    """YooKassa's payments with `capture=true` (one stage: paid when the person pays)."""

    name = NAME
    methods: tuple[str, ...] = (CARD, SBP)

    def __init__(self, api: YooKassaApi | None = None) -> None:
        self.api = api or YooKassaApi()

    def start(self, payment: Payment) -> StartResult:
        return_url = settings.OKNO_BASE_URL.rstrip("/") + reverse(
            "payments:payment", kwargs={"payment_uuid": payment.uuid}
        )
        order = payment.order
        created = self.api.call(
            "POST",
            "payments",
            key=str(payment.uuid),
            body={
                "amount": _money(payment.amount),
                "capture": True,
                "confirmation": {"type": "redirect", "return_url": return_url},
                "payment_method_data": {"type": _METHOD_TYPES[payment.method]},
                "description": (_("Оплата заказа %s") % (order.number or order.pk))[:128],
                "metadata": {"okno_payment": str(payment.uuid), "order_id": str(order.pk)},
            },
        )
        confirmation = created.get("confirmation") or {}
        url = confirmation.get("confirmation_url") or ""
        if not created.get("id") or not url:
            logger.error("yookassa payment without id or confirmation: %s", created)
            raise ProviderUnavailable("no confirmation_url")
        return StartResult(redirect_url=url, provider_payment_id=str(created["id"]))

    def handle_callback(self, data: Mapping[str, Any]) -> CallbackResult:
        """Read the notification's event and object id, then the object itself from the
        API; the notification's own status and amount are ignored."""
        event = data.get("event")
        target = data.get("object")
        object_id = target.get("id") if isinstance(target, Mapping) else None
        if event not in _EVENTS or not isinstance(object_id, str) or not object_id:
            raise InvalidInput(_("Непонятное уведомление платёжного сервиса."), field="event")
        try:
            if event == "refund.succeeded":
                return self._refund_result(self._get("refunds", object_id))
            return self._payment_result(self._get("payments", object_id))
        except NotFound as unknown:
            raise InvalidInput(_("Платёж не найден."), field="object") from unknown

    def fetch(self, payment: Payment) -> CallbackResult | None:
        try:
            return self._payment_result(self._get("payments", payment.provider_payment_id))
        except (ProviderUnavailable, NotFound) as failure:
            # The person sees «waiting for the bank»; the notification will still come.
            logger.warning("yookassa payment %s not read: %r", payment.provider_payment_id, failure)
            return None

    def refund(self, payment: Payment, amount: Decimal) -> None:
        refund = self.api.call(
            "POST",
            "refunds",
            key=f"refund-{payment.uuid}",
            body={"payment_id": payment.provider_payment_id, "amount": _money(amount)},
        )
        if refund.get("status") == "canceled":
            reason = (refund.get("cancellation_details") or {}).get("reason", "")
            logger.error("yookassa refused refund of %s: %s", payment.provider_payment_id, reason)
            raise ProviderUnavailable(f"refund canceled: {reason}")

    def _get(self, kind: str, object_id: str) -> dict[str, Any]:
        return self.api.call("GET", f"{kind}/{quote(object_id, safe='')}")

    def _payment_result(self, found: Mapping[str, Any]) -> CallbackResult:
        status = found.get("status")
        outcome = _OUTCOMES.get(str(status), PENDING)
        if outcome == PAID and not found.get("paid"):
            outcome = PENDING
        reason = ""
        if outcome == FAILED:
            cause = (found.get("cancellation_details") or {}).get("reason", "")
            reason = _("Платёж отменён платёжным сервисом: %s.") % (cause or status)
        return CallbackResult(
            provider_payment_id=str(found.get("id") or ""),
            outcome=outcome,
            failure_reason=reason,
            payload=dict(found),
            amount=_amount(found),
        )

    def _refund_result(self, found: Mapping[str, Any]) -> CallbackResult:
        outcome = REFUNDED if found.get("status") == "succeeded" else PENDING
        return CallbackResult(
            provider_payment_id=str(found.get("payment_id") or ""),
            outcome=outcome,
            payload=dict(found),
            amount=_amount(found),
        )


def _amount(found: Mapping[str, Any]) -> Decimal | None:
    amount = found.get("amount") or {}
    try:
        return Decimal(str(amount["value"]))
    except (KeyError, TypeError, InvalidOperation):
        return None


def notification_sender_allowed(address: str) -> bool:
    """Whether a notification from `address` may be YooKassa's: always, when the check is
    off; otherwise when the address is within one of the ranges YooKassa publishes."""
    if not settings.OKNO_YOOKASSA_CHECK_IP:
        return True
    try:
        sender = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(
        sender in ipaddress.ip_network(allowed, strict=False)
        for allowed in settings.OKNO_YOOKASSA_IPS
    )


register_provider(NAME, YooKassaProvider)
