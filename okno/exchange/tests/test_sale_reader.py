"""The sale side fed by the streaming reader, as the import feeds it: real counterparties
and 1C:УТ 11 documents applied, and our own `mode=query` answer read back."""

import io
from decimal import Decimal

import pytest

from okno.exchange.cml.reader import records_read
from okno.exchange.cml.records import CounterpartyRecord, DocumentRecord, FileHeader
from okno.exchange.sale import counterparties_apply, documents_apply, sale_query
from okno.exchange.tests.sale_files import CML
from okno.exchange.tests.sale_setup import integration_make, session_open
from okno.orders.models import Order, OrderStatus
from okno.orders.tests.store import build_store

pytestmark = pytest.mark.django_db
CONTRAGENTS = (
    "AlexMobiCraft__FREESPORT-B2B/backend__tests__fixtures__1c-data__contragents__contragents.xml"
)
DOCUMENTS = "ArgentCrusade__commerceml/tests__fixtures__documents-example.xml"


@pytest.fixture
def store():
    return build_store()


def read(source: bytes, name: str) -> list:
    return list(records_read(io.BytesIO(source), name=name))


def read_file(relative: str) -> list:
    return read((CML / relative).read_bytes(), (CML / relative).name)


def test_counterparties_read_by_the_reader_are_applied_once():
    records = [r for r in read_file(CONTRAGENTS) if isinstance(r, CounterpartyRecord)]
    assert counterparties_apply(records=records) == {
        "created": 36,
        "updated": 0,
        "unchanged": 1,
        "errors": 0,
    }
    assert counterparties_apply(records=records)["unchanged"] == 37


def test_ut_11_documents_read_by_the_reader_move_our_orders(store):
    records = read_file(DOCUMENTS)
    header = next(record for record in records if isinstance(record, FileHeader))
    documents = [record for record in records if isinstance(record, DocumentRecord)]
    orders = {}
    for document_id in ("142", "235"):
        order = store.order((store.product(), "1"))
        Order.objects.filter(pk=order.pk).update(external_id=document_id)
        orders[document_id] = order
    counts = documents_apply(
        records=documents, file_name="documents-example.xml", generated_at=header.generated_at
    )
    assert counts == {"created": 0, "updated": 2, "unchanged": 0, "errors": 0, "stale": 0}
    shipped, confirmed = (Order.objects.get(pk=orders[key].pk) for key in ("142", "235"))
    assert (shipped.status, shipped.number_1c, shipped.shipped_number_1c) == (
        OrderStatus.SHIPPED,
        "ТДЦУ-000001",
        "ТДЦУ-000003",
    )
    assert (confirmed.status, confirmed.paid_number_1c, confirmed.exchange_version) == (
        OrderStatus.CONFIRMED,
        "ТДЦУ-000002",
        "AAAAMAAAAAA=",
    )
    assert confirmed.exchange_document_at == header.generated_at
    again = documents_apply(records=documents, file_name="documents-example.xml")
    assert again["unchanged"] == 2


@pytest.mark.parametrize("encoding", ["utf-8", "windows-1251"])
def test_our_answer_reads_back_through_the_reader(store, encoding):
    bolt = store.product(price="100.00", external_id="guid-bolt", name="Болт М8")
    order = store.order((bolt, "3"))
    answer = sale_query(session=session_open(integration_make(encoding=encoding))).read()
    records = read(answer, "orders.xml")
    assert records[0].schema_version == "2.09"
    (document,) = [record for record in records if isinstance(record, DocumentRecord)]
    assert (document.external_id, document.number, document.amount) == (
        str(order.pk),
        order.number,
        Decimal("270.00"),
    )
    assert document.requisites["Статуса заказа ИД"] == "submitted"
    (line,) = document.lines
    assert (line.product_id, line.name, line.quantity, line.price, line.amount) == (
        "guid-bolt",
        "Болт М8",
        Decimal("3"),
        Decimal("90.00"),
        Decimal("270.00"),
    )
    assert (line.vat_rate, line.vat_amount) == ("22", Decimal("48.69"))
