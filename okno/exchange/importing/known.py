"""What lets the reader pass over an offer 1C sends again unchanged.

The importer stores, as a product's `prices_hash` and `stock_hash`, the digest of the
`Предложение` element (as the file writes it) that last set its prices and its stock. An
element whose digest matches what the catalog holds for each part it sends would write
nothing, so the reader need not build its prices and stock — most of the work of a re-sent
offers file.
"""

from __future__ import annotations

from okno.catalog.models import Product


class KnownOffers:
    """The stored digests of prices and stock by 1C id, read at the first offer asked
    about (a file without offers never reads them) and kept for the reading of one file.
    Digests written meanwhile by the same file are not seen, which only means reading an
    offer in full."""

    def __init__(self) -> None:
        self.digests: dict[str, tuple[str, str]] | None = None

    def __call__(self, external_id: str, prices: str | None, stock: str | None) -> bool:
        """Whether the catalog holds both parts the element sends as this digest."""
        if self.digests is None:
            self.digests = self._load()
        stored = self.digests.get(external_id)
        if stored is None:
            return False
        return (prices is None or stored[0] == prices) and (stock is None or stored[1] == stock)

    @staticmethod
    def _load() -> dict[str, tuple[str, str]]:
        rows = (
            Product.objects.filter(external_id__isnull=False)
            .exclude(prices_hash="", stock_hash="")
            .values_list("external_id", "prices_hash", "stock_hash")
        )
        return {str(external_id): (prices, stock) for external_id, prices, stock in rows.iterator()}
