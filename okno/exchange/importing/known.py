"""What lets the reader pass over a product or an offer 1C sends again unchanged.

The importer stores, as a product's `exchange_hash`, the digest of the `Товар` element (of
its bytes as the file writes them, see cml/unchanged.py) that last wrote the product, and
in its exchange mark the digest of the `Предложение` element that last set its prices and
the one that last set its stock (and, for an offer sending neither, its characteristics).
An element whose digest matches what the catalog holds would write nothing, so the reader
need not parse it — most of the work of a re-sent file. Nor need it parse an offer sending
neither prices nor stock nor characteristics of a product the catalog holds (a package's
`offers___` file): only a product made from an offer takes its name.
"""

from __future__ import annotations

from okno.catalog.models import Product


def _key(external_id: str, part: str, digest: str) -> int:
    """One number for a stored digest (`part`: "p" prices, "s" stock, "" both, as one
    element usually sets both, "c" characteristics; "h": the product is held): a set of them
    holds 200,000 offers in about 15 MB, a third of the ids and digests as strings. Python's
    own hash of the three, whose 64 bits make a false match a chance in billions of
    billions: the set is made and asked in the one process that reads a file, so its
    per-process seed is the same for both, and no one outside can aim at it."""
    return hash((external_id, part, digest))


class KnownOffers:
    """The stored digests of prices and stock by 1C id, read at the first offer asked
    about (a file without offers never reads them) and kept for the reading of one file.
    Digests written meanwhile by the same file are not seen, which only means reading an
    offer in full."""

    def __init__(self) -> None:
        self.keys: set[int] | None = None

    def __call__(
        self,
        external_id: str,
        prices: str | None,
        stock: str | None,
        characteristics: str | None = None,
    ) -> bool:
        """Whether the catalog holds both parts the element sends as this digest; for an
        element sending neither, whether it holds the characteristics it sends as this
        digest, or, sending none, the element's product at all."""
        if self.keys is None:
            self.keys = self._load()
        keys = self.keys
        digest = prices or stock
        if digest is None:
            if characteristics is not None:
                return _key(external_id, "c", characteristics) in keys
            return _key(external_id, "h", "") in keys
        if prices == stock and _key(external_id, "", digest) in keys:
            return True
        return all(
            _key(external_id, part, sent) in keys or _key(external_id, "", sent) in keys
            for part, sent in (("p", prices), ("s", stock))
            if sent is not None
        )

    @staticmethod
    def _load() -> set[int]:
        """Every product held, archived too (an offer of one writes only what it sends),
        with the digests of its mark: one query for both."""
        rows = Product.objects.filter(external_id__isnull=False).values_list(
            "external_id",
            "exchange_mark__prices_hash",
            "exchange_mark__stock_hash",
            "exchange_mark__characteristics_hash",
        )
        keys: set[int] = set()
        for external_id, prices, stock, characteristics in rows.iterator(chunk_size=5000):
            assert external_id is not None  # filtered above
            keys.add(_key(external_id, "h", ""))
            if characteristics:
                keys.add(_key(external_id, "c", characteristics))
            if prices and prices == stock:
                keys.add(_key(external_id, "", prices))
                continue
            if prices:
                keys.add(_key(external_id, "p", prices))
            if stock:
                keys.add(_key(external_id, "s", stock))
        return keys


class KnownProducts:
    """The stored digests of the products on sale, by 1C id, read at the first product
    asked about and kept for the reading of one file. An archived product is never
    "known": sent again, it is written, which puts it back on sale."""

    def __init__(self) -> None:
        self.keys: set[int] | None = None

    def __call__(self, external_id: str, digest: str) -> bool:
        if self.keys is None:
            self.keys = self._load()
        return _key(external_id, "", digest) in self.keys

    @staticmethod
    def _load() -> set[int]:
        rows = (
            Product.objects.filter(external_id__isnull=False, is_active=True)
            .exclude(exchange_hash="")
            .values_list("external_id", "exchange_hash")
        )
        return {
            _key(external_id, "", digest)
            for external_id, digest in rows.iterator(chunk_size=5000)
            if external_id is not None
        }
