"""Orders' documents from 1C: number, posting, payment, shipment and status applied to our
orders through their lifecycle, with the history and the client's e-mail; a stale
document never moves a status back; the windows-1251 order files of real exchanges parse
and apply."""

import datetime as dt
from decimal import Decimal

import pytest

from okno.catalog.models import Stock
from okno.exchange.sale import documents_apply
from okno.exchange.tests.sale_files import CML, document_records
from okno.exchange.tests.sale_setup import integration_make, query
from okno.orders.models import Order, OrderStatus
from okno.orders.tests.store import build_store

pytestmark = pytest.mark.django_db
D = Decimal
S = OrderStatus
NS = "urn:1C.ru:commerceml_2"


@pytest.fixture
def store():
    return build_store()


def document_1c(
    document_id: str,
    *,
    version: str = "AAAAAQAAAAA=",
    number_1c: str = "ТДЦУ-000001",
    requisites: dict[str, str] | None = None,
    lines: list[tuple[str, str]] = (),
    deleted: bool = False,
) -> bytes:
    """A document as 1C:УТ 11 sends it back (2.09, its namespace)."""
    said = "".join(
        f"<ЗначениеРеквизита><Наименование>{name}</Наименование>"
        f"<Значение>{value}</Значение></ЗначениеРеквизита>"
        for name, value in (requisites or {}).items()
    )
    goods = "".join(
        f"<Товар><Ид>{product}</Ид><Единица><Ид>796</Ид><НаименованиеКраткое>шт"
        f"</НаименованиеКраткое></Единица><Коэффициент>1</Коэффициент>"
        f"<Количество>{quantity}</Количество></Товар>"
        for product, quantity in lines
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><КоммерческаяИнформация xmlns="{NS}" '
        f'ВерсияСхемы="2.09" ДатаФормирования="2026-03-02T10:00:00"><Документ>'
        f"<Ид>{document_id}</Ид><НомерВерсии>{version}</НомерВерсии>"
        f"<ПометкаУдаления>{str(deleted).lower()}</ПометкаУдаления><Номер>{document_id}</Номер>"
        f"<Номер1С>{number_1c}</Номер1С><Дата>2026-03-02</Дата><Дата1С>2026-03-02</Дата1С>"
        f"<ХозОперация>Заказ товара</ХозОперация><Роль>Продавец</Роль>"
        f"<Товары>{goods}</Товары><ЗначенияРеквизитов>{said}</ЗначенияРеквизитов>"
        f"</Документ></КоммерческаяИнформация>"
    )
    return xml.encode()


def apply(*documents: bytes, generated_at=None, messages=None) -> dict[str, int]:
    records = [record for xml in documents for record in document_records(xml)]
    return documents_apply(
        records=records, file_name="documents.xml", generated_at=generated_at, messages=messages
    )


def reserved(store, product) -> Decimal:
    return Stock.objects.get(product=product, warehouse=store.shop.kazan).reserved


def test_posted_in_1c_is_confirmed_with_its_history_and_the_client_told(
    store, mailoutbox, django_capture_on_commit_callbacks
):
    order = store.order((store.product(), "1"))
    with django_capture_on_commit_callbacks(execute=True):
        counts = apply(document_1c(str(order.pk), requisites={"Проведен": "true"}))
    assert counts == {"created": 0, "updated": 1, "unchanged": 0, "errors": 0, "stale": 0}
    order.refresh_from_db()
    assert (order.status, order.number_1c, order.date_1c, order.posted_1c) == (
        S.CONFIRMED,
        "ТДЦУ-000001",
        dt.date(2026, 3, 2),
        True,
    )
    steps = list(order.history.values_list("from_status", "to_status", "user", "note"))
    assert steps[-2:] == [
        (S.SUBMITTED, S.VERIFIED, None, "1С: ТДЦУ-000001 (documents.xml)"),
        (S.VERIFIED, S.CONFIRMED, None, "1С: ТДЦУ-000001 (documents.xml)"),
    ]
    (letter,) = mailoutbox
    assert letter.to == [store.buyer.email]
    assert letter.subject == f"Заказ № {order.number}: Подтверждён"
    assert "ТДЦУ-000001" in letter.body


def test_closed_in_ut_11_is_delivered_shipping_out_of_the_reserve(store):
    bolt = store.product(kazan="10")
    order = store.order((bolt, "4"))
    assert reserved(store, bolt) == 4
    counts = apply(
        document_1c(
            str(order.pk),
            requisites={
                "Проведен": "true",
                "Статус заказа": "Закрыт",
                "Номер отгрузки по 1С": "ТДЦУ-000003",
                "Дата отгрузки по 1С": "2026-03-03T17:32:27",
                "Номер оплаты по 1С": "ТДЦУ-000002",
                "Дата оплаты по 1С": "2026-03-02T15:39:10",
            },
        )
    )
    assert counts["updated"] == 1
    order.refresh_from_db()
    assert order.status == S.DELIVERED
    assert (order.shipped_number_1c, order.shipped_date_1c) == ("ТДЦУ-000003", dt.date(2026, 3, 3))
    assert (order.paid_number_1c, order.paid_date_1c) == ("ТДЦУ-000002", dt.date(2026, 3, 2))
    assert list(order.history.values_list("to_status", flat=True))[-4:] == [
        S.VERIFIED,
        S.CONFIRMED,
        S.SHIPPED,
        S.DELIVERED,
    ]
    assert list(order.lines.values_list("shipped", "reserved")) == [(D("4"), D("0"))]
    assert reserved(store, bolt) == 0


def test_a_stale_document_never_moves_the_status_back(store):
    order = store.order((store.product(), "1"))
    newer = document_1c(
        str(order.pk), version="AAAEFQAAAAA=", requisites={"Статус заказа": "Закрыт"}
    )
    older = document_1c(str(order.pk), version="AAAC+wAAAAA=", requisites={"Проведен": "true"})
    messages: list[str] = []
    assert apply(newer, older, messages=messages) == {
        "created": 0,
        "updated": 1,
        "unchanged": 0,
        "errors": 0,
        "stale": 1,
    }
    order.refresh_from_db()
    assert order.status == S.DELIVERED
    assert messages == [
        "documents.xml:1:0 /*/*: stale document for order "
        f"{order.number} (version AAAC+wAAAAA=, applied AAAEFQAAAAA=)"
    ]
    assert apply(newer)["unchanged"] == 1


def test_a_document_of_an_older_file_is_stale(store):
    order = store.order((store.product(), "1"))
    march_3 = dt.datetime(2026, 3, 3, 12, tzinfo=dt.UTC)
    apply(
        document_1c(str(order.pk), version="", requisites={"Отгружен": "true"}),
        generated_at=march_3,
    )
    late = document_1c(str(order.pk), version="", requisites={"Отменен": "true"})
    counts = apply(late, generated_at=march_3 - dt.timedelta(days=1))
    assert counts["stale"] == 1
    order.refresh_from_db()
    assert order.status == S.SHIPPED


def test_a_status_behind_ours_keeps_ours(store):
    order = store.order((store.product(), "1"))
    apply(document_1c(str(order.pk), version="AAAAAgAAAAA=", requisites={"Отгружен": "true"}))
    later = document_1c(
        str(order.pk),
        version="AAAAAwAAAAA=",
        number_1c="ТДЦУ-000009",
        requisites={"Проведен": "true"},
    )
    assert apply(later)["updated"] == 1
    order.refresh_from_db()
    assert (order.status, order.number_1c) == (S.SHIPPED, "ТДЦУ-000009")


def test_cancelled_in_1c_releases_the_reserve(store):
    bolt = store.product(kazan="10")
    order = store.order((bolt, "3"))
    apply(document_1c(str(order.pk), requisites={"Отменен": "true"}))
    order.refresh_from_db()
    assert order.status == S.CANCELLED
    assert order.cancel_reason == "1С: ТДЦУ-000001 (documents.xml)"
    assert reserved(store, bolt) == 0


def test_a_line_1c_changed_keeps_what_the_client_ordered(store):
    bolt = store.product(price="100.00", kazan="10", external_id="bolt")
    nut = store.product(price="10.00", kazan="10", external_id="nut")
    order = store.order((bolt, "3"), (nut, "5"))
    messages: list[str] = []
    apply(document_1c(str(order.pk), lines=[("bolt", "2"), ("screw", "1")]), messages=messages)
    assert messages == ["documents.xml:1:0 /*/*: product 'screw' added in 1C: not added"]
    order.refresh_from_db()
    lines = {line.article: line for line in order.lines.all()}
    bolt_line, nut_line = lines[bolt.article], lines[nut.article]
    assert (bolt_line.quantity, bolt_line.ordered_quantity, bolt_line.change) == (
        D("2"),
        D("3"),
        "quantity",
    )
    assert (nut_line.quantity, nut_line.change) == (D("0"), "removed")
    assert order.total == D("180.00")
    assert (reserved(store, bolt), reserved(store, nut)) == (D("2"), D("0"))
    assert order.history.last().note == (
        f"1С: ТДЦУ-000001 (documents.xml): {bolt.article}: 2 шт; {nut.article}: удалена"
    )


def test_an_unknown_order_is_an_error_that_names_it(store):
    messages: list[str] = []
    assert apply(document_1c("999999"), messages=messages)["errors"] == 1
    assert messages == ["documents.xml:1:0 /*/*: unknown order '999999'"]


def test_what_1c_changed_is_not_sent_back(store):
    order = store.order((store.product(), "1"))
    integration = integration_make()
    query(integration)
    query(integration)  # confirms the first answer
    apply(document_1c(str(order.pk), requisites={"Проведен": "true"}))
    assert query(integration).findall("Документ") == []
    order.refresh_from_db()
    assert order.status == S.CONFIRMED


@pytest.mark.parametrize(
    ("name", "documents"),
    [
        ("carono__php-commerceml/tests__xml__orders.xml", [("20", "[F] Доставлен", 2)]),
        ("carono__yii2-1c-exchange/files__xml__to.xml", [("20", "[F] Доставлен", 2)]),
        ("carono__yii2-1c-exchange/files__xml__from.xml", [("36", "[N] Принят", 2)]),
        (
            "dobromyslov__commerceml-parser/data__bitrix-query-response-full.xml",
            [
                ("132", "[N] Принят, ожидается оплата", 1),
                ("133", "[N] Принят, ожидается оплата", 7),
            ],
        ),
        ("dobromyslov__commerceml-parser/data__bitrix-query-response-empty.xml", []),
    ],
)
def test_windows_1251_order_files_parse_and_apply(store, name, documents):
    records = document_records(CML / name)
    assert [
        (record.external_id, record.requisites["Статус заказа"], len(record.lines))
        for record in records
    ] == documents
    # Our order known to 1C by the file's id: «[F] Доставлен» delivers it, «[N] Принят»
    # is where it already is.
    orders = {}
    for document_id, _status, _lines in documents:
        order = store.order((store.product(), "1"))
        Order.objects.filter(pk=order.pk).update(external_id=document_id)
        orders[document_id] = order
    counts = documents_apply(records=records, file_name=name)
    assert counts["errors"] == 0
    for document_id, status, _lines in documents:
        orders[document_id].refresh_from_db()
        wanted = S.DELIVERED if status.startswith("[F]") else S.SUBMITTED
        assert orders[document_id].status == wanted


def test_round_trip_an_order_placed_in_the_portal_comes_back_from_1c(store):
    order = store.order((store.product(external_id="guid-bolt"), "2"))
    (exported,) = query(integration_make()).findall("Документ")
    document_id, number = exported.findtext("Ид"), exported.findtext("Номер")
    assert (document_id, number) == (str(order.pk), order.number)
    posted = document_1c(
        document_id, requisites={"Проведен": "true", "Статуса заказа ИД": "confirmed"}
    )
    closed = document_1c(
        document_id, version="AAAAAgAAAAA=", requisites={"Статус заказа": "Закрыт"}
    )
    assert apply(posted)["updated"] == 1
    order.refresh_from_db()
    assert order.status == S.CONFIRMED
    assert apply(closed)["updated"] == 1
    order.refresh_from_db()
    assert order.status == S.DELIVERED


def test_sub_orders_move_the_order_as_far_as_all_of_them_went(store):
    bolt = store.product(external_id="bolt")
    book = store.product(vat_rate="10", external_id="book")
    order = store.order((bolt, "1"), (book, "1"))
    parts = [document.findtext("Ид") for document in query(integration_make()).findall("Документ")]
    assert parts == [f"{order.pk}-1", f"{order.pk}-2"]
    apply(document_1c(parts[1], number_1c="A-2", requisites={"Отгружен": "true"}))
    order.refresh_from_db()
    assert order.status == S.SUBMITTED
    apply(document_1c(parts[0], number_1c="A-1", requisites={"Проведен": "true"}))
    order.refresh_from_db()
    assert order.status == S.CONFIRMED
    apply(document_1c(parts[0], version="AAAAAgAAAAA=", requisites={"Статус заказа": "Закрыт"}))
    order.refresh_from_db()
    assert order.status == S.SHIPPED
    assert sorted(order.parts_1c.values_list("number", "status", "number_1c")) == [
        (1, S.DELIVERED, "ТДЦУ-000001"),
        (2, S.SHIPPED, "A-2"),
    ]
