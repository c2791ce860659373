"""The sale side: `query`, `success` and `info` handed to the order export, and files of
documents from 1C imported at once (old protocol) or by `import` (new protocol)."""

import io
import zipfile

import pytest

from okno.exchange.models import ExchangeSession, ImportJob, Integration
from okno.exchange.tests.conftest import OneC, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_c_sale(client, one_c_user):
    one_c = OneC(client, "sale")
    one_c.checkauth()
    return one_c


def test_query_answers_the_orders_document_itself(one_c_sale, sale):
    response = one_c_sale.get("query")
    assert response["Content-Type"] == "application/xml; charset=windows-1251"
    assert response.content.decode("windows-1251").endswith("<КоммерческаяИнформация/>")
    assert sale.calls == ["query"]


def test_success_confirms_the_export_and_ends_the_session_well(one_c_sale, sale):
    one_c_sale.get("query")
    assert text(one_c_sale.get("success")) == "success"
    assert sale.calls == ["query", "success"]
    assert ExchangeSession.objects.get().status == ExchangeSession.Status.SUCCESS
    assert Integration.objects.get().last_success_at is not None


def test_info_answers_the_reference_lists_in_windows_1251(one_c_sale, sale):
    response = one_c_sale.get("info")
    assert response["Content-Type"] == "application/xml; charset=windows-1251"
    assert response.content.decode("windows-1251") == "<Справочник/>"


def test_catalog_side_has_no_query(one_c, sale):
    one_c.checkauth()
    assert text(one_c.get("query")) == "failure\nНеизвестный режим обмена: query"
    assert sale.calls == []


def test_old_protocol_imports_documents_as_they_arrive(one_c_sale, importer):
    one_c_sale.get("init")
    answer = text(one_c_sale.file("documents___a1.xml", b"<documents/>"))
    assert answer == "success\nФайл documents___a1.xml загружен.\nтовары: создано 3"
    assert ImportJob.objects.get().status == ImportJob.Status.DONE
    assert importer.steps == ["documents___a1.xml"] * 3


def test_old_protocol_waits_for_the_last_part(one_c_sale, one_c_user, importer):
    Integration.objects.filter(user=one_c_user).update(file_limit=4)
    one_c_sale.get("init")
    assert text(one_c_sale.file("documents.xml", b"<doc")) == "success"
    assert importer.steps == []
    assert text(one_c_sale.file("documents.xml", b"/>")).startswith("success\nФайл")
    assert importer.steps


def test_old_protocol_failure_of_a_document_file(one_c_sale, importer):
    one_c_sale.get("init")
    answer = text(one_c_sale.file("documents.xml", b"<broken"))
    assert answer.startswith("failure\ndocuments.xml:3:5 ")


def test_old_protocol_imports_the_documents_of_an_archive(one_c_sale, importer):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("documents___1.xml", b"<d/>")
        archive.writestr("contragents___1.xml", b"<c/>")
    one_c_sale.get("init")
    assert text(one_c_sale.file("orders.zip", buffer.getvalue())).startswith("success\n")
    assert sorted(set(importer.steps)) == ["contragents___1.xml", "documents___1.xml"]


def test_new_protocol_imports_by_import_requests(one_c_sale, importer):
    one_c_sale.get("init", version="3.1")
    assert text(one_c_sale.file("documents___a1.xml", b"<documents/>")) == "success"
    assert importer.steps == []
    answers = [text(one_c_sale.get("import", filename="documents___a1.xml")) for _ in range(3)]
    assert [answer.split("\n")[0] for answer in answers] == ["progress", "progress", "success"]
