"""SMS gateways: where a text to a phone goes, chosen by `settings.OKNO_SMS_GATEWAY`.

- `console` (default): the text goes to the log at INFO, so the demo shows codes in the terminal;
- `memory`: kept in the module-level `outbox`, for tests;
- `smsru`: an HTTP POST in the SMS.ru style to `settings.OKNO_SMSRU_URL`.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)


class SmsGatewayError(RuntimeError):
    """The gateway did not accept a message; the task retries it."""


class SmsGateway(Protocol):
    def send(self, *, phone: str, text: str) -> None: ...


@dataclass(frozen=True)
class SentSms:
    phone: str
    text: str


outbox: list[SentSms] = []


class ConsoleGateway:
    """Writes the message to the log instead of sending it."""

    def send(self, *, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone, text)


class MemoryGateway:
    """Keeps messages in `outbox`; tests read and clear it."""

    def send(self, *, phone: str, text: str) -> None:
        outbox.append(SentSms(phone=phone, text=text))


class SmsRuGateway:
    """SMS.ru's HTTP API: POST api_id, to, msg, json=1; the answer says OK per number."""

    timeout_seconds = 10

    def __init__(self, *, url: str, api_id: str):
        if not api_id:
            raise ImproperlyConfigured("OKNO_SMSRU_API_ID is not set for the smsru SMS gateway.")
        self.url = url
        self.api_id = api_id

    def send(self, *, phone: str, text: str) -> None:
        to = phone.lstrip("+")
        body = urllib.parse.urlencode({"api_id": self.api_id, "to": to, "msg": text, "json": 1})
        answer = self._post(body.encode())
        if answer.get("status") != "OK":
            raise SmsGatewayError(f"SMS.ru refused the request: {_reason(answer)}")
        per_number = (answer.get("sms") or {}).get(to) or {}
        if per_number and per_number.get("status") != "OK":
            raise SmsGatewayError(f"SMS.ru did not send to {phone}: {_reason(per_number)}")

    def _post(self, body: bytes) -> dict:
        request = urllib.request.Request(self.url, data=body, method="POST")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_seconds) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            raise SmsGatewayError(f"SMS.ru answered HTTP {error.code}") from error
        except (urllib.error.URLError, TimeoutError) as error:
            raise SmsGatewayError(f"SMS.ru is unreachable: {error}") from error
        except ValueError as error:
            raise SmsGatewayError("SMS.ru answered with something that is not JSON") from error


def _reason(answer: dict) -> str:
    return str(answer.get("status_text") or answer.get("status_code") or answer)


def get_gateway() -> SmsGateway:
    """The gateway `settings.OKNO_SMS_GATEWAY` names."""
    name = settings.OKNO_SMS_GATEWAY
    if name == "console":
        return ConsoleGateway()
    if name == "memory":
        return MemoryGateway()
    if name == "smsru":
        return SmsRuGateway(url=settings.OKNO_SMSRU_URL, api_id=settings.OKNO_SMSRU_API_ID)
    raise ImproperlyConfigured(f"Unknown OKNO_SMS_GATEWAY {name!r}: use console, memory or smsru.")
