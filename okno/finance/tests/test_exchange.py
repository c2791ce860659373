"""The settlements XML through the 1C exchange endpoint: `finance*.xml` with the files it
names, imported a slice at a time like any exchange file."""

import io
import zipfile

import pytest

from okno.accounts.tests.factories import StaffFactory
from okno.core.roles import StaffRole
from okno.exchange.models import ImportJob
from okno.exchange.tests.conftest import OneC, text
from okno.finance.models import DocumentFile, SettlementDocument

pytestmark = pytest.mark.django_db

XML = """<?xml version="1.0" encoding="UTF-8"?>
<settlements version="1.0">
  <document id="o-1" kind="opening" number="НО-1" date="2026-01-01" amount="5000" contract="c-a1"/>
  <document id="s-1" kind="shipment" number="УТ-1" date="2026-10-01" amount="700" contract="c-a1">
    <file id="upd" kind="upd" name="УПД УТ-1.pdf" path="files/upd-1.pdf" edo="signed"/>
  </document>
  <document id="p-1" kind="payment" number="ПП-1" date="2026-10-05" amount="{amount}"
            contract="c-a1"/>
</settlements>
"""


@pytest.fixture
def one_c(client, settings, tmp_path):
    settings.OKNO_EXCHANGE_DIR = tmp_path / "exchange"
    StaffFactory(email="1c@example.ru", staff_role=StaffRole.INTEGRATION, manager_code=None)
    one_c = OneC(client)
    one_c.checkauth()
    return one_c


def _import(one_c, name: str) -> list[str]:
    answers = []
    while not answers or answers[-1].startswith("progress"):
        answers.append(text(one_c.get("import", filename=name)))
        assert len(answers) < 20
    return answers


def test_a_finance_file_is_imported_with_its_files_in_slices(one_c, contract, settings):
    settings.OKNO_EXCHANGE_SLICE_SECONDS = 0  # one document a slice
    one_c.file("files/upd-1.pdf", b"%PDF-1.4 upd")
    one_c.file("finance.xml", XML.format(amount="300").encode())
    answers = _import(one_c, "finance.xml")
    assert answers[0] == "progress\nФайл finance.xml: взаиморасчёты, записано объектов: 1."
    assert answers[-1] == (
        "success\nФайл finance.xml загружен.\n"
        "файлы документов взаиморасчётов: создано 1\nдокументы взаиморасчётов: создано 3"
    )
    assert SettlementDocument.objects.count() == 3
    assert DocumentFile.objects.get().edo_status == "signed"


def test_problems_fail_the_job_naming_the_node_and_the_rest_is_written(one_c, contract):
    one_c.file("files/upd-1.pdf", b"%PDF-1.4 upd")
    one_c.file("finance_11.xml", XML.format(amount="три").encode())
    answers = _import(one_c, "finance_11.xml")
    assert answers[-1] == (
        "failure\nfinance_11.xml:8 /settlements/document[3]/@amount: 'три' is not an amount"
    )
    assert ImportJob.objects.get().status == ImportJob.Status.FAILED
    assert SettlementDocument.objects.count() == 2


def test_a_finance_file_inside_the_exchange_archive(one_c, contract):
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("finance.xml", XML.format(amount="300"))
        archive.writestr("files/upd-1.pdf", b"%PDF-1.4 upd")
    one_c.file("exchange.zip", packed.getvalue())
    answers = _import(one_c, "finance.xml")
    assert answers[-1].startswith("success\n")
    assert DocumentFile.objects.get().file.read() == b"%PDF-1.4 upd"
