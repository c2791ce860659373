"""The order export and its watermark: `mode=query` answers the orders XML and records
what it carried as a pending batch; `mode=success` commits the batch, and only then are
its orders sent. 1C:УТ 11 never says `success`, so for an integration with
`query_confirms_previous` its next `mode=query` commits the pending batch first. A pending
batch that is neither committed nor confirmed is dropped by the next query, whose answer
carries its orders again."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from okno.exchange.models import ExchangeSession, Integration, SaleExport, SaleExportOrder
from okno.exchange.sale.selection import ExportDocument, export_documents, pending_versions
from okno.exchange.sale.writer import orders_xml_write
from okno.orders.models import Order

Status = SaleExport.Status
# The part of an orders document kept in memory; the rest goes to a temporary file.
SPOOL_BYTES = 8 * 1024 * 1024


def sale_query(*, session: ExchangeSession) -> IO[bytes]:
    """The orders XML for 1C in the integration's encoding and schema version (UTF-8 and
    2.09 without an integration), its batch left pending; a file read from its start. The
    document is written to a temporary file past its first megabytes, so a first exchange
    carrying months of orders does not take its size in memory."""
    integration = session.integration or Integration()
    with transaction.atomic():
        if session.integration_id is not None:
            Integration.objects.select_for_update().filter(pk=session.integration_id).first()
            _settle_previous(integration)
        versions = pending_versions()
        export = SaleExport.objects.create(
            integration=session.integration, session=session, orders_count=len(versions)
        )
        parts: dict[int, int] = {}
        # Returned open: the response streams it and closes it.
        out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
        export.documents_count = orders_xml_write(
            out,
            _noting_parts(export_documents([pk for pk, _at in versions]), parts),
            encoding=integration.encoding,
            version=integration.sale_version,
            generated_at=export.created_at,
        )
        SaleExportOrder.objects.bulk_create(
            [
                SaleExportOrder(
                    export=export, order_id=pk, order_updated_at=at, parts=parts.get(pk, 0)
                )
                for pk, at in versions
            ],
            batch_size=1000,
        )
        export.save(update_fields=["documents_count"])
    out.seek(0)
    return out


def sale_success(*, session: ExchangeSession) -> None:
    """1C took the session's last answer: its orders are sent."""
    with transaction.atomic():
        export = (
            SaleExport.objects.select_for_update()
            .filter(session=session, status=Status.PENDING)
            .order_by("-created_at", "-pk")
            .first()
        )
        if export is not None:
            sale_export_commit(export=export)


def sale_export_commit(*, export: SaleExport) -> None:
    """Mark the batch's orders sent as they were when it was written: an order changed
    since goes out again. A portal order sent as sub-orders is sent with all of them, as
    a batch carries every part of it."""
    now = timezone.now()
    rows = SaleExportOrder.objects.filter(export=export)
    sent_version = rows.filter(order_id=OuterRef("pk")).values("order_updated_at")[:1]
    Order.objects.filter(pk__in=rows.values("order_id")).update(
        exchange_sent_version=Subquery(sent_version), exchange_sent_at=now
    )
    export.status = Status.COMMITTED
    export.committed_at = now
    export.save(update_fields=["status", "committed_at"])


def sale_content_type(*, integration: Integration) -> str:
    """The Content-Type of the orders XML."""
    return f"application/xml; charset={integration.encoding}"


def _settle_previous(integration: Integration) -> None:
    """Confirm the integration's last pending batch when its 1C takes a new query as
    confirmation; drop every other pending batch."""
    pending = list(
        SaleExport.objects.select_for_update()
        .filter(integration=integration, status=Status.PENDING)
        .order_by("-created_at", "-pk")
    )
    if pending and integration.query_confirms_previous:
        sale_export_commit(export=pending.pop(0))
    SaleExport.objects.filter(pk__in=[export.pk for export in pending]).update(
        status=Status.DROPPED
    )


def _noting_parts(
    documents: Iterator[ExportDocument], parts: dict[int, int]
) -> Iterator[ExportDocument]:
    for document in documents:
        if document.part is not None:
            parts[document.order.pk] = document.parts
        yield document
