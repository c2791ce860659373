import dataclasses
import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.http import QueryDict

from okno.accounts.tests.factories import StaffFactory
from okno.catalog.tests.factories import ClientArticleFactory
from okno.clients.tests.factories import (
    ClientFactory,
    ContractFactory,
    DeliveryAddressFactory,
    LegalEntityFactory,
    MembershipFactory,
)
from okno.core.actor import actor_for_user
from okno.core.errors import InvalidInput
from okno.core.roles import ClientRole
from okno.core.testing.queries import assert_queries_flat
from okno.orders.models import Order
from okno.orders.selectors import history
from okno.orders.selectors.history import (
    OrderFilters,
    orders_history,
    orders_history_count,
    orders_history_page,
)
from okno.orders.selectors.history_export import orders_export_xlsx
from okno.orders.services.lifecycle import order_cancel
from okno.orders.tests.store import Store, build_store

pytestmark = pytest.mark.django_db
D = Decimal
MOSCOW = ZoneInfo("Europe/Moscow")


def _numbers(actor, **filters) -> list[str]:
    rows = orders_history(actor=actor, filters=OrderFilters(**filters))
    return [order.number for order in rows]


def _made_at(order: Order, *moment: int) -> Order:
    """Move an order to a moment (Moscow time), as if it were placed then."""
    at = datetime.datetime(*moment, tzinfo=MOSCOW)
    Order.objects.filter(pk=order.pk).update(created_at=at)
    order.refresh_from_db()
    return order


def _rival(store: Store) -> Store:
    """Another client of another manager, buying from the same shop."""
    client = ClientFactory(name="Конкурент")
    entity = LegalEntityFactory(client=client, name="ООО «Конкурент»")
    contract = ContractFactory(
        legal_entity=entity, price_type=store.shop.wholesale, warehouse=store.shop.kazan
    )
    buyer = MembershipFactory(client=client, role=ClientRole.BUYER, legal_entities=[entity]).user
    shop = dataclasses.replace(store.shop, client=client, buyer=buyer)
    return Store(
        shop=shop,
        entity=entity,
        contract=contract,
        address=DeliveryAddressFactory(legal_entity=entity, is_default=True),
        client_admin=buyer,
        manager=client.manager,
    )


def test_the_history_is_newest_first_with_the_legal_entity_in_flat_queries(
    django_assert_max_num_queries,
):
    store = build_store()
    bolt = store.product(article="DIN933-M8x40", kazan="100")
    first = _made_at(store.order((bolt, "1")), 2026, 3, 1, 10, 0)
    second = _made_at(store.order((bolt, "2")), 2026, 3, 2, 10, 0)

    actor = store.actor()

    def rows():
        page = orders_history_page(actor=actor, filters=OrderFilters())
        return [(o.number, o.legal_entity.name, o.client.name, o.lines_count) for o in page.orders]

    def grow():
        for quantity in ("3", "4", "5"):
            store.order((bolt, quantity))

    shown = assert_queries_flat(
        rows, grow=grow, ceiling=1, assert_max_num_queries=django_assert_max_num_queries
    )
    assert len(shown) == 5
    assert shown[-2:] == [
        (second.number, store.entity.name, store.shop.client.name, 1),
        (first.number, store.entity.name, store.shop.client.name, 1),
    ]


def test_an_order_is_found_by_its_number_with_or_without_the_prefix():
    store = build_store()
    bolt = store.product()
    order = store.order((bolt, "1"))
    store.order((bolt, "2"))
    digits = str(order.pk)
    for typed in (digits, digits.zfill(6), order.number, order.number.lower(), f"№ {digits}"):
        assert _numbers(store.actor(), query=typed) == [order.number], typed


def test_digits_that_are_no_order_number_are_looked_for_in_articles():
    store = build_store()
    numbered = store.product(article="99123", name="Шайба плоская")
    order = store.order((numbered, "1"))
    store.order((store.product(), "1"))
    assert _numbers(store.actor(), query="99123") == [order.number]
    # With the prefix it can only be a number, and there is no such order.
    assert _numbers(store.actor(), query="ОК-99123") == []


def test_an_order_is_found_by_an_article_in_any_spelling_or_by_name_words():
    store = build_store()
    bolt = store.product(article="DIN933-M8x40", name="Болт с шестигранной головкой")
    pipe = store.product(article="PP-110/3000", name="Труба канализационная")
    with_bolt = store.order((bolt, "5"), (pipe, "1"))
    only_pipe = store.order((pipe, "2"))
    actor = store.actor()
    assert _numbers(actor, query="DIN933-M8x40") == [with_bolt.number]
    assert _numbers(actor, query="din 933") == [with_bolt.number]
    assert _numbers(actor, query="болтов шестигранных") == [with_bolt.number]
    # «канализационная» typed on the Latin layout.
    assert _numbers(actor, query="rfyfkbpfwbjyyfz") == [only_pipe.number, with_bolt.number]
    assert _numbers(actor, query="гайка") == []


def test_a_client_finds_an_order_by_their_own_article_and_others_do_not():
    store = build_store()
    rival = _rival(store)
    bolt = store.product(article="DIN933-M8x40")
    ClientArticleFactory(client=store.shop.client, product=bolt, article="НАШ-77")
    mine = store.order((bolt, "1"))
    rival.order((bolt, "1"))
    assert _numbers(store.actor(), query="наш 77") == [mine.number]
    assert _numbers(rival.actor(), query="НАШ-77") == []


def test_words_found_in_very_many_products_are_searched_as_well(
    monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(history, "MAX_LISTED_PRODUCTS", 1)
    store = build_store()
    first = store.product(name="Саморез кровельный 4,8х29")
    second = store.product(name="Саморез по дереву 3,5х35")
    store.order((store.product(name="Дюбель"), "1"))
    with_first = store.order((first, "1"))
    with_second = store.order((second, "1"))
    actor = store.actor()
    with django_assert_max_num_queries(2):
        found = _numbers(actor, query="саморезы")
    assert found == [with_second.number, with_first.number]


def test_dates_are_days_in_moscow_both_inclusive():
    store = build_store()
    bolt = store.product()
    late_evening = _made_at(store.order((bolt, "1")), 2026, 3, 1, 23, 30)
    after_midnight = _made_at(store.order((bolt, "1")), 2026, 3, 2, 0, 10)
    early = _made_at(store.order((bolt, "1")), 2026, 2, 28, 9, 0)
    actor = store.actor()
    day = datetime.date(2026, 3, 1)
    assert _numbers(actor, date_from=day, date_to=day) == [late_evening.number]
    assert _numbers(actor, date_from=datetime.date(2026, 3, 2)) == [after_midnight.number]
    assert _numbers(actor, date_to=datetime.date(2026, 2, 28)) == [early.number]


def test_status_one_or_several_and_amounts_on_the_total():
    store = build_store()
    cheap = store.product(price="10.00")
    dear = store.product(price="1000.00")
    small = store.order((cheap, "1"))  # 9.00 after the contract's 10 %
    large = store.order((dear, "2"))  # 1 800.00
    cancelled = store.order((cheap, "3"))
    order_cancel(actor=store.actor(), order=cancelled, reason="передумали")
    actor = store.actor()
    assert _numbers(actor, status=("cancelled",)) == [cancelled.number]
    assert _numbers(actor, status=("cancelled", "submitted")) == [
        cancelled.number,
        large.number,
        small.number,
    ]
    assert _numbers(actor, amount_min=D("100")) == [large.number]
    assert _numbers(actor, amount_max=D("9.00")) == [small.number]
    assert _numbers(actor, amount_min=D("9"), amount_max=D("30")) == [
        cancelled.number,
        small.number,
    ]


def test_a_buyer_sees_only_the_legal_entities_they_act_for():
    store = build_store()
    second = LegalEntityFactory(client=store.shop.client, name="ИП Второй")
    ContractFactory(
        legal_entity=second, price_type=store.shop.wholesale, warehouse=store.shop.kazan
    )
    DeliveryAddressFactory(legal_entity=second, is_default=True)
    bolt = store.product()
    mine = store.order((bolt, "1"))
    admin_store = dataclasses.replace(
        store, entity=second, address=second.addresses.get(), contract=second.contracts.get()
    )
    theirs = admin_store.order((bolt, "1"), user=store.client_admin)
    assert _numbers(store.actor()) == [mine.number]
    admin = store.actor(store.client_admin)
    assert _numbers(admin) == [theirs.number, mine.number]
    assert _numbers(admin, legal_entity_id=second.pk) == [theirs.number]


def test_another_clients_orders_never_appear():
    store = build_store()
    rival = _rival(store)
    bolt = store.product(article="SAME-1")
    mine = store.order((bolt, "1"))
    theirs = rival.order((bolt, "1"))
    actor = store.actor()
    assert _numbers(actor) == [mine.number]
    assert _numbers(actor, query=theirs.number) == []
    assert _numbers(actor, query="SAME-1") == [mine.number]
    # A client cannot widen the scope with a client filter.
    assert _numbers(actor, client_id=rival.shop.client.pk) == [mine.number]


def test_a_manager_sees_their_clients_orders_that_reached_the_company():
    store = build_store()
    rival = _rival(store)
    bolt = store.product()
    submitted = store.order((bolt, "1"))
    store.order((bolt, "1"), submit=False)  # a draft stays the client's own
    theirs = rival.order((bolt, "1"))
    manager = actor_for_user(store.manager)
    assert _numbers(manager) == [submitted.number]
    assert _numbers(manager, status=("submitted",)) == [submitted.number]
    assert _numbers(manager, query=theirs.number) == []
    assert _numbers(actor_for_user(rival.manager)) == [theirs.number]
    assert _numbers(actor_for_user(StaffFactory())) == []
    assert _numbers(store.actor()) == [
        o.number for o in Order.objects.filter(client=store.shop.client).order_by("-pk")
    ]


def test_a_managers_search_by_article_runs_in_flat_queries(django_assert_max_num_queries):
    store = build_store()
    bolt = store.product(article="DIN933-M8x40", kazan="100")
    store.order((store.product(), "1"))
    first = store.order((bolt, "1"))
    manager = actor_for_user(store.manager)
    filters = OrderFilters(query="DIN933-M8x40")

    def rows():
        page = orders_history_page(actor=manager, filters=filters)
        return [(o.number, o.legal_entity.name, o.client.name) for o in page.orders]

    def grow():
        for quantity in ("2", "3"):
            store.order((bolt, quantity))

    shown = assert_queries_flat(
        rows, grow=grow, ceiling=3, assert_max_num_queries=django_assert_max_num_queries
    )
    assert [number for number, _e, _c in shown][-1] == first.number
    assert len(shown) == 3


def test_a_manager_narrows_to_one_client():
    store = build_store()
    rival = _rival(store)
    rival.shop.client.manager = store.manager
    rival.shop.client.save(update_fields=["manager"])
    bolt = store.product()
    mine = store.order((bolt, "1"))
    theirs = rival.order((bolt, "1"))
    manager = actor_for_user(store.manager)
    assert _numbers(manager) == [theirs.number, mine.number]
    assert _numbers(manager, client_id=store.shop.client.pk) == [mine.number]


def test_pages_probe_for_the_next_one_and_the_count_is_capped():
    store = build_store()
    bolt = store.product()
    for _ in range(3):
        store.order((bolt, "1"))
    actor, filters = store.actor(), OrderFilters()
    first = orders_history_page(actor=actor, filters=filters, per_page=2)
    assert (len(first.orders), first.has_next, first.has_previous) == (2, True, False)
    second = orders_history_page(actor=actor, filters=filters, page=2, per_page=2)
    assert (len(second.orders), second.has_next, second.has_previous) == (1, False, True)
    count = orders_history_count(actor=actor, filters=filters, cap=2)
    assert (count.value, count.more) == (2, True)
    count = orders_history_count(actor=actor, filters=filters)
    assert (count.value, count.more) == (3, False)


def test_filters_are_read_from_a_query_string():
    data = QueryDict(
        "q=+DIN 933+&date_from=01.03.2026&date_to=2026-03-31&status=submitted,verified"
        "&status=cancelled&legal_entity_id=7&amount_min=1 000,50&amount_max=2000"
    )
    assert OrderFilters.from_query(data) == OrderFilters(
        query="DIN 933",
        date_from=datetime.date(2026, 3, 1),
        date_to=datetime.date(2026, 3, 31),
        status=("submitted", "verified", "cancelled"),
        legal_entity_id=7,
        amount_min=D("1000.50"),
        amount_max=D("2000.00"),
    )
    assert OrderFilters.from_query({}) == OrderFilters()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("date_from=32.01.2026", "date_from"),
        ("date_to=вчера", "date_to"),
        ("date_from=01.01.0001", "date_from"),
        ("amount_min=сто", "amount_min"),
        ("amount_max=-5", "amount_max"),
        ("amount_min=1.005", "amount_min"),
        ("amount_max=1e30", "amount_max"),
        ("amount_min=NaN", "amount_min"),
        ("status=lost", "status"),
        ("legal_entity_id=abc", "legal_entity_id"),
        ("client_id=99999999999999999999", "client_id"),
        ("date_from=02.03.2026&date_to=01.03.2026", "date_to"),
        ("amount_min=10&amount_max=5", "amount_max"),
    ],
)
def test_bad_input_is_an_error_naming_the_field(query, field):
    with pytest.raises(InvalidInput) as refused:
        OrderFilters.from_query(QueryDict(query))
    assert refused.value.field == field
    assert refused.value.message


def test_a_page_gets_every_error_and_filters_by_the_valid_part():
    filters, errors = OrderFilters.parse(
        QueryDict("date_from=вчера&amount_min=сто&status=submitted&date_to=01.03.2026")
    )
    assert set(errors) == {"date_from", "amount_min"}
    assert filters == OrderFilters(status=("submitted",), date_to=datetime.date(2026, 3, 1))


def test_the_export_is_a_workbook_of_the_filtered_orders(tmp_path):
    store = build_store()
    bolt = store.product(article="DIN933-M8x40", name="Болт М8х40", price="100.00")
    nut = store.product(article="DIN934-M8", name="Гайка М8", price="10.00", kazan="100")
    order = _made_at(
        store.order((bolt, "5"), (nut, "10"), comment="К воротам 3"), 2026, 3, 1, 23, 30
    )
    store.order((nut, "1"))
    export = orders_export_xlsx(
        actor=store.actor(), filters=OrderFilters(query="DIN933"), with_lines=True
    )
    path = tmp_path / export.filename
    path.write_bytes(export.file.read())
    export.file.close()
    workbook = openpyxl.load_workbook(path)
    orders, lines = workbook.worksheets
    rows = list(orders.iter_rows(values_only=True))
    assert rows[0][:3] == ("Номер", "Дата", "Юрлицо")
    assert rows[1:] == [
        (
            order.number,
            datetime.datetime(2026, 3, 1),
            store.entity.name,
            "Отправлен",
            540,
            float(order.vat_amount),
            540,
            2,
            "К воротам 3",
        )
    ]
    assert orders["B2"].number_format == "DD.MM.YYYY"
    line_rows = list(lines.iter_rows(values_only=True))[1:]
    assert [(row[0], row[3], row[8]) for row in line_rows] == [
        (order.number, "DIN933-M8x40", 450),
        (order.number, "DIN934-M8", 90),
    ]


def test_a_manager_exports_with_the_client_column():
    store = build_store()
    store.order((store.product(), "1"))
    export = orders_export_xlsx(actor=actor_for_user(store.manager), filters=OrderFilters())
    sheet = openpyxl.load_workbook(export.file).worksheets[0]
    header, row = list(sheet.iter_rows(values_only=True))
    export.file.close()
    assert header[3] == "Клиент"
    assert row[3] == store.shop.client.name
