"""What the readers of the settlements format give the loader: documents with their files,
checked value by value, each carrying the place it came from for messages.

Both readers — the XML one and the JSON one — build records with `document_record`, so the
two spellings of the format accept and refuse the same things (docs/finance-exchange.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from okno.finance.models import SIGNED_KINDS, DocumentKind, EdoStatus, FileKind

FORMAT_VERSION = "1.0"
MAX_AMOUNT = Decimal("999999999999.99")
_TRUE, _FALSE = {"true", "1"}, {"false", "0", ""}


class ImportProblem(Exception):
    """A problem of the imported data at `place` (`file:line /path` or `documents[3].field`)."""

    def __init__(self, place: str, message: str, *, fatal: bool = False):
        super().__init__(f"{place}: {message}")
        self.place = place
        self.message = message
        self.fatal = fatal  # the rest of the input cannot be read


@dataclass(frozen=True)
class FileRecord:
    """A file of a document: from `path` beside the XML file, or `content` from JSON."""

    external_id: str
    kind: str
    name: str
    edo_status: str
    place: str
    path: str | None = None
    content: bytes | None = None


@dataclass(frozen=True)
class DocumentRecord:
    external_id: str
    kind: str
    number: str
    date: dt.date
    amount: Decimal
    currency: str
    contract: str  # the contract's id in 1C
    due_date: dt.date | None
    order: str
    shipment: str
    claim: str
    comment: str
    deleted: bool
    files: tuple[FileRecord, ...]
    place: str
    id_place: str
    contract_place: str


def document_record(
    values: Mapping[str, Any], files: tuple[FileRecord, ...], *, place: Callable[[str], str]
) -> DocumentRecord:
    """A document from its values as text (or JSON's numbers and booleans); `place(name)`
    says where the value `name` is, for the message if it is wrong."""
    checker = _Checker(values, place)
    kind = checker.choice("kind", DocumentKind.values)
    amount = checker.amount("amount")
    if kind not in SIGNED_KINDS and amount <= 0:
        raise ImportProblem(place("amount"), "must be greater than zero for this kind")
    return DocumentRecord(
        external_id=checker.text("id", required=True, limit=80),
        kind=kind,
        number=checker.text("number", required=True, limit=60),
        date=checker.date("date", required=True),  # type: ignore[arg-type]
        amount=amount,
        currency=checker.text("currency", limit=3) or "RUB",
        contract=checker.text("contract", required=True, limit=80),
        due_date=checker.date("due_date"),
        order=checker.text("order", limit=80),
        shipment=checker.text("shipment", limit=80),
        claim=checker.text("claim", limit=60),
        comment=checker.text("comment", limit=500),
        deleted=checker.flag("deleted"),
        files=files,
        place=place(""),
        id_place=place("id"),
        contract_place=place("contract"),
    )


def file_record(values: Mapping[str, Any], *, place: Callable[[str], str], **source) -> FileRecord:
    checker = _Checker(values, place)
    name = checker.text("name", required=True, limit=200)
    if "/" in name or "\\" in name:
        raise ImportProblem(place("name"), "a file name, without folders")
    return FileRecord(
        external_id=checker.text("id", required=True, limit=80),
        kind=checker.choice("kind", FileKind.values, default=FileKind.OTHER),
        name=name,
        edo_status=checker.choice("edo", [s for s in EdoStatus.values if s], default=""),
        place=place(""),
        **source,
    )


class _Checker:
    def __init__(self, values: Mapping[str, Any], place: Callable[[str], str]):
        self.values = values
        self.place = place

    def _raw(self, name: str) -> str:
        value = self.values.get(name)
        return "" if value is None else str(value).strip()

    def text(self, name: str, *, required: bool = False, limit: int) -> str:
        value = self._raw(name)
        if required and not value:
            raise ImportProblem(self.place(name), "is required")
        if len(value) > limit:
            raise ImportProblem(self.place(name), f"longer than {limit} characters")
        if "\x00" in value:
            raise ImportProblem(self.place(name), "contains a NUL character")
        return value

    def choice(self, name: str, allowed, *, default: str | None = None) -> str:
        value = self._raw(name)
        if not value and default is not None:
            return default
        if value not in allowed:
            raise ImportProblem(
                self.place(name), f"'{value}' is not one of: {', '.join(sorted(allowed))}"
            )
        return value

    def amount(self, name: str) -> Decimal:
        given = self._raw(name)  # named in the message as it was sent
        try:
            amount = Decimal(given.replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise ImportProblem(self.place(name), f"'{given}' is not an amount") from None
        if not amount.is_finite() or abs(amount) > MAX_AMOUNT or amount != round(amount, 2):
            raise ImportProblem(self.place(name), f"'{given}' is not an amount in kopecks")
        return amount.quantize(Decimal("0.01"))

    def date(self, name: str, *, required: bool = False) -> dt.date | None:
        value = self._raw(name)
        if not value:
            if required:
                raise ImportProblem(self.place(name), "is required")
            return None
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            raise ImportProblem(self.place(name), f"'{value}' is not a date YYYY-MM-DD") from None

    def flag(self, name: str) -> bool:
        value = self._raw(name).lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ImportProblem(self.place(name), f"'{value}' is not true or false")
