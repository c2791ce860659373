"""Personal prices (ADR 0005): units, rounding, VAT, discounts and their rules, the base
price beside the client's, and the batch form agreeing with the single line."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okno.accounts.tests.factories import StaffFactory
from okno.catalog.models import Price, Product, VatRate
from okno.catalog.pricing import (
    PriceRequest,
    PriceTerms,
    price_line,
    price_lines,
    product_facts,
    terms_for,
)
from okno.catalog.tests.factories import (
    BrandFactory,
    DiscountRuleFactory,
    PriceFactory,
    PriceTypeFactory,
    ProductFactory,
    ProductGroupFactory,
    UnitFactory,
)
from okno.clients.tests.factories import (
    ClientFactory,
    ContractFactory,
    LegalEntityFactory,
    MembershipFactory,
)
from okno.core.actor import actor_for_user
from okno.core.money import to_money

pytestmark = pytest.mark.django_db

D = Decimal
ON = datetime.date(2026, 6, 1)


@pytest.fixture
def price_type():
    return PriceTypeFactory(name="Оптовая")


@pytest.fixture
def base_type():
    return PriceTypeFactory(name="Розничная", is_base=True)


@pytest.fixture
def buyer():
    return ClientFactory()


def terms(price_type, *, client=None, discount="0", base=None, show_base=False, on=ON):
    return PriceTerms(
        client_id=client.pk if client else None,
        price_type_id=price_type.pk,
        contract_discount=D(discount),
        base_price_type_id=base.pk if base else None,
        show_base=show_base,
        on=on,
    )


def priced(price_type, price, *, coefficient="1", **product):
    item = ProductFactory(**product)
    PriceFactory(product=item, price_type=price_type, price=D(price), coefficient=D(coefficient))
    return item


# --- units and rounding -------------------------------------------------------------------


def test_price_per_pack_is_divided_by_its_coefficient(price_type):
    pack = UnitFactory(short_name="упак")
    item = ProductFactory()
    PriceFactory(
        product=item, price_type=price_type, price=D("1000.00"), unit=pack, coefficient=D("10")
    )

    line = price_line(terms(price_type), item.pk, D("3"))

    assert line.has_price
    assert (line.unit_price, line.amount) == (D("100.00"), D("300.00"))


def test_unit_price_is_per_the_requested_packaging_unit(price_type):
    item = priced(price_type, "12.50")

    line = price_line(terms(price_type), item.pk, quantity=D("48"), unit_coefficient=D("24"))

    # 48 base units are 2 boxes of 24 at 300.00 a box
    assert (line.unit_price, line.amount, line.quantity) == (D("300.00"), D("600.00"), D("48"))


def test_amount_is_the_rounded_unit_price_times_the_quantity_in_that_unit(price_type):
    item = priced(price_type, "0.37")

    line = price_line(terms(price_type), item.pk, quantity=D("7"), unit_coefficient=D("3"))

    # a pack of 3 costs 1.11; 7 pieces are 7/3 packs: 1.11 × 7 / 3 = 2.59
    assert (line.unit_price, line.amount) == (D("1.11"), D("2.59"))


def test_unit_price_rounds_half_up_to_kopecks(price_type):
    # 0.05 less 50 % is 0.025: half up gives 0.03 where banker's rounding would give 0.02
    item = priced(price_type, "0.05")

    line = price_line(terms(price_type, discount="50"), item.pk, D("1"))

    assert line.unit_price == D("0.03")


def test_price_per_base_unit_of_an_uneven_pack_is_rounded_per_unit(price_type):
    item = priced(price_type, "10.00", coefficient="3")

    line = price_line(terms(price_type), item.pk, D("3"))

    assert (line.unit_price, line.amount) == (D("3.33"), D("9.99"))


# --- VAT ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "included", "vat", "total"),
    [
        (VatRate.VAT_22, True, "220.00", "1220.00"),
        (VatRate.VAT_22, False, "268.40", "1488.40"),
        (VatRate.VAT_10, True, "110.91", "1220.00"),
        (VatRate.VAT_10, False, "122.00", "1342.00"),
        (VatRate.VAT_0, True, "0.00", "1220.00"),
        (VatRate.VAT_0, False, "0.00", "1220.00"),
        (VatRate.NONE, True, "0.00", "1220.00"),
        (VatRate.NONE, False, "0.00", "1220.00"),
    ],
)
def test_vat_per_line(rate, included, vat, total):
    price_type = PriceTypeFactory(vat_included=included)
    item = priced(price_type, "122.00", vat_rate=rate)

    line = price_line(terms(price_type), item.pk, D("10"))

    assert line.vat_rate == rate.value
    assert (line.amount, line.vat_amount, line.total) == (D("1220.00"), D(vat), D(total))


def test_vat_is_rounded_once_per_line_not_per_unit(price_type):
    item = priced(price_type, "0.10")

    line = price_line(terms(price_type), item.pk, D("7"))

    # per unit 0.10 × 22/122 = 0.018 would round to 0.02 and make 0.14; per line 0.70 → 0.13
    assert (line.amount, line.vat_amount) == (D("0.70"), D("0.13"))


# --- discounts ----------------------------------------------------------------------------


def test_contract_discount_then_rule_discount(price_type, buyer):
    item = priced(price_type, "1000.00")
    DiscountRuleFactory(client=buyer, product=item, percent=D("5"))

    line = price_line(terms(price_type, client=buyer, discount="10"), item.pk)

    assert line.unit_price == D("855.00")  # 1000 × 0.90 × 0.95
    assert line.discount_percent == D("14.50")


def test_rules_from_the_most_specific(price_type, buyer):
    root = ProductGroupFactory()
    child = ProductGroupFactory(parent=root)
    leaf = ProductGroupFactory(parent=child)
    brand = BrandFactory()
    item = priced(price_type, "100.00", group=leaf, brand=brand)
    rules = [
        DiscountRuleFactory(product=item, percent=D("6")),
        DiscountRuleFactory(group=child, percent=D("5")),
        DiscountRuleFactory(group=root, percent=D("4")),
        DiscountRuleFactory(brand=brand, percent=D("3")),
        DiscountRuleFactory(percent=D("2")),
    ]
    seen = []
    for rule in rules:
        seen.append(price_line(terms(price_type, client=buyer), item.pk).unit_price)
        rule.delete()
    seen.append(price_line(terms(price_type, client=buyer), item.pk).unit_price)

    # product 6 %, then the deeper group 5 %, its parent 4 %, the brand 3 %, everything 2 %
    assert seen == [D("94.00"), D("95.00"), D("96.00"), D("97.00"), D("98.00"), D("100.00")]


def test_clients_own_rule_before_the_rule_for_everyone(price_type, buyer):
    item = priced(price_type, "100.00")
    DiscountRuleFactory(product=item, percent=D("9"))
    DiscountRuleFactory(product=item, client=buyer, percent=D("3"))
    DiscountRuleFactory(product=item, client=ClientFactory(), percent=D("1"))

    own = price_line(terms(price_type, client=buyer), item.pk)
    someone_else = price_line(terms(price_type, client=ClientFactory()), item.pk)

    assert own.unit_price == D("97.00")
    assert someone_else.unit_price == D("91.00")


def test_a_more_specific_rule_for_everyone_beats_the_clients_catalog_rule(price_type, buyer):
    item = priced(price_type, "100.00")
    DiscountRuleFactory(client=buyer, percent=D("3"))
    DiscountRuleFactory(product=item, percent=D("7"))

    assert price_line(terms(price_type, client=buyer), item.pk).unit_price == D("93.00")


@pytest.mark.parametrize(
    ("quantity", "unit_price"),
    [("1", "98.00"), ("9.999", "98.00"), ("10", "95.00"), ("99", "95.00"), ("1000", "90.00")],
)
def test_quantity_breaks_take_the_largest_reached(price_type, buyer, quantity, unit_price):
    item = priced(price_type, "100.00")
    for min_quantity, percent in (("0", "2"), ("10", "5"), ("100", "10")):
        DiscountRuleFactory(product=item, min_quantity=D(min_quantity), percent=D(percent))

    line = price_line(terms(price_type, client=buyer), item.pk, D(quantity))

    assert line.unit_price == D(unit_price)


def test_a_break_not_reached_leaves_the_less_specific_rule(price_type, buyer):
    group = ProductGroupFactory()
    item = priced(price_type, "100.00", group=group)
    DiscountRuleFactory(product=item, min_quantity=D("100"), percent=D("10"))
    DiscountRuleFactory(group=group, percent=D("3"))

    small = price_line(terms(price_type, client=buyer), item.pk, D("10"))
    large = price_line(terms(price_type, client=buyer), item.pk, D("100"))

    assert (small.unit_price, large.unit_price) == (D("97.00"), D("90.00"))


@pytest.mark.parametrize(
    "rule",
    [
        {"is_active": False},
        {"valid_until": ON - datetime.timedelta(days=1)},
        {"valid_from": ON + datetime.timedelta(days=1)},
    ],
    ids=["inactive", "expired", "not-yet"],
)
def test_inactive_and_out_of_date_rules_are_ignored(price_type, buyer, rule):
    item = priced(price_type, "100.00")
    DiscountRuleFactory(product=item, percent=D("10"), **rule)

    line = price_line(terms(price_type, client=buyer), item.pk)

    assert (line.unit_price, line.discount_percent) == (D("100.00"), D("0.00"))


def test_a_rule_applies_on_its_first_and_last_day(price_type, buyer):
    item = priced(price_type, "100.00")
    DiscountRuleFactory(product=item, valid_from=ON, valid_until=ON, percent=D("10"))

    assert price_line(terms(price_type, client=buyer), item.pk).unit_price == D("90.00")


# --- missing prices and the base price ----------------------------------------------------


def test_a_product_without_a_price_in_the_price_type_has_no_price(price_type):
    item = priced(PriceTypeFactory(), "100.00")

    line = price_line(terms(price_type), item.pk, D("5"))

    assert not line.has_price
    assert (line.unit_price, line.amount, line.vat_amount, line.total) == (D("0"),) * 4


def test_base_price_is_shown_only_when_the_terms_allow(price_type, base_type):
    item = priced(price_type, "80.00")
    PriceFactory(product=item, price_type=base_type, price=D("100.00"))

    shown = price_line(terms(price_type, base=base_type, show_base=True), item.pk, D("10"), D("10"))
    hidden = price_line(terms(price_type, base=base_type, show_base=False), item.pk)

    assert shown.base_unit_price == D("1000.00")  # per the pack of 10, like the unit price
    assert shown.unit_price == D("800.00")
    assert hidden.base_unit_price is None


# --- terms --------------------------------------------------------------------------------


def person_of(legal_entity):
    membership = MembershipFactory(client=legal_entity.client, legal_entities=[legal_entity])
    return actor_for_user(membership.user)


def test_terms_of_the_first_active_contract_of_the_current_legal_entity(base_type):
    entity = LegalEntityFactory()
    ContractFactory(legal_entity=entity, date=datetime.date(2025, 1, 1), is_active=False)
    ContractFactory(
        legal_entity=entity,
        date=datetime.date(2025, 2, 1),
        valid_until=datetime.date(2025, 12, 31),
    )
    first = ContractFactory(
        legal_entity=entity, date=datetime.date(2026, 1, 10), discount_percent=D("7")
    )
    ContractFactory(legal_entity=entity, date=datetime.date(2026, 3, 1))

    found = terms_for(person_of(entity))

    assert found.client_id == entity.client_id
    assert (found.price_type_id, found.contract_discount) == (first.price_type_id, D("7"))
    assert (found.base_price_type_id, found.show_base) == (base_type.pk, True)


def test_terms_of_a_given_contract_without_a_price_type_use_the_base_one(base_type):
    contract = ContractFactory(price_type=None, discount_percent=D("3"))

    found = terms_for(actor_for_user(StaffFactory()), contract)

    assert (found.price_type_id, found.contract_discount) == (base_type.pk, D("3"))
    assert found.client_id == contract.client_id


def test_staff_see_the_base_price_without_discounts(base_type):
    item = priced(base_type, "100.00")
    DiscountRuleFactory(percent=D("10"))

    found = terms_for(actor_for_user(StaffFactory()))
    line = price_line(found, item.pk)

    assert (found.price_type_id, found.contract_discount) == (base_type.pk, D("0"))
    assert (line.unit_price, line.discount_percent) == (D("100.00"), D("0.00"))


def test_a_person_without_a_contract_sees_the_base_price(base_type):
    entity = LegalEntityFactory()
    item = priced(base_type, "100.00")
    DiscountRuleFactory(client=entity.client, percent=D("10"))

    line = price_line(terms_for(person_of(entity)), item.pk)

    assert (line.unit_price, line.has_price) == (D("100.00"), True)


def test_base_price_hidden_by_the_setting(settings, base_type):
    settings.OKNO_SHOW_BASE_PRICE = False
    entity = LegalEntityFactory()
    contract = ContractFactory(legal_entity=entity)
    item = priced(contract.price_type, "90.00")
    PriceFactory(product=item, price_type=base_type, price=D("100.00"))

    line = price_line(terms_for(person_of(entity)), item.pk)

    assert line.unit_price == D("90.00")
    assert line.base_unit_price is None


# --- the batch form -----------------------------------------------------------------------


money = st.decimals(min_value=D("0.01"), max_value=D("99999.99"), places=2)
percent = st.decimals(min_value=D("0.01"), max_value=D("99.99"), places=2)
coefficients = st.sampled_from([D("1"), D("3"), D("10"), D("0.25"), D("12.5")])
dates = st.one_of(
    st.none(),
    st.sampled_from([ON - datetime.timedelta(days=1), ON, ON + datetime.timedelta(days=1)]),
)
catalogs = st.fixed_dictionaries(
    {
        "parents": st.lists(st.integers(min_value=-1, max_value=3), max_size=4),
        "brands": st.integers(min_value=0, max_value=2),
        "products": st.lists(
            st.fixed_dictionaries(
                {
                    "group": st.integers(min_value=-1, max_value=3),
                    "brand": st.integers(min_value=-1, max_value=1),
                    "vat": st.sampled_from(list(VatRate)),
                    "price": st.one_of(st.none(), st.tuples(money, coefficients)),
                    "base": st.one_of(st.none(), st.tuples(money, coefficients)),
                }
            ),
            min_size=1,
            max_size=5,
        ),
        "rules": st.lists(
            st.fixed_dictionaries(
                {
                    "client": st.sampled_from(["own", "other", None]),
                    "target": st.sampled_from(["product", "group", "brand", None]),
                    "index": st.integers(min_value=0, max_value=4),
                    "min_quantity": st.sampled_from([D("0"), D("1"), D("5"), D("10.5"), D("100")]),
                    "percent": percent,
                    "valid_from": dates,
                    "valid_until": dates,
                    "is_active": st.booleans(),
                }
            ),
            max_size=10,
        ),
        "contract_discount": st.one_of(st.just(D("0")), percent),
        "show_base": st.booleans(),
        "vat_included": st.booleans(),
    }
)
requests = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=5),
        st.decimals(min_value=D("0.001"), max_value=D("10000"), places=3),
        coefficients,
    ),
    min_size=1,
    max_size=12,
)


def build_catalog(spec, own, other):
    """The catalog a hypothesis example describes; product index 5 stands for a product
    that does not exist."""
    groups = []
    for parent in spec["parents"]:
        groups.append(
            ProductGroupFactory(parent=groups[parent] if 0 <= parent < len(groups) else None)
        )
    brands = [BrandFactory() for _ in range(spec["brands"])]
    price_type = PriceTypeFactory(vat_included=spec["vat_included"])
    base_type = PriceTypeFactory(is_base=True)
    products = []
    for row in spec["products"]:
        item = ProductFactory(
            group=groups[row["group"]] if 0 <= row["group"] < len(groups) else None,
            brand=brands[row["brand"]] if 0 <= row["brand"] < len(brands) else None,
            vat_rate=row["vat"],
        )
        for kind, given_type in (("price", price_type), ("base", base_type)):
            if row[kind]:
                amount, coefficient = row[kind]
                Price.objects.create(
                    product=item, price_type=given_type, price=amount, coefficient=coefficient
                )
        products.append(item)
    for rule in spec["rules"]:
        targets = {"product": products, "group": groups, "brand": brands}.get(rule["target"])
        target = {rule["target"]: targets[rule["index"] % len(targets)]} if targets else {}
        DiscountRuleFactory(
            client={"own": own, "other": other}.get(rule["client"]),
            min_quantity=rule["min_quantity"],
            percent=rule["percent"],
            valid_from=rule["valid_from"],
            valid_until=rule["valid_until"],
            is_active=rule["is_active"],
            **target,
        )
    ids = [item.pk for item in products] + [max(item.pk for item in products) + 1000]
    price_terms = PriceTerms(
        client_id=own.pk,
        price_type_id=price_type.pk,
        contract_discount=spec["contract_discount"],
        base_price_type_id=base_type.pk,
        show_base=spec["show_base"],
        on=ON,
    )
    return price_terms, ids


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=catalogs, lines=requests)
def test_batch_price_equals_the_single_line_price_for_every_line(buyer, spec, lines):
    with transaction.atomic():
        price_terms, ids = build_catalog(spec, buyer, ClientFactory())
        batch_requests = [
            PriceRequest(ids[index % len(ids)], quantity, coefficient)
            for index, quantity, coefficient in lines
        ]

        batch = price_lines(price_terms, batch_requests)
        single = [
            price_line(price_terms, line.product_id, line.quantity, line.unit_coefficient)
            for line in batch_requests
        ]
        transaction.set_rollback(True)

    assert batch == single
    for line, request in zip(batch, batch_requests, strict=True):
        assert line.product_id == request.product_id
        assert D("0") <= line.discount_percent < D("100")
        assert line.amount == to_money(line.unit_price * line.quantity / request.unit_coefficient)


def test_batch_runs_the_same_few_queries_for_ten_lines_and_for_a_thousand(
    price_type, buyer, base_type, django_assert_num_queries
):
    unit = UnitFactory()
    group = ProductGroupFactory(parent=ProductGroupFactory())
    brand = BrandFactory()
    products = Product.objects.bulk_create(
        Product(
            article=f"Q-{n:04d}",
            name=f"Товар {n}",
            base_unit=unit,
            group=group if n % 2 else None,
            brand=brand if n % 3 else None,
        )
        for n in range(1000)
    )
    Price.objects.bulk_create(
        Price(product=item, price_type=given_type, price=D("100.00"))
        for item in products
        for given_type in (price_type, base_type)
    )
    DiscountRuleFactory(group=group.parent, client=buyer, percent=D("10"))
    DiscountRuleFactory(product=products[0], percent=D("20"))
    DiscountRuleFactory(brand=brand, min_quantity=D("5"), percent=D("5"))
    price_terms = terms(price_type, client=buyer, base=base_type, show_base=True)
    lines = [PriceRequest(item.pk, D("5")) for item in products]

    with django_assert_num_queries(3):
        few = price_lines(price_terms, lines[:10])
    with django_assert_num_queries(3):
        many = price_lines(price_terms, lines)

    assert len(few) == 10
    assert len(many) == 1000
    assert all(line.has_price and line.base_unit_price == D("100.00") for line in many)
    # products[0]: its own rule; odd ones: the client's group rule; the rest: the brand's
    assert [line.unit_price for line in many[:4]] == [
        D("80.00"),
        D("90.00"),
        D("95.00"),
        D("90.00"),
    ]

    # Products already read with their group are not read again, and price the same.
    read = Product.objects.select_related("group").filter(pk__in=[p.pk for p in products[:10]])
    facts = {item.pk: product_facts(item) for item in read}
    with django_assert_num_queries(2):
        given = price_lines(price_terms, lines[:10], products=facts)
    assert given == few
