"""Orders from 1C (`Документ`): what 1C did with the orders we sent — its number and date,
posted, cancelled, paid, shipped, its status, changed lines — applied to our orders.

A document names our order by the `Ид` we exported (`<order id>`, or `<order id>-<n>` for
a sub-order), else by the 1C id stored on the order, else by our number. Each document is
applied whole or not at all, the order row locked. A document older than the one applied
last — by 1C's version stamp (`НомерВерсии`) or by the file's date — is stale: nothing of
it is applied, it is counted `stale` and named in `messages`; the same version again is
`unchanged`. Statuses move only forward (see `progress`); each move is a step of the
order's history noted as 1C's, and the client is told by e-mail after commit. What 1C
changed is not sent back to it at the next export.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.core.errors import DomainError
from okno.exchange.cml.records import DocumentRecord
from okno.exchange.models import OrderPart
from okno.exchange.sale.lines import order_lines_follow
from okno.exchange.sale.notify import order_status_notify
from okno.exchange.sale.progress import furthest_common, is_true, order_progress, status_said
from okno.orders.models import Order
from okno.orders.services.lifecycle import order_lock
from okno.orders.services.notes import order_note

_OUR_ID = re.compile(r"^(?P<order>\d+)(?:-(?P<part>\d+))?$")
_FACTS: tuple[str, ...] = ("number_1c", "date_1c", "posted_1c", "paid_number_1c")
_FACTS += ("paid_date_1c", "shipped_number_1c", "shipped_date_1c")
_FACTS += ("exchange_version", "exchange_document_at")


class DocumentRefused(Exception):
    """This document cannot be applied; the message says why."""


def documents_apply(
    *,
    records: list[DocumentRecord],
    file_name: str,
    generated_at: dt.datetime | None = None,
    messages: list[str] | None = None,
) -> dict[str, int]:
    """Apply a batch of 1C's documents; `generated_at` is the file's `ДатаФормирования`.
    Returns {created, updated, unchanged, errors, stale} (1C's documents never create
    orders: one we do not know is an error)."""
    counts = {"created": 0, "updated": 0, "unchanged": 0, "errors": 0, "stale": 0}
    notes = messages if messages is not None else []
    if generated_at is not None and timezone.is_naive(generated_at):
        generated_at = timezone.make_aware(generated_at)  # 1C writes the company's local time
    for record in records:
        try:
            with transaction.atomic():
                outcome = document_apply(
                    record=record, file_name=file_name, generated_at=generated_at, messages=notes
                )
        except DocumentRefused as refused:
            counts["errors"] += 1
            notes.append(f"{record.position}: {refused}")
            continue
        except DomainError as refused:
            counts["errors"] += 1
            notes.append(f"{record.position}: {refused.message}")
            continue
        counts[outcome] += 1
    return counts


def document_apply(
    *,
    record: DocumentRecord,
    file_name: str,
    generated_at: dt.datetime | None,
    messages: list[str],
) -> str:
    """Apply one document: "updated", "unchanged" or "stale"."""
    order, part_number = _order_of(record)
    order = order_lock(order)
    in_sync = order.exchange_sent_version is not None and (
        order.exchange_sent_version >= order.updated_at
    )
    part = _part(order, part_number) if part_number else None
    freshness = _freshness(order, part, record, generated_at)
    if freshness:
        if freshness == "stale":
            applied = part.version if part else order.exchange_version
            messages.append(
                f"{record.position}: stale document for order {order.number} "
                f"(version {record.version or '—'}, applied {applied or '—'})"
            )
        return freshness
    before = order.status
    moved = _apply(order, part, record, file_name, generated_at, messages)
    if in_sync:
        # 1C's own changes are not news to 1C: the next export leaves them out.
        Order.objects.filter(pk=order.pk).update(exchange_sent_version=F("updated_at"))
    if order.status != before:
        order_status_notify(order=order)
    return "updated" if moved or order.status != before or part else "unchanged"


def _freshness(order: Order, part: OrderPart | None, record: DocumentRecord, generated_at) -> str:
    """ "unchanged" for the document applied last sent again, "stale" for an older one,
    "" for a newer one."""
    version = part.version if part else order.exchange_version
    document_at = part.document_at if part else order.exchange_document_at
    if record.version and record.version == version:
        return "unchanged"
    if _older(record.version, version):
        return "stale"
    if generated_at and document_at and generated_at < document_at:
        return "stale"
    return ""


def _apply(
    order: Order,
    part: OrderPart | None,
    record: DocumentRecord,
    file_name: str,
    generated_at,
    messages: list[str],
) -> bool:
    """What the document says, written: facts, lines, status. Returns whether facts or
    lines changed."""
    note = _("1С: %(number)s (%(file)s)") % {
        "number": record.number_1c or record.number,
        "file": file_name,
    }
    changed = _facts(order, record, generated_at)
    target: str | None
    if part is not None:
        _part_facts(part, record, generated_at)
        lines = list(order.lines.select_related("product").filter(**_part_scope(part)))
        target = furthest_common(_part_statuses(order, part))
    else:
        lines = list(order.lines.select_related("product"))
        target = status_said(record)
    line_notes, not_applied = order_lines_follow(order, record.lines, lines)
    if line_notes:
        order_note(order, user_id=None, note=f"{note}: " + "; ".join(line_notes))
    messages.extend(f"{record.position}: {text}" for text in not_applied)
    if changed:
        order.save(update_fields=[*_FACTS, "updated_at"])
    problem = order_progress(order, target, note=note)
    if problem:
        messages.append(f"{record.position}: {problem}")
    return changed or bool(line_notes)


def _order_of(record: DocumentRecord) -> tuple[Order, int]:
    ours = _OUR_ID.match(record.external_id)
    if ours:
        order = Order.objects.filter(pk=int(ours["order"])).first()
        if order is not None:
            return order, int(ours["part"] or 0)
    order = (
        Order.objects.filter(external_id=record.external_id).first() if record.external_id else None
    )
    if order is None and record.number:
        order = Order.objects.filter(number=record.number.strip()).first()
    if order is None:
        raise DocumentRefused(f"unknown order '{record.external_id or record.number}'")
    return order, 0


def _part(order: Order, number: int) -> OrderPart:
    part = OrderPart.objects.select_for_update().filter(order=order, number=number).first()
    if part is None:
        raise DocumentRefused(f"unknown sub-order {order.pk}-{number}")
    return part


def _part_scope(part: OrderPart) -> dict:
    return {"vat_rate": part.vat_rate, "warehouse_id": part.warehouse_id}


def _part_statuses(order: Order, part: OrderPart) -> list[str]:
    """Every part's status as 1C last said it (the order's own for a part it has not)."""
    statuses = dict(OrderPart.objects.filter(order=order).values_list("number", "status"))
    statuses[part.number] = part.status
    return [status or order.status for status in statuses.values()]


def _part_facts(part: OrderPart, record: DocumentRecord, generated_at) -> None:
    said = status_said(record)
    part.status = said or part.status
    part.number_1c = (record.number_1c or part.number_1c)[:40]
    part.version = record.version[:40]
    part.document_at = generated_at or timezone.now()
    part.save(update_fields=["status", "number_1c", "version", "document_at"])


def _facts(order: Order, record: DocumentRecord, generated_at) -> bool:
    """Record what 1C says of the order besides its status; returns whether any changed."""
    requisites = record.requisites
    before = [getattr(order, name) for name in _FACTS]
    number_1c = record.number_1c or requisites.get("Номер по 1С", "")
    order.number_1c = (number_1c.strip() or order.number_1c)[:40]
    order.date_1c = record.date_1c or _date(requisites.get("Дата по 1С")) or order.date_1c
    if "Проведен" in requisites:
        order.posted_1c = is_true(requisites["Проведен"])
    paid = requisites.get("Номер оплаты по 1С", "").strip()
    order.paid_number_1c = (paid or order.paid_number_1c)[:40]
    order.paid_date_1c = _date(requisites.get("Дата оплаты по 1С")) or order.paid_date_1c
    shipped = requisites.get("Номер отгрузки по 1С", "").strip()
    order.shipped_number_1c = (shipped or order.shipped_number_1c)[:40]
    order.shipped_date_1c = _date(requisites.get("Дата отгрузки по 1С")) or order.shipped_date_1c
    order.exchange_version = record.version[:40] or order.exchange_version
    if generated_at is not None:
        order.exchange_document_at = generated_at
    return before != [getattr(order, name) for name in _FACTS]


def _older(sent: str, applied: str) -> bool:
    """Whether 1C's version stamp `sent` is older than `applied`. 1C writes the data
    version as base64 of a big-endian counter; a stamp that is not one compares as
    unknown (never older)."""
    sent_number, applied_number = _version_number(sent), _version_number(applied)
    if sent_number is None or applied_number is None:
        return False
    return sent_number < applied_number


def _version_number(stamp: str) -> int | None:
    if not stamp:
        return None
    try:
        return int.from_bytes(base64.b64decode(stamp, validate=True), "big")
    except (binascii.Error, ValueError):
        return None


def _date(value: str | None) -> dt.date | None:
    text = (value or "").strip()
    for pattern in ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%d.%m.%Y %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None
