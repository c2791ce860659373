"""The sale side of the 1C exchange: orders out (`mode=query`, `success`), the reference
lists (`info`), and what 1C sends back — counterparties and orders' documents."""

from okno.exchange.sale.counterparties import counterparties_apply
from okno.exchange.sale.documents import documents_apply
from okno.exchange.sale.export import sale_content_type, sale_query, sale_success
from okno.exchange.sale.info import sale_info

__all__ = [
    "counterparties_apply",
    "documents_apply",
    "sale_content_type",
    "sale_info",
    "sale_query",
    "sale_success",
]
