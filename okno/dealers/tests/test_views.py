"""The «Мои клиенты» pages: customers, documents and the printable document."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from okno.accounts.tests.factories import StaffFactory
from okno.catalog.models import Price
from okno.clients.tests.factories import ContractFactory, LegalEntityFactory, MembershipFactory
from okno.core.roles import ClientRole, StaffRole
from okno.core.testing.queries import assert_queries_flat
from okno.dealers.models import DealerCustomer, RetailDocument
from okno.dealers.tests.factories import DealerCustomerFactory, build_dealer

pytestmark = pytest.mark.django_db
D = Decimal
NBSP = "\u00a0"
HTMX = {"HTTP_HX_REQUEST": "true"}


def rub(amount: str) -> str:
    return amount.replace(" ", NBSP) + NBSP + "₽"


def _document_form(customer, **fields):
    return {
        "customer": customer.pk,
        "kind": "offer",
        "date": "2026-03-02",
        "markup_percent": "",
        "comment": "",
        **fields,
    }


# --- who works here ------------------------------------------------------------------------


def test_only_a_dealers_admin_and_buyers_open_the_section(dealer, world, client):
    url = reverse("dealers:customers")
    for person in (dealer.admin, dealer.buyer):
        client.force_login(person)
        assert client.get(url).status_code == 200
    for outsider in (dealer.accountant, world.a_admin, world.manager_a, world.admin):
        client.force_login(outsider)
        assert client.get(url).status_code == 403, outsider
        assert client.get(reverse("dealers:document_create")).status_code == 403


def test_the_dealers_manager_sees_the_customer_but_the_page_is_refused(dealer, client):
    customer = dealer.customer()
    client.force_login(dealer.client.manager)
    page = reverse("dealers:customer", kwargs={"customer_id": customer.pk})
    assert client.get(page).status_code == 403
    other_manager = StaffFactory(staff_role=StaffRole.MANAGER)
    client.force_login(other_manager)
    assert client.get(page).status_code == 404


def test_a_dealer_switched_off_as_dealer_loses_the_section(dealer, client):
    dealer.client.is_dealer = False
    dealer.client.save(update_fields=["is_dealer"])
    client.force_login(dealer.admin)
    assert client.get(reverse("dealers:customers")).status_code == 403


# --- customers -------------------------------------------------------------------------------


def test_a_buyer_adds_a_customer_and_finds_them_by_name_and_phone(dealer, client):
    client.force_login(dealer.buyer)
    form = {
        "name": "Смирнов Алексей",
        "phone": "8 (916) 555-12-34",
        "email": "Smirnov@Example.ru",
        "address": "г. Тула, ул. Советская, 5",
        "default_markup": "25,5",
        "comment": "Звонить после 18:00",
    }
    response = client.post(reverse("dealers:customer_create"), form)
    customer = DealerCustomer.objects.get(name="Смирнов Алексей")
    assert response["Location"] == reverse("dealers:customer", kwargs={"customer_id": customer.pk})
    assert (customer.dealer_id, customer.phone, customer.email) == (
        dealer.client.pk,
        "+79165551234",
        "smirnov@example.ru",
    )
    assert customer.default_markup == D("25.50")
    dealer.customer(name="Ковалёва Ирина", phone="+79031112233")
    url = reverse("dealers:customers")
    for term in ("смирн", "8 916 555", "916555"):
        page = client.get(url, {"q": term}).content.decode()
        assert "Смирнов Алексей" in page, term
        assert "Ковалёва Ирина" not in page, term
    assert "+7 916 555-12-34" in client.get(url).content.decode()


def test_bad_customer_input_is_named_and_nothing_is_stored(dealer, client):
    client.force_login(dealer.admin)
    form = {"name": "", "phone": "123", "email": "нет", "default_markup": "-5"}
    page = client.post(reverse("dealers:customer_create"), form).content.decode()
    assert "Укажите имя или название." in page
    assert "Номер телефона должен состоять из 10 цифр" in page
    assert "Проверьте e-mail" in page
    assert "Наценка — число от 0 до 999,99 %" in page
    assert not DealerCustomer.objects.exists()


def test_a_customer_is_edited_and_switched_off(dealer, client):
    customer = dealer.customer(name="Петров Сергей", phone="+79161234567")
    client.force_login(dealer.admin)
    edit = reverse("dealers:customer_edit", kwargs={"customer_id": customer.pk})
    assert "+7 916 123-45-67" in client.get(edit).content.decode()
    client.post(
        edit, {"name": "Петров Сергей Ильич", "phone": "", "default_markup": "10"}, follow=True
    )
    customer.refresh_from_db()
    assert (customer.name, customer.phone, customer.default_markup) == (
        "Петров Сергей Ильич",
        "",
        D("10"),
    )
    deactivate = reverse("dealers:customer_deactivate", kwargs={"customer_id": customer.pk})
    response = client.post(deactivate, follow=True)
    assert response.redirect_chain == [(reverse("dealers:customers"), 302)]
    assert "Покупатель «Петров Сергей Ильич» отключён." in response.content.decode()
    customer.refresh_from_db()
    assert not customer.is_active
    assert "Петров Сергей Ильич" not in client.get(reverse("dealers:customers")).content.decode()
    shown = client.get(reverse("dealers:customers"), {"all": "1"}).content.decode()
    assert "Петров Сергей Ильич" in shown
    assert "отключён" in shown


def test_another_dealers_customer_is_not_found(dealer, client):
    other = build_dealer("Двери Мира")
    foreign = other.customer(name="Чужой покупатель")
    client.force_login(dealer.admin)
    for route in ("dealers:customer", "dealers:customer_edit"):
        url = reverse(route, kwargs={"customer_id": foreign.pk})
        assert client.get(url).status_code == 404
    assert "Чужой покупатель" not in client.get(reverse("dealers:customers")).content.decode()


def test_the_customer_list_answers_htmx_with_the_table_alone(dealer, client):
    dealer.customer(name="Петров Сергей")
    client.force_login(dealer.admin)
    response = client.get(
        reverse("dealers:customers"), {"q": "петр"}, HTTP_HX_TARGET="customer-table", **HTMX
    )
    page = response.content.decode()
    assert "Петров Сергей" in page
    assert "<html" not in page


def test_the_customer_list_pages_by_fifty(dealer, client):
    for number in range(51):
        DealerCustomerFactory(dealer=dealer.client, name=f"Покупатель {number:03d}")
    client.force_login(dealer.admin)
    first = client.get(reverse("dealers:customers")).content.decode()
    assert "Покупатель 049" in first
    assert "Покупатель 050" not in first
    second = client.get(reverse("dealers:customers"), {"page": "2"}).content.decode()
    assert "Покупатель 050" in second
    assert "Страница 2 из 2" in second


def test_the_customer_list_takes_as_many_queries_for_many_rows(
    dealer, client, django_assert_max_num_queries
):
    client.force_login(dealer.admin)
    product = dealer.product()

    def grow(count):
        for _ in range(count):
            customer = dealer.customer()
            dealer.document(customer, [(product, "1")])

    grow(3)
    page = assert_queries_flat(
        lambda: client.get(reverse("dealers:customers")),
        grow=lambda: grow(9),
        ceiling=12,
        assert_max_num_queries=django_assert_max_num_queries,
    )
    assert len(re.findall(r'href="/dealer/customers/\d+/"', page.content.decode())) == 12


# --- documents ------------------------------------------------------------------------------


def test_a_document_is_made_from_the_form_at_the_dealers_own_price(dealer, client):
    customer = dealer.customer(name="Петров Сергей", default_markup=D("25"))
    window = dealer.product(article="OK-1200", name="Окно ПВХ 1200×1400", price="10000.00")
    sill = dealer.product(article="PD-300", name="Подоконник 300 мм", price="1000.00")
    client.force_login(dealer.buyer)
    url = reverse("dealers:document_create")
    assert "Петров Сергей" in client.get(url, {"customer": customer.pk}).content.decode()
    # typing an article that finds one product adds it at once
    form = _document_form(customer, find="OK-1200", find_quantity="2", find_submit="1")
    page = client.post(url, form).content.decode()
    assert f'name="line_product" value="{window.pk}"' in page
    # a search that finds several offers them; choosing one adds it
    lines = {"line_product": [window.pk], "line_quantity": ["2"], "line_markup": [""]}
    page = client.post(url, {**_document_form(customer, find="подоконник"), **lines})
    assert "Подоконник 300 мм" in page.content.decode()
    form = {
        **_document_form(customer),
        "line_product": [window.pk],
        "line_quantity": ["2"],
        "line_markup": [""],
        "add_product": sill.pk,
        "find_quantity": "3,5",
    }
    page = client.post(url, form).content.decode()
    assert 'value="3,5"' in page
    form = {
        **_document_form(customer, markup_percent="", comment="Доставка в пятницу"),
        "line_product": [window.pk, sill.pk],
        "line_quantity": ["2", "3,5"],
        "line_markup": ["", "40"],
        "save": "1",
    }
    response = client.post(url, form)
    document = RetailDocument.objects.get()
    assert response["Location"] == reverse("dealers:document", kwargs={"document_id": document.pk})
    assert (document.number, document.kind, document.markup_percent) == (1, "offer", D("25"))
    assert document.legal_entity_id == dealer.entity.pk
    window_line, sill_line = document.lines.all()
    # 10 000 less the contract's 10 % = 9 000; + 25 % = 11 250
    assert (window_line.dealer_price, window_line.retail_price) == (D("9000.00"), D("11250.00"))
    assert window_line.amount == D("22500.00")
    # 900 + its own 40 % = 1 260 × 3,5
    assert (sill_line.markup_percent, sill_line.retail_price) == (D("40"), D("1260.00"))
    assert sill_line.amount == D("4410.00")
    assert document.amount == D("26910.00")
    assert document.vat_amount == D("4852.63")  # 4057.38 + 795.25, 22/122 of each line
    assert document.dealer_amount == D("21150.00")
    page = client.get(response["Location"]).content.decode()
    assert rub("26 910,00") in page
    assert rub("5 760,00") in page  # the margin, for the dealer's eyes


def test_retail_prices_round_half_up_to_kopecks(dealer, client):
    customer = dealer.customer()
    product = dealer.product(price="11.23")  # 10.107 → 10.11 for the dealer
    client.force_login(dealer.admin)
    form = {
        **_document_form(customer, markup_percent="5"),
        "line_product": [product.pk],
        "line_quantity": ["1"],
        "line_markup": [""],
        "save": "1",
    }
    client.post(reverse("dealers:document_create"), form)
    line = RetailDocument.objects.get().lines.get()
    assert line.dealer_price == D("10.11")
    assert line.retail_price == D("10.62")  # 10.6155 half up; 10.11 × 1.05


def test_half_a_kopeck_rounds_up(dealer):
    customer = dealer.customer()
    product = dealer.product(price="11.2222")  # → 10.09998 → 10.10 for the dealer
    document = dealer.document(customer, [(product, "1")], markup_percent=D("5"))
    line = document.lines.get()
    assert (line.dealer_price, line.retail_price) == (D("10.10"), D("10.61"))  # 10.605


def test_bad_lines_are_named_and_nothing_is_stored(dealer, client):
    customer = dealer.customer()
    product = dealer.product()
    unpriced = dealer.product()
    Price.objects.filter(product=unpriced, price_type=dealer.price_type).delete()
    client.force_login(dealer.admin)
    url = reverse("dealers:document_create")
    cases = [
        ({}, "Добавьте в документ хотя бы один товар."),
        ({"line_product": [product.pk], "line_quantity": ["0"]}, "Количество — число больше нуля"),
        ({"line_product": [product.pk], "line_quantity": ["1"], "line_markup": ["-1"]}, "Наценка"),
        ({"line_product": [unpriced.pk], "line_quantity": ["1"]}, "нет вашей цены"),
    ]
    for lines, message in cases:
        page = client.post(url, {**_document_form(customer), **lines, "save": "1"})
        assert page.status_code == 200
        assert message in page.content.decode()
    assert not RetailDocument.objects.exists()


def test_rows_are_removed_without_saving(dealer, client):
    customer = dealer.customer()
    first, second = dealer.product(name="Первый товар"), dealer.product(name="Второй товар")
    client.force_login(dealer.admin)
    form = {
        **_document_form(customer),
        "line_product": [first.pk, second.pk],
        "line_quantity": ["1", "2"],
        "line_markup": ["", ""],
        "remove": "0",
    }
    page = client.post(reverse("dealers:document_create"), form).content.decode()
    assert "Первый товар" not in page
    assert "Второй товар" in page
    assert "Проверьте поля формы" not in page
    assert not RetailDocument.objects.exists()


def test_suggestions_come_alone_for_htmx(dealer, client):
    dealer.product(article="ZX-1", name="Ручка оконная белая")
    dealer.product(article="ZX-2", name="Ручка оконная коричневая")
    client.force_login(dealer.admin)
    response = client.post(
        reverse("dealers:document_create"), {"find": "ручка", "suggest": "1"}, **HTMX
    )
    page = response.content.decode()
    assert "Ручка оконная белая" in page
    assert "Ручка оконная коричневая" in page
    assert "<form" not in page


def test_numbers_run_per_dealer(dealer):
    product = dealer.product()
    customer = dealer.customer()
    numbers = [dealer.document(customer, [(product, "1")]).number for _ in range(3)]
    other = build_dealer("Двери Мира")
    first_of_other = other.document(other.customer(), [(other.product(), "1")])
    assert numbers == [1, 2, 3]
    assert first_of_other.number == 1


def test_editing_keeps_purchase_prices_unless_repriced(dealer, client):
    customer = dealer.customer(default_markup=D("10"))
    product = dealer.product(price="1000.00")
    document = dealer.document(customer, [(product, "1")])
    Price.objects.filter(product=product, price_type=dealer.price_type).update(price=D("2000"))
    client.force_login(dealer.admin)
    url = reverse("dealers:document_edit", kwargs={"document_id": document.pk})
    page = client.get(url).content.decode()
    assert f'name="line_product" value="{product.pk}"' in page
    form = {
        **_document_form(customer, kind="sale_slip", markup_percent="20"),
        "line_product": [product.pk],
        "line_quantity": ["2"],
        "line_markup": [""],
        "save": "1",
    }
    client.post(url, form)
    document.refresh_from_db()
    line = document.lines.get()
    assert (document.kind, document.number) == ("sale_slip", 1)
    assert (line.dealer_price, line.retail_price, document.amount) == (
        D("900.00"),
        D("1080.00"),
        D("2160.00"),
    )
    client.post(url, {**form, "reprice": "on"})
    line = document.lines.get()
    assert (line.dealer_price, line.retail_price) == (D("1800.00"), D("2160.00"))


def test_a_switched_off_customer_gets_no_new_document(dealer, client):
    customer = dealer.customer(is_active=False)
    product = dealer.product()
    client.force_login(dealer.admin)
    form = {
        **_document_form(customer),
        "line_product": [product.pk],
        "line_quantity": ["1"],
        "save": "1",
    }
    page = client.post(reverse("dealers:document_create"), form).content.decode()
    assert "Выберите покупателя из списка." in page
    assert not RetailDocument.objects.exists()


def test_the_printed_document_shows_retail_prices_only(dealer, client):
    customer = dealer.customer(name="Петров Сергей", phone="+79161234567", address="г. Тула")
    product = dealer.product(article="OK-1200", name="Окно ПВХ", price="1371.74")
    document = dealer.document(
        customer,
        [(product, "1")],
        kind=RetailDocument.Kind.SALE_SLIP,
        markup_percent=D("0"),
        date=datetime.date(2026, 3, 2),
    )
    line = document.lines.get()
    assert line.dealer_price == D("1234.57")
    client.force_login(dealer.buyer)
    page = client.get(
        reverse("dealers:document_print", kwargs={"document_id": document.pk})
    ).content.decode()
    assert "Товарный чек № 1 от 02.03.2026" in page
    assert dealer.entity.inn in page
    assert escape(dealer.entity.full_name) in page
    assert "Петров Сергей" in page
    assert "+7 916 123-45-67" in page
    assert rub("1 234,57") in page
    assert "cdn" not in page.lower()


def test_the_purchase_price_never_reaches_the_printed_document(dealer, client):
    customer = dealer.customer()
    product = dealer.product(price="1000.00")
    document = dealer.document(customer, [(product, "3")], markup_percent=D("37"))
    client.force_login(dealer.admin)
    page = client.get(
        reverse("dealers:document_print", kwargs={"document_id": document.pk})
    ).content.decode()
    assert rub("1 233,00") in page  # 900 × 1.37
    assert rub("3 699,00") in page
    for purchase in ("900,00", "2 700,00", "900.00"):
        assert purchase.replace(" ", NBSP) not in page
        assert purchase not in page
    assert not re.search(r"закупк|маржа", page, re.IGNORECASE)
    screen = client.get(reverse("dealers:document", kwargs={"document_id": document.pk}))
    assert rub("900,00") in screen.content.decode()


def test_a_buyer_sees_the_customers_documents_on_the_card(dealer, client):
    customer = dealer.customer()
    product = dealer.product()
    dealer.document(customer, [(product, "1")], kind=RetailDocument.Kind.SALE_SLIP)
    client.force_login(dealer.buyer)
    page = client.get(
        reverse("dealers:customer", kwargs={"customer_id": customer.pk})
    ).content.decode()
    assert "Товарный чек № 1" in page


def test_a_person_of_another_legal_entity_does_not_see_its_documents(dealer, client):
    second = LegalEntityFactory(client=dealer.client)
    ContractFactory(legal_entity=second, price_type=dealer.price_type)
    seller = MembershipFactory(client=dealer.client, role=ClientRole.BUYER, legal_entities=[second])
    document = dealer.document(dealer.customer(), [(dealer.product(), "1")])
    client.force_login(seller.user)
    url = reverse("dealers:document", kwargs={"document_id": document.pk})
    assert client.get(url).status_code == 404
