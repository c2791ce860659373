"""The settlements file of one legal entity's years with its supplier, in the XML spelling
of docs/finance-exchange.md, as 1C would send it: an opening balance per contract, then
shipments (реализация) and the payments for them a deferral later, a few returns and
credit notes, documents spread over the working days of `years` years up to `until`.
After them come documents sent again changed (a new amount or date) and deleted ones, so
the ledger gets reversals as 1C's corrections give it.

    python -m bench.finance_files --documents 100000 --out var/bench/finance.xml
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from collections import deque
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import quoteattr

DOCUMENTS = 100_000
YEARS = 3
CHANGED = 0.02  # of the documents, sent again with a new amount or date
DELETED = 0.005  # of the documents, sent again deleted
CENT = Decimal("0.01")


def finance_xml(
    path: Path,
    *,
    contracts: list[str],
    documents: int = DOCUMENTS,
    years: int = YEARS,
    until: dt.date,
    seed: int = 2026,
) -> int:
    """Write the file, and beside it (`changes_path`) the file of later changes and
    deletions of some of its documents — a file never sends one id twice; the number of
    `<document>` elements both hold."""
    rng = random.Random(seed)
    start = until - dt.timedelta(days=365 * years)
    days = [start + dt.timedelta(days=n) for n in range((until - start).days + 1)]
    working = [day for day in days if day.weekday() < 5]
    written: list[dict] = []
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<settlements version="1.0">\n')
        for document in _documents(rng, contracts, documents, working):
            written.append(document)
            out.write(_element(document))
        out.write("</settlements>\n")
    corrected = rng.sample(written, int(len(written) * (CHANGED + DELETED)))
    with changes_path(path).open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<settlements version="1.0">\n')
        for number, document in enumerate(corrected):
            out.write(_element(_corrected(rng, document, deleted=number % 5 == 0)))
        out.write("</settlements>\n")
    return len(written) + len(corrected)


def changes_path(path: Path) -> Path:
    """The file of the changes and deletions that follows the documents' file."""
    return path.with_name(f"{path.stem}-changes{path.suffix}")


def _documents(rng: random.Random, contracts: list[str], count: int, working: list[dt.date]):
    """`count` documents, date order: openings, then shipments and their payments."""
    for index, contract in enumerate(contracts):
        yield _document(
            f"OPEN-{index}",
            "opening",
            f"НО-{index + 1}",
            working[0],
            Decimal("150000.00"),
            contract,
        )
    unpaid: dict[str, deque] = {contract: deque() for contract in contracts}
    per_day = (count - len(contracts)) / len(working)
    made = len(contracts)
    for day_index, day in enumerate(working):
        due = int(per_day * (day_index + 1)) + len(contracts) - made
        for _ in range(min(due, count - made)):
            made += 1
            contract = rng.choice(contracts)
            yield _next(rng, made, day, contract, unpaid[contract])


def _next(rng: random.Random, number: int, day: dt.date, contract: str, unpaid: deque) -> dict:
    roll = rng.random()
    # A payment settles the shipments that have waited about their deferral, and now and
    # then the client is late.
    waited = rng.randint(7, 45)
    if unpaid and roll < 0.3 and (day - unpaid[0][0]).days >= waited:
        amount = Decimal(0)
        while unpaid and (day - unpaid[0][0]).days >= waited:
            amount += unpaid.popleft()[1]
        return _document(f"PAY-{number}", "payment", f"ПП-{number}", day, amount, contract)
    if roll < 0.32:
        amount = _amount(rng, 500, 20_000)
        return _document(f"RET-{number}", "return", f"ВЗ-{number}", day, amount, contract)
    if roll < 0.33:
        amount = _amount(rng, 500, 10_000)
        document = _document(f"CN-{number}", "credit_note", f"КП-{number}", day, amount, contract)
        document["claim"] = f"ПР-{number}"
        return document
    amount = _amount(rng, 5_000, 400_000)
    unpaid.append((day, amount))
    return _document(f"SH-{number}", "shipment", f"УТ-{number:06d}", day, amount, contract)


def _amount(rng: random.Random, low: int, high: int) -> Decimal:
    return (Decimal(rng.randint(low * 100, high * 100)) * CENT).quantize(CENT)


def _document(
    external_id: str, kind: str, number: str, date: dt.date, amount: Decimal, contract: str
) -> dict:
    return {
        "id": external_id,
        "kind": kind,
        "number": number,
        "date": date.isoformat(),
        "amount": str(amount),
        "contract": contract,
    }


def _corrected(rng: random.Random, document: dict, *, deleted: bool) -> dict:
    changed = dict(document)
    if deleted:
        changed["deleted"] = "true"
    elif document["kind"] in ("opening", "adjustment") or rng.random() < 0.5:
        changed["amount"] = str((Decimal(document["amount"]) * Decimal("0.9")).quantize(CENT))
    else:
        date = dt.date.fromisoformat(document["date"]) + dt.timedelta(days=1)
        changed["date"] = date.isoformat()
    return changed


def _element(document: dict) -> str:
    attributes = " ".join(f"{name}={quoteattr(value)}" for name, value in document.items())
    return f"  <document {attributes}/>\n"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.finance_files")
    parser.add_argument("--documents", type=int, default=DOCUMENTS)
    parser.add_argument("--contracts", default="BENCH-C1,BENCH-C2,BENCH-C3")
    parser.add_argument("--out", type=Path, required=True)
    options = parser.parse_args()
    count = finance_xml(
        options.out,
        contracts=options.contracts.split(","),
        documents=options.documents,
        until=dt.date.today(),
    )
    print(f"{options.out}: {count} documents")


if __name__ == "__main__":
    main()
