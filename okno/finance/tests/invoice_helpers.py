"""What the invoice tests share: an order of client A to invoice, and a look inside PDFs."""

from __future__ import annotations

import datetime as dt
import html
import re
import zlib
from urllib.parse import quote

from django.utils import timezone

from okno.finance.tests.invoice_factories import CompanyRequisitesFactory, order_with_rates
from okno.orders.models import Order

# 1500 × 2 = 3000.00 (22 %: 3000 × 22/122 = 540.9836… → 540.98); 123.45 × 3 = 370.35
# (10 %: 370.35 × 10/110 = 33.6681… → 33.67); 99.99 × 12.5 = 1249.875 → 1249.88 without VAT.
LINES = [("1500.00", "2", "22"), ("123.45", "3", "10"), ("99.99", "12.5", "none")]
TOTAL = "4 620,23"
WORDS = "Четыре тысячи шестьсот двадцать рублей 23 копейки"


def invoiced_order(world, lines=None, **fields) -> Order:
    """Client A's order ОК-000123 placed on 5 December 2026, with the seller's requisites."""
    CompanyRequisitesFactory()
    placed = timezone.make_aware(dt.datetime(2026, 12, 5, 10, 0))
    defaults = {
        "legal_entity": world.entity_a1,
        "contract": world.contract_a1,
        "number": "ОК-000123",
        "submitted_at": placed,
    }
    return order_with_rates(lines or LINES, **{**defaults, **fields})


def attachment(filename: str) -> str:
    """The Content-Disposition Django writes for a non-ASCII name (RFC 5987)."""
    return f"attachment; filename*=utf-8''{quote(filename)}"


def text(response) -> str:
    """The page's text, entities decoded and non-breaking spaces as plain ones."""
    return html.unescape(response.content.decode()).replace("\xa0", " ")


_STREAM = re.compile(rb"<<(.*?)>>\s*stream\r?\n(.*?)\r?\nendstream", re.S)


def pdf_objects(data: bytes) -> bytes:
    """Every object of a PDF as text, object streams inflated (WeasyPrint packs the page
    tree and the font descriptors into compressed object streams)."""
    parts = [data]
    for header, body in _STREAM.findall(data):
        if b"/FlateDecode" in header and b"/ObjStm" in header:
            parts.append(zlib.decompress(body))
    return b"\n".join(parts)


def pdf_page_count(data: bytes) -> int:
    counts = re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf_objects(data))
    counts += re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", pdf_objects(data))
    assert counts, "no page tree in the PDF"
    return max(int(count) for count in counts)
