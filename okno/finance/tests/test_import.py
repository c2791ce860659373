"""The settlements format from 1C: XML with files beside it, the same in JSON, and the
`okno import-finance` command. Idempotent by 1C's id; problems name their place."""

import base64
from decimal import Decimal
from pathlib import Path

import pytest

from okno import cli
from okno.finance.importing.load import finance_file_import, finance_json_import
from okno.finance.models import DocumentFile, LedgerEntry, SettlementDocument
from okno.payments.tests.factories import order_with_lines

pytestmark = pytest.mark.django_db
D = Decimal

XML = """<?xml version="1.0" encoding="UTF-8"?>
<settlements version="1.0">
  <document id="open-1" kind="opening" number="НО-1" date="2026-01-01" amount="5000.00"
            contract="c-a1"/>
  <document id="ship-1" kind="shipment" number="УТ-101" date="2026-10-01" amount="{amount}"
            contract="c-a1" order="{order}">
    <comment>Отгрузка по заказу</comment>
    <file id="upd" kind="upd" name="УПД УТ-101.pdf" path="files/upd-101.pdf" edo="{edo}"/>
    <file id="upd-xml" kind="upd" name="УПД УТ-101.xml" path="files/upd-101.xml"/>
  </document>
  <document id="pay-1" kind="payment" number="ПП-7" date="2026-10-20" amount="3000"
            contract="c-a1" deleted="{deleted}"/>
</settlements>
"""


def _write(folder: Path, *, amount="12000.00", order="", edo="sent", deleted="false") -> Path:
    (folder / "files").mkdir(exist_ok=True)
    (folder / "files" / "upd-101.pdf").write_bytes(b"%PDF-1.4 upd 101")
    (folder / "files" / "upd-101.xml").write_bytes(b"<upd/>")
    path = folder / "finance.xml"
    path.write_text(XML.format(amount=amount, order=order, edo=edo, deleted=deleted))
    return path


def _balance(contract) -> Decimal:
    return sum(LedgerEntry.objects.filter(contract=contract).values_list("amount", flat=True))


def test_an_xml_file_posts_documents_and_attaches_files(contract, world, tmp_path):
    order = order_with_lines(
        [("100.00", "1")], legal_entity=world.entity_a1, contract=world.contract_a1
    )
    result = finance_file_import(actor=None, path=_write(tmp_path, order=order.number))
    assert result.as_dict() == {
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "deleted": 0,
        "skipped": 0,
        "files": 2,
        "errors": [],
    }
    shipment = SettlementDocument.objects.get(external_id="ship-1")
    assert (shipment.order, shipment.comment) == (order, "Отгрузка по заказу")
    pdf = shipment.files.get(external_id="upd")
    assert (pdf.kind, pdf.edo_status, pdf.size) == ("upd", "sent", 16)
    assert pdf.file.read() == b"%PDF-1.4 upd 101"
    assert _balance(contract) == D("14000")


def test_importing_again_changes_nothing(contract, tmp_path):
    path = _write(tmp_path)
    finance_file_import(actor=None, path=path)
    entries = LedgerEntry.objects.count()
    again = finance_file_import(actor=None, path=path)
    assert (again.created, again.unchanged, again.files) == (0, 3, 0)
    assert LedgerEntry.objects.count() == entries
    assert DocumentFile.objects.count() == 2


def test_a_changed_document_is_corrected_and_a_deleted_one_reversed(contract, tmp_path):
    finance_file_import(actor=None, path=_write(tmp_path))
    result = finance_file_import(
        actor=None, path=_write(tmp_path, amount="15000", edo="signed", deleted="true")
    )
    assert (result.updated, result.deleted, result.unchanged) == (1, 1, 1)
    assert _balance(contract) == D("20000")
    assert DocumentFile.objects.get(external_id="upd").edo_status == "signed"
    assert SettlementDocument.objects.get(external_id="pay-1").is_deleted


def test_a_wrong_value_names_the_file_line_and_node_and_the_rest_is_loaded(contract, tmp_path):
    path = _write(tmp_path, amount="двенадцать")
    result = finance_file_import(actor=None, path=path)
    # libxml2 counts an element's line where its start tag ends (it spans lines 5–6 here).
    assert result.errors == [
        "finance.xml:6 /settlements/document[2]/@amount: 'двенадцать' is not an amount"
    ]
    assert result.created == 2
    assert not SettlementDocument.objects.filter(external_id="ship-1").exists()


def test_an_unknown_contract_is_named(contract, tmp_path):
    path = tmp_path / "finance.xml"
    path.write_text(
        '<settlements version="1.0">\n<document id="x" kind="payment" number="1"'
        ' date="2026-01-02" amount="1" contract="nobody"/></settlements>'
    )
    result = finance_file_import(actor=None, path=path)
    assert result.errors == [
        "finance.xml:2 /settlements/document[1]/@contract: no contract with 1C id 'nobody'"
    ]


def test_a_missing_file_rolls_the_document_back(contract, tmp_path):
    path = _write(tmp_path)
    (tmp_path / "files" / "upd-101.xml").unlink()
    result = finance_file_import(actor=None, path=path)
    assert result.errors == [
        "finance.xml:9 /settlements/document[2]/file[2]/@path: file 'files/upd-101.xml' not found"
    ]
    assert not SettlementDocument.objects.filter(external_id="ship-1").exists()
    assert not DocumentFile.objects.exists()


def test_a_path_outside_the_folder_is_refused(contract, tmp_path):
    path = _write(tmp_path)
    path.write_text(path.read_text().replace("files/upd-101.xml", "../../etc/passwd"))
    result = finance_file_import(actor=None, path=path)
    assert "must stay inside the file's folder" in result.errors[0]


def test_malformed_xml_stops_at_its_line_keeping_what_came_before(contract, tmp_path):
    path = tmp_path / "finance.xml"
    path.write_text(
        '<settlements version="1.0">\n'
        '<document id="o" kind="opening" number="1" date="2026-01-02" amount="10"'
        ' contract="c-a1"/>\n<document id="broken"\n</settlements>'
    )
    result = finance_file_import(actor=None, path=path)
    assert result.created == 1
    assert result.errors[0].startswith("finance.xml:4: malformed XML")


def test_a_wrong_root_is_named(contract, tmp_path):
    path = tmp_path / "finance.xml"
    path.write_text("<КоммерческаяИнформация/>")
    result = finance_file_import(actor=None, path=path)
    assert result.errors == [
        "finance.xml:1 /КоммерческаяИнформация: the root element must be <settlements>"
    ]


def test_json_is_the_same_format_with_files_inline(contract):
    body = {
        "version": "1.0",
        "documents": [
            {
                "id": "ship-9",
                "kind": "shipment",
                "number": "УТ-9",
                "date": "2026-10-01",
                "amount": 990.5,
                "contract": "c-a1",
                "files": [
                    {
                        "id": "torg",
                        "kind": "torg12",
                        "name": "ТОРГ-12.pdf",
                        "edo": "rejected",
                        "content_base64": base64.b64encode(b"%PDF torg").decode(),
                    }
                ],
            },
            {"id": "bad", "kind": "gift", "number": "1", "date": "2026-10-01", "amount": 1},
        ],
    }
    result = finance_json_import(actor=None, data=body)
    assert result.errors == [
        "documents[1].kind: 'gift' is not one of: adjustment, credit_note, opening, payment,"
        " return, shipment"
    ]
    document = SettlementDocument.objects.get(external_id="ship-9")
    assert document.amount == D("990.50")
    assert document.files.get().edo_status == "rejected"


def test_the_command_imports_and_fails_on_errors(contract, tmp_path, capsys):
    cli.main(["import-finance", str(_write(tmp_path))])
    assert "finance.xml: created 3, updated 0" in capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_text('{"version": "2.0", "documents": []}')
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["import-finance", str(bad)])
    assert exit_info.value.code == 1
    assert "version: version '2.0' is not 1.0" in capsys.readouterr().err
