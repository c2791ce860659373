"""The settlements import commits a batch of documents at a time and writes the new ones
set-based: the same documents, entries, counts and messages as one by one, across batch
boundaries, with documents corrected within their batch or a later one."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from okno.finance.importing import load
from okno.finance.importing.load import finance_file_import
from okno.finance.models import LedgerEntry, SettlementDocument
from okno.finance.services.ledger import (
    DocumentData,
    settlement_document_post,
    settlement_documents_create,
)

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    monkeypatch.setattr(load, "BATCH", 3)


def _file(
    folder: Path, lines: list[str], *, tail: str = "</settlements>", name: str = "finance.xml"
) -> Path:
    path = folder / name
    path.write_text('<settlements version="1.0">\n' + "\n".join(lines) + "\n" + tail)
    return path


def _shipment(number: int, amount: str = "100.00", contract: str = "c-a1", **extra) -> str:
    attributes = "".join(f' {name}="{value}"' for name, value in extra.items())
    return (
        f'<document id="sh-{number}" kind="shipment" number="УТ-{number}"'
        f' date="2026-03-0{1 + number % 9}" amount="{amount}" contract="{contract}"{attributes}/>'
    )


def _balance(contract) -> Decimal:
    return sum(LedgerEntry.objects.filter(contract=contract).values_list("amount", flat=True))


def test_documents_across_batches_with_corrections_post_as_one_by_one(contract, tmp_path):
    first = [_shipment(number) for number in range(1, 7)]
    assert finance_file_import(actor=None, path=_file(tmp_path, first)).created == 6
    lines = [
        _shipment(7),
        _shipment(2, amount="250.00"),  # changed, after a new one of its batch
        _shipment(8),
        _shipment(9),
        _shipment(1, deleted="true"),  # deleted in a later batch
    ]
    result = finance_file_import(actor=None, path=_file(tmp_path, lines, name="again.xml"))
    assert result.as_dict() == {
        "created": 3,
        "updated": 1,
        "unchanged": 0,
        "deleted": 1,
        "skipped": 0,
        "files": 0,
        "errors": [],
    }
    assert _balance(contract) == D("250") + 7 * D("100")
    reasons = list(
        LedgerEntry.objects.filter(document__external_id__in=["sh-1", "sh-2"])
        .order_by("pk")
        .values_list("document__external_id", "reason", "amount")
    )
    assert reasons == [
        ("sh-1", "posted", D("100.00")),
        ("sh-2", "posted", D("100.00")),
        ("sh-2", "reversed", D("-100.00")),
        ("sh-2", "posted", D("250.00")),
        ("sh-1", "reversed", D("-100.00")),
    ]
    shipment = SettlementDocument.objects.get(external_id="sh-3")
    assert shipment.due_date == shipment.date + dt.timedelta(days=30)

    # Sent again, the corrections change nothing more.
    again = finance_file_import(actor=None, path=_file(tmp_path, lines, name="again.xml"))
    assert (again.created, again.updated, again.errors) == (0, 0, [])
    assert _balance(contract) == D("950")


def test_an_unknown_contract_among_new_documents_is_named_and_the_rest_written(contract, tmp_path):
    lines = [_shipment(1), _shipment(2, contract="nobody"), _shipment(3)]
    result = finance_file_import(actor=None, path=_file(tmp_path, lines))
    assert result.errors == [
        "finance.xml:3 /settlements/document[2]/@contract: no contract with 1C id 'nobody'"
    ]
    assert result.created == 2
    assert sorted(SettlementDocument.objects.values_list("external_id", flat=True)) == [
        "sh-1",
        "sh-3",
    ]


def test_malformed_xml_keeps_the_batches_before_it(contract, tmp_path):
    lines = [_shipment(number) for number in range(1, 6)]
    result = finance_file_import(
        actor=None, path=_file(tmp_path, lines, tail='<document id="broken"\n</settlements>')
    )
    assert result.created == 5
    assert result.errors[0].startswith("finance.xml:8: malformed XML")
    assert _balance(contract) == D("500")


def test_new_documents_one_of_which_exists_are_left_to_be_posted_one_by_one(contract):
    def data(external_id: str) -> DocumentData:
        return DocumentData(
            external_id=external_id,
            kind="payment",
            number=external_id,
            date=dt.date(2026, 3, 2),
            amount=D("40.00"),
            contract=contract,
        )

    settlement_document_post(actor=None, data=data("pay-2"))
    written = settlement_documents_create(actor=None, data=[data("pay-1"), data("pay-2")])
    assert written is None
    assert list(SettlementDocument.objects.values_list("external_id", flat=True)) == ["pay-2"]
    assert _balance(contract) == D("-40")


def test_problems_come_in_the_files_order(contract, tmp_path):
    lines = [_shipment(1, contract="nobody"), _shipment(2, amount="много"), _shipment(3)]
    result = finance_file_import(actor=None, path=_file(tmp_path, lines))
    assert [error.split(" ")[1] for error in result.errors] == [
        "/settlements/document[1]/@contract:",
        "/settlements/document[2]/@amount:",
    ]
    assert result.created == 1
