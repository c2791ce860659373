"""The demo's exchange with 1C: the integration the demo's `1c@okno.demo` logs in as, and a
day of its past exchanges for the administrators' exchange log — yesterday's catalog
exchange that failed on an unknown price type, today's that went well, and today's orders
exchange — with their requests, stored files and import jobs.

An integration that already exists is left as it is, with its sessions.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from okno.accounts.models import User
from okno.catalog.models import Product
from okno.demo.exchange.files import DemoFiles, demo_files, external_ids_ensure
from okno.exchange.models import (
    ExchangeFile,
    ExchangeRequest,
    ExchangeSession,
    ImportJob,
    Integration,
)
from okno.exchange.storage import exchange_file_path

INTEGRATION_LOGIN = "1c@okno.demo"
PRODUCTS_IN_FILES = 5


def demo_exchange_ensure(*, stdout) -> Integration | None:
    """The demo integration and its exchange log, once; None without the demo's 1C login
    or products."""
    user = User.objects.filter(email=INTEGRATION_LOGIN).first()
    if user is None or Integration.objects.filter(user=user).exists():
        return None
    products = list(
        Product.objects.filter(external_id__isnull=False, is_active=True, group__isnull=False)
        .select_related("base_unit", "group")
        .order_by("id")[:PRODUCTS_IN_FILES]
    )
    if not products:
        return None
    with transaction.atomic():
        external_ids_ensure()
        integration = Integration.objects.create(
            name="1С:Управление торговлей 11", user=user, alert_after_hours=24
        )
        now = timezone.now()
        _failed_catalog(integration, products, start=now - timedelta(hours=23, minutes=2))
        finished = _good_catalog(integration, products, start=now - timedelta(minutes=62))
        _orders(integration, start=finished + timedelta(minutes=3))
    stdout.write("  интеграция с 1С и журнал обмена\n")
    return integration


@dataclass
class _Clock:
    """Times of a session's requests, one after another."""

    at: datetime

    def step(self, ms: int) -> datetime:
        self.at += timedelta(milliseconds=ms)
        return self.at


def _session(integration: Integration, kind: str, start: datetime) -> ExchangeSession:
    return ExchangeSession.objects.create(
        integration=integration,
        kind=kind,
        cookie=secrets.token_hex(16),
        sessid=secrets.token_hex(16),
        version="2.08" if kind == ExchangeSession.Kind.CATALOG else "2.09",
        started_at=start,
        last_request_at=start,
    )


def _request(session, clock: _Clock, mode: str, ms: int, **fields) -> None:
    ExchangeRequest.objects.create(
        session=session,
        mode=mode,
        duration_ms=ms,
        created_at=clock.step(ms + 150),
        status=fields.pop("status", "success"),
        **fields,
    )


def _handshake(session, clock: _Clock) -> None:
    _request(session, clock, "checkauth", 38)
    _request(session, clock, "init", 12, message="zip=no\nfile_limit=52428800")


def _store(session, clock: _Clock, name: str, content: bytes, *, parts: int) -> ExchangeFile:
    """The file as 1C uploads it, in `parts` requests, written to the session's folder."""
    size = len(content)
    for part in range(parts):
        piece = size // parts + (size % parts if part == parts - 1 else 0)
        _request(session, clock, "file", 20 + piece // 200, filename=name, bytes_in=piece)
    stored = ExchangeFile.objects.create(
        session=session, name=name, size=size, parts=parts, received_at=clock.at
    )
    path = exchange_file_path(stored)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return stored


def _job(
    session, clock: _Clock, stored: ExchangeFile, *, counts: dict, steps: int, **fields
) -> ImportJob:
    """The file's import as 1C drives it: `progress` answers, then `success` or `failure`."""
    started = clock.at
    failed = fields.get("status") == ImportJob.Status.FAILED
    for _step in range(steps - 1):
        _request(session, clock, "import", 1800, filename=stored.name, status="progress")
    answer = "failure" if failed else "success"
    message = fields.get("message", "")
    _request(session, clock, "import", 1800, filename=stored.name, status=answer, message=message)
    return ImportJob.objects.create(
        session=session,
        file=stored,
        status=fields.pop("status", ImportJob.Status.DONE),
        counts=counts,
        checkpoint=sum(sum(kind.values()) for kind in counts.values()),
        started_at=started,
        finished_at=clock.at,
        duration_ms=int((clock.at - started).total_seconds() * 1000),
        **fields,
    )


def _product_counts(files: DemoFiles) -> dict:
    return {
        "groups": {"created": 0, "updated": 0, "unchanged": files.group_count},
        "products": {"created": 0, "updated": 2, "unchanged": files.product_count - 2},
    }


def _failed_catalog(integration, products, *, start: datetime) -> None:
    files = demo_files(products=products, when=start - timedelta(minutes=1), broken=True)
    session = _session(integration, ExchangeSession.Kind.CATALOG, start)
    clock = _Clock(start)
    _handshake(session, clock)
    first = _store(session, clock, "import0_1.xml", files.products, parts=1)
    second = _store(session, clock, "offers0_1.xml", files.offers, parts=1)
    _job(session, clock, first, counts=_product_counts(files), steps=1, phase="products")
    message = files.failure
    offers = {"offers": {"updated": len(products) - 1, "errors": 1}}
    _job(
        session,
        clock,
        second,
        counts=offers,
        steps=1,
        status=ImportJob.Status.FAILED,
        phase="offers",
        message=message,
    )
    _end(session, clock, ExchangeSession.Status.FAILURE, message, alerted=True)


def _good_catalog(integration, products, *, start: datetime) -> datetime:
    files = demo_files(products=products, when=start - timedelta(minutes=1))
    session = _session(integration, ExchangeSession.Kind.CATALOG, start)
    clock = _Clock(start)
    _handshake(session, clock)
    first = _store(session, clock, "import0_1.xml", files.products, parts=1)
    second = _store(session, clock, "offers0_1.xml", files.offers, parts=2)
    _job(session, clock, first, counts=_product_counts(files), steps=2, phase="products")
    offers = {
        "offers": {"updated": 3, "unchanged": len(products) - 3},
        "prices": {"updated": 4, "unchanged": files.price_count - 4},
    }
    _job(session, clock, second, counts=offers, steps=1, phase="offers")
    _end(session, clock, ExchangeSession.Status.SUCCESS, "", alerted=False)
    return clock.at


def _orders(integration, *, start: datetime) -> None:
    session = _session(integration, ExchangeSession.Kind.SALE, start)
    clock = _Clock(start)
    _handshake(session, clock)
    _request(session, clock, "query", 240, message="заказов: 3")
    _request(session, clock, "success", 25)
    _end(session, clock, ExchangeSession.Status.SUCCESS, "", alerted=False)


def _end(session, clock: _Clock, status: str, message: str, *, alerted: bool) -> None:
    session.status = status
    session.message = message
    session.finished_at = session.last_request_at = clock.at
    # The demo's past failure was told about back then: no letter on the demo's first start.
    session.alerted_at = clock.at if alerted else None
    session.save()
    if status == ExchangeSession.Status.SUCCESS:
        Integration.objects.filter(pk=session.integration_id).update(last_success_at=clock.at)
