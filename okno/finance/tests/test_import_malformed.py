"""Malformed settlements files, XML and JSON: each problem is answered with its place (file,
line and XML path, or the JSON path) and its reason, and the faulty document changes
nothing — no document, no ledger entry, no file, the balance as it was."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from okno.finance.importing.load import finance_file_import, finance_json_import
from okno.finance.importing.sliced import finance_exchange_slice
from okno.finance.models import DocumentFile, LedgerEntry, SettlementDocument

pytestmark = pytest.mark.django_db
D = Decimal
KINDS = "adjustment, credit_note, opening, payment, return, shipment"
# The document already posted before each malformed file: a shipment of 1 000,00 ₽.
BASE = (
    '<document id="base-1" kind="shipment" number="УТ-1" date="2026-10-01" amount="1000.00"'
    ' contract="c-a1"/>'
)


def _document(**attributes) -> str:
    """A document element: the base shipment's attributes, changed or left out (None)."""
    values = {
        "id": "base-1",
        "kind": "shipment",
        "number": "УТ-1",
        "date": "2026-10-01",
        "amount": "2500.00",
        "contract": "c-a1",
        **attributes,
    }
    return "<document " + " ".join(f'{k}="{v}"' for k, v in values.items() if v is not None)


def _xml(*documents: str) -> str:
    return '<settlements version="1.0">\n' + "\n".join(documents) + "\n</settlements>"


@pytest.fixture
def posted(contract, tmp_path):
    """Contract A1 with the base shipment imported; what the database holds after it."""
    path = tmp_path / "base.xml"
    path.write_text(_xml(BASE))
    assert finance_file_import(actor=None, path=path).created == 1
    return _state(contract)


def _state(contract) -> tuple:
    documents = sorted(
        SettlementDocument.objects.values_list("external_id", "kind", "amount", "is_deleted")
    )
    balance = LedgerEntry.objects.filter(contract=contract).aggregate(s=Sum("amount"))["s"]
    return documents, LedgerEntry.objects.count(), DocumentFile.objects.count(), balance


@pytest.mark.parametrize(
    ("body", "error"),
    [
        pytest.param(
            '<settlements version="1.0">\n' + _document() + ">\n<comment>Отгрузка",
            "finance.xml:3: malformed XML: Premature end of data in tag comment line 3, line 3,"
            " column 18",
            id="truncated",
        ),
        pytest.param(
            '<settlements version="1.0">\n' + _document(amount='2500"') + "/>\n</settlements>",
            "finance.xml:2: malformed XML: attributes construct error, line 2, column 84",
            id="broken-attribute",
        ),
        pytest.param(
            _xml(_document(kind="gift") + "/>"),
            f"finance.xml:2 /settlements/document[1]/@kind: 'gift' is not one of: {KINDS}",
            id="unknown-kind",
        ),
        pytest.param(
            _xml(_document(amount="2.500,00") + "/>"),
            "finance.xml:2 /settlements/document[1]/@amount: '2.500,00' is not an amount",
            id="amount-with-thousands-dot",
        ),
        pytest.param(
            _xml(_document(amount="2500.005") + "/>"),
            "finance.xml:2 /settlements/document[1]/@amount: '2500.005' is not an amount"
            " in kopecks",
            id="amount-past-kopecks",
        ),
        pytest.param(
            _xml(_document(amount="-2500") + "/>"),
            "finance.xml:2 /settlements/document[1]/@amount: must be greater than zero for"
            " this kind",
            id="negative-shipment",
        ),
        pytest.param(
            _xml(_document(contract="nobody") + "/>"),
            "finance.xml:2 /settlements/document[1]/@contract: no contract with 1C id 'nobody'",
            id="unknown-contract",
        ),
        pytest.param(
            _xml(_document(date="2026-13-01") + "/>"),
            "finance.xml:2 /settlements/document[1]/@date: '2026-13-01' is not a date YYYY-MM-DD",
            id="bad-date",
        ),
        pytest.param(
            _xml(_document(number=None) + "/>"),
            "finance.xml:2 /settlements/document[1]/@number: is required",
            id="no-number",
        ),
        pytest.param(
            _xml(_document(deleted="yes") + "/>"),
            "finance.xml:2 /settlements/document[1]/@deleted: 'yes' is not true or false",
            id="bad-flag",
        ),
        pytest.param(
            _xml(_document() + "><gift/></document>"),
            "finance.xml:2 /settlements/document[1]/gift: unknown element",
            id="unknown-child",
        ),
        pytest.param(
            _xml('<file id="x" kind="upd" name="a.pdf" path="a.pdf"/>'),
            "finance.xml:2 /settlements/file: unknown element",
            id="unknown-top-element",
        ),
        pytest.param(
            _xml(
                _document() + '><file id="f" kind="upd" name="../a.pdf" path="a.pdf"/></document>'
            ),
            "finance.xml:2 /settlements/document[1]/file[1]/@name: a file name, without folders",
            id="file-name-with-folders",
        ),
        pytest.param(
            _xml(
                _document() + '><file id="f" kind="upd" name="a.pdf" path="gone.pdf"/></document>'
            ),
            "finance.xml:2 /settlements/document[1]/file[1]/@path: file 'gone.pdf' not found",
            id="file-missing",
        ),
        pytest.param(
            '<settlements version="2.0">\n' + _document() + "/>\n</settlements>",
            "finance.xml:1 /settlements/@version: version '2.0' is not 1.0",
            id="wrong-version",
        ),
        pytest.param(
            _xml(BASE, _document() + "/>"),
            "finance.xml:3 /settlements/document[2]/@id: 'base-1' is already in this file at"
            " finance.xml:2 /settlements/document[1]",
            id="duplicate-id",
        ),
    ],
)
def test_a_malformed_xml_document_is_named_and_changes_nothing(
    contract, posted, tmp_path, body, error
):
    path = tmp_path / "finance.xml"
    path.write_text(body)
    result = finance_file_import(actor=None, path=path)
    assert result.errors == [error]
    assert (result.created, result.updated, result.deleted, result.files) == (0, 0, 0, 0)
    assert _state(contract) == posted


def test_a_deleted_document_never_received_is_skipped_and_changes_nothing(
    contract, posted, tmp_path
):
    path = tmp_path / "finance.xml"
    path.write_text(_xml(_document(id="ghost", deleted="true") + "/>"))
    result = finance_file_import(actor=None, path=path)
    assert (result.errors, result.skipped, result.created) == ([], 1, 0)
    assert _state(contract) == posted
    again = finance_file_import(actor=None, path=path)
    assert (again.errors, again.skipped) == ([], 1)
    assert _state(contract) == posted


def _json_document(**fields) -> dict:
    values = {
        "id": "base-1",
        "kind": "shipment",
        "number": "УТ-1",
        "date": "2026-10-01",
        "amount": 2500,
        "contract": "c-a1",
        **fields,
    }
    return {name: value for name, value in values.items() if value is not None}


def _json(*documents: dict) -> dict:
    return {"version": "1.0", "documents": list(documents)}


@pytest.mark.parametrize(
    ("body", "error"),
    [
        pytest.param({"version": "2.0", "documents": []}, "version: version '2.0' is not 1.0"),
        pytest.param({"version": "1.0", "documents": {}}, "documents: must be a list"),
        pytest.param(_json(["base-1"]), "documents[0]: must be an object", id="not-an-object"),
        pytest.param(
            _json(_json_document(kind="gift")),
            f"documents[0].kind: 'gift' is not one of: {KINDS}",
            id="unknown-kind",
        ),
        pytest.param(
            _json(_json_document(amount="две тысячи")),
            "documents[0].amount: 'две тысячи' is not an amount",
            id="bad-amount",
        ),
        pytest.param(
            _json(_json_document(amount=25.001)),
            "documents[0].amount: '25.001' is not an amount in kopecks",
            id="amount-past-kopecks",
        ),
        pytest.param(
            _json(_json_document(contract="nobody")),
            "documents[0].contract: no contract with 1C id 'nobody'",
            id="unknown-contract",
        ),
        pytest.param(_json(_json_document(id=None)), "documents[0].id: is required", id="no-id"),
        pytest.param(
            _json(
                _json_document(
                    files=[
                        {"id": "f", "kind": "upd", "name": "a.pdf", "content_base64": "не base64"}
                    ]
                )
            ),
            "documents[0].files[0].content_base64: is not base64",
            id="bad-base64",
        ),
        pytest.param(
            _json(_json_document(files="a.pdf")),
            "documents[0].files: must be a list",
            id="files-not-a-list",
        ),
        pytest.param(
            _json(_json_document(amount=1000), _json_document()),
            "documents[1].id: 'base-1' is already in this file at documents[0]",
            id="duplicate-id",
        ),
    ],
)
def test_a_malformed_json_document_is_named_and_changes_nothing(contract, posted, body, error):
    result = finance_json_import(actor=None, data=body)
    assert result.errors == [error]
    assert (result.created, result.updated, result.deleted, result.files) == (0, 0, 0, 0)
    assert _state(contract) == posted


@pytest.mark.parametrize(
    ("content", "error"),
    [
        pytest.param(
            '{"version": "1.0", "documents": [', "finance.json: not JSON: ", id="truncated"
        ),
        pytest.param("[]", "finance.json: must be a JSON object", id="a-list"),
        pytest.param(b"\xff\xfe{}", "finance.json: not JSON: ", id="not-utf8"),
    ],
)
def test_a_json_file_that_is_not_the_format_changes_nothing(
    contract, posted, tmp_path, content, error
):
    path = tmp_path / "finance.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    result = finance_file_import(actor=None, path=path)
    assert len(result.errors) == 1
    assert result.errors[0].startswith(error)
    assert _state(contract) == posted


def test_a_repeated_id_is_refused_when_the_exchange_reads_the_file_in_slices(
    contract, posted, tmp_path
):
    path = tmp_path / "finance.xml"
    path.write_text(_xml(BASE, _document() + "/>"))
    first = finance_exchange_slice(path=path, name="finance.xml", skip=0, deadline=0, counts={})
    assert (first.checkpoint, first.done, first.errors) == (1, False, [])
    second = finance_exchange_slice(
        path=path, name="finance.xml", skip=first.checkpoint, deadline=0, counts=first.counts
    )
    assert second.errors == [
        "finance.xml:3 /settlements/document[2]/@id: 'base-1' is already in this file at"
        " finance.xml:2 /settlements/document[1]"
    ]
    assert _state(contract) == posted
