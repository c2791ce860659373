"""What an import did, per kind of object: created, updated, unchanged, deactivated and
errors (a value the import could not use and left out, the rest of the object written),
plus a few kind-specific figures (`vat_mapped`: products whose VAT rate of an earlier year
was taken as today's standard rate; `zeroed`: stock rows a full offers file took to zero)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import Any

FIGURES = ("created", "updated", "unchanged", "deactivated", "errors")


class Counts:
    """Counters by kind and figure, merged into the job's `counts` after each batch."""

    def __init__(self, initial: dict[str, dict[str, int]] | None = None) -> None:
        self.by_kind: defaultdict[str, defaultdict[str, int]] = defaultdict(
            lambda: defaultdict(int)
        )
        for kind, figures in (initial or {}).items():
            self.by_kind[kind].update(figures)

    def add(self, kind: str, figure: str, amount: int = 1) -> None:
        if amount:
            self.by_kind[kind][figure] += amount

    def merge(self, other: Counts) -> None:
        for kind, figures in other.by_kind.items():
            for figure, amount in figures.items():
                self.add(kind, figure, amount)

    def changed(self) -> bool:
        """Whether anything was created, updated, deactivated or zeroed."""
        return any(
            figures.get(name)
            for figures in self.by_kind.values()
            for name in ("created", "updated", "deactivated", "zeroed")
        )

    def as_dict(self) -> dict[str, dict[str, int]]:
        """Every kind met with all five figures (zeros included), plus its extra ones."""
        return {
            kind: {**dict.fromkeys(FIGURES, 0), **figures}
            for kind, figures in sorted(self.by_kind.items())
        }


def digest(*parts: Any) -> str:
    """A short stable digest of values (records without their position): what decides
    whether an object 1C sent again has changed."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
