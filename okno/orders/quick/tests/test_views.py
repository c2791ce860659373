import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from okno.clients.tests.factories import MembershipFactory
from okno.core.roles import ClientRole
from okno.orders.models import Cart
from okno.orders.quick.forms import LINE_FIELDS
from okno.orders.services.carts import cart_active, cart_create
from okno.orders.tests.store import build_store

pytestmark = pytest.mark.django_db
D = Decimal
URL = "/cart/quick/"


@pytest.fixture
def store(client):
    store = build_store()
    client.force_login(store.buyer)
    return store


def _rows(data: dict) -> dict:
    """The preview form's fields for lines given as {line: (article, quantity, unit)}."""
    fields: dict[str, list[str]] = {name: [] for name in LINE_FIELDS}
    for number, (article, quantity, unit) in data.items():
        fields["line"].append(str(number))
        fields["raw"].append(f"{article};{quantity}")
        fields["article"].append(article)
        fields["quantity"].append(quantity)
        fields["unit"].append(unit)
        fields["product"].append("")
    return fields


def test_the_page_has_a_box_for_lines_and_a_file_input(store, client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="text"' in html
    assert 'type="file"' in html


def test_pasting_shows_each_line_with_its_status(store, client):
    store.product(article="БТ-1", price="100.00")
    store.product(article="КОР-6", multiplicity=D("6"))
    response = client.post(URL, {"action": "preview", "text": "БТ-1;2\n\nНЕТ-1;1\nКОР-6;7"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Найден" in html
    assert "Не найден" in html
    assert "округлить до" in html
    assert "180,00\u00a0₽" in html  # 2 × 90,00 ₽
    assert "пустых строк пропущено: 1" in html
    assert "Добавить в корзину 1 строку" in html


def test_recalculating_with_fixes_answers_the_preview_alone_to_htmx(store, client):
    store.product(article="БТ-1")
    fields = _rows({1: ("НЕТ-1", "2", ""), 2: ("БТ-1", "1", "")})
    fields["article"][0] = "БТ-1"
    response = client.post(URL, {**fields, "action": "recalc"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "Товар есть в строках 1, 2" in html


def test_adding_puts_good_lines_in_the_cart_and_keeps_the_rest_to_fix(store, client):
    bolt = store.product(article="БТ-1")
    box = store.product(article="КОР-6", multiplicity=D("6"))
    fields = _rows({1: ("БТ-1", "2", ""), 2: ("КОР-6", "7", ""), 3: ("НЕТ-1", "1", "")})
    response = client.post(URL, {**fields, "action": "apply", "round": ["2"]})
    assert response.status_code == 302
    cart = cart_active(actor=store.actor())
    assert {line.product_id: line.quantity for line in cart.lines.all()} == {
        bolt.pk: D("2"),
        box.pk: D("12"),
    }
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Добавлено в корзину строк: 2." in html
    # The unknown line waits in the box, already previewed.
    assert "НЕТ-1;1</textarea>" in html
    assert "Не найден" in html


def test_when_every_line_went_in_the_person_goes_to_the_cart(store, client):
    store.product(article="БТ-1")
    response = client.post(URL, {**_rows({1: ("БТ-1", "2", "")}), "action": "apply"})
    cart = Cart.objects.get()
    assert response["Location"] == reverse("orders:cart_detail", args=[cart.pk])


def test_an_xlsx_upload_is_previewed_and_its_lines_become_text(store, client):
    store.product(article="12345")
    book = Workbook()
    book.active.append(("Артикул", "Количество"))
    book.active.append((12345.0, 3.0))
    data = io.BytesIO()
    book.save(data)
    upload = SimpleUploadedFile("заказ.xlsx", data.getvalue())
    response = client.post(URL, {"action": "preview", "text": "", "file": upload})
    html = response.content.decode()
    assert "Заголовок" in html
    assert "Найден" in html
    assert "12345;3</textarea>" in html


def test_a_bad_file_is_named_and_the_paste_kept(store, client):
    upload = SimpleUploadedFile("фото.png", bytes(range(256)) * 10)
    response = client.post(URL, {"action": "preview", "text": "kept", "file": upload})
    assert response.status_code == 422
    html = response.content.decode()
    assert "фото.png" in html
    assert "kept</textarea>" in html


def test_nothing_pasted_is_a_form_error(store, client):
    response = client.post(URL, {"action": "preview", "text": "  "})
    assert response.status_code == 422
    assert "Вставьте строки заказа" in response.content.decode()


def test_another_cart_of_the_person_is_chosen_by_its_id(store, client):
    bolt = store.product(article="БТ-1")
    main = cart_active(actor=store.actor())
    other = cart_create(actor=store.actor(), name="Объект 2")
    response = client.post(
        f"{URL}?cart={main.pk}", {**_rows({1: ("БТ-1", "2", "")}), "action": "apply"}
    )
    assert response.status_code == 302
    assert main.lines.get().product_id == bolt.pk
    assert not other.lines.exists()
    assert client.get(f"{URL}?cart=abc").status_code == 404


def test_people_who_may_not_order_and_staff_are_refused(store, client):
    viewer = MembershipFactory(
        client=store.shop.client, role=ClientRole.VIEWER, may_order=False
    ).user
    client.force_login(viewer)
    assert client.get(URL).status_code == 403
    client.force_login(store.manager)
    assert client.post(URL, {"action": "preview", "text": "A;1"}).status_code == 403
