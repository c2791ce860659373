"""The invoice of an order on screen, as PDF and as XLSX, through the pages a client's
person and the client's manager open.

The PDF is checked in two parts: its text through the HTML it is made from (the same
template, rendered by `invoice_html`), and the file itself as a PDF — header, end, its
page tree and the fonts embedded — read without any PDF library."""

import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from okno.core.actor import actor_for_user
from okno.core.money import format_money
from okno.finance.invoice.pdf import invoice_html
from okno.finance.invoice.selectors import order_invoice
from okno.finance.requisites import CompanyRequisites
from okno.finance.tests.invoice_factories import CompanyRequisitesFactory
from okno.finance.tests.invoice_helpers import (
    TOTAL,
    WORDS,
    attachment,
    invoiced_order,
    pdf_objects,
    pdf_page_count,
    text,
)
from okno.orders.models import OrderStatus
from okno.orders.tests.store import build_store

pytestmark = pytest.mark.django_db


def _page(pk):
    return reverse("finance:order_invoice", args=[pk])


def _file(pk, file_format):
    return reverse("finance:order_invoice_file", args=[pk, file_format])


# What the invoice says of the order in `invoice_helpers.LINES`, in the order it says it.
DOCUMENT = [
    "ПАО Сбербанк",
    "Банк получателя",
    "044525225",
    "30101810400000000225",
    "ИНН 7705128404",
    "КПП 770501001",
    "40702810338000098765",
    "Получатель",
    "Счет на оплату № ОК-000123 от 5 декабря 2026 г.",
    "Поставщик (Исполнитель):",
    "ООО «Окно», ИНН 7705128404, КПП 770501001, 115114, г. Москва, ул. Летниковская, д. 10",
    "Покупатель (Заказчик):",
    "Основание:",
    "Товары (работы, услуги)",
    "1 500,00",
    "3 000,00",
    "12,5",
    "1 249,88",
    "Итого:",
    TOTAL,
    "В том числе НДС (22 %):",
    "540,98",
    "В том числе НДС (10 %):",
    "33,67",
    "Всего к оплате:",
    f"Всего наименований 3, на сумму {TOTAL} руб.",
    WORDS,
    "Руководитель",
    "Смирнов А. В.",
    "Бухгалтер",
    "Кузнецова О. П.",
]


def _money(amount) -> str:
    return format_money(amount, currency="").replace("\xa0", " ")


def _in_order(page: str, expected: list[str]) -> None:
    position = 0
    for part in expected:
        found = page.find(part, position)
        assert found >= 0, f"{part!r} missing after position {position}"
        position = found + len(part)


def test_the_invoice_page_shows_the_1c_layout(world, client):
    order = invoiced_order(world)
    client.force_login(world.a_admin)
    response = client.get(_page(order.pk))
    assert response.status_code == 200
    page = text(response)
    _in_order(page, DOCUMENT)
    entity = world.entity_a1
    assert f"{entity.full_name}, ИНН {entity.inn}, КПП {entity.kpp}" in page
    assert f"Договор {world.contract_a1}" in page
    assert 'src="data:image/svg+xml;base64,' in page
    assert "В том числе НДС (0 %)" not in page
    assert _file(order.pk, "pdf") in page
    assert _file(order.pk, "xlsx") in page


def test_the_document_stays_russian_in_the_english_interface(world, client):
    order = invoiced_order(world)
    client.force_login(world.a_admin)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get(_page(order.pk))
    assert response["Content-Language"] == "en"
    _in_order(text(response), DOCUMENT)


def test_the_order_page_links_its_invoice(world, client):
    order = invoiced_order(world)
    client.force_login(world.a_buyer)
    page = client.get(reverse("orders:order", args=[order.pk])).content.decode()
    for url in (_page(order.pk), _file(order.pk, "pdf"), _file(order.pk, "xlsx")):
        assert f'href="{url}"' in page


def test_the_pdf_is_the_invoice_on_a4(world, client):
    order = invoiced_order(world)
    client.force_login(world.a_admin)
    response = client.get(_file(order.pk, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == attachment("Счет_на_оплату_ОК-000123.pdf")
    data = response.content
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert pdf_page_count(data) == 1
    objects = pdf_objects(data)
    # A4 in points, and a font that has Cyrillic letters embedded.
    assert re.search(rb"/MediaBox\s*\[\s*0 0 595\.\d* 841\.\d*\s*\]", objects)
    assert re.search(rb"/FontName\s*/[A-Z]{6}\+(Liberation-Sans|DejaVu)", objects)
    html = invoice_html(order_invoice(actor=actor_for_user(world.a_admin), order_id=order.pk))
    _in_order(html.replace("\xa0", " "), DOCUMENT)
    assert "http://" not in html
    assert "https://" not in html


def test_a_long_invoice_runs_over_pages(world, client):
    order = invoiced_order(world, lines=[("10.00", "1", "22")] * 90)
    client.force_login(world.a_admin)
    data = client.get(_file(order.pk, "pdf")).content
    assert pdf_page_count(data) >= 2


def _cells(sheet) -> dict[str, object]:
    return {
        str(cell.value): cell for row in sheet.iter_rows() for cell in row if cell.value is not None
    }


def test_the_xlsx_is_laid_out_like_1c(world, client):
    order = invoiced_order(world)
    client.force_login(world.a_admin)
    response = client.get(_file(order.pk, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == attachment("Счет_на_оплату_ОК-000123.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = _cells(sheet)
    title = cells["Счет на оплату № ОК-000123 от 5 декабря 2026 г."]
    assert title.font.bold
    merged = {str(block) for block in sheet.merged_cells.ranges}
    assert f"A{title.row}:G{title.row}" in merged
    for value in ("ПАО Сбербанк", "044525225", "30101810400000000225", "40702810338000098765"):
        assert value in cells
    assert "ИНН 7705128404" in cells
    header = cells["Товары (работы, услуги)"]
    first = header.row + 1
    assert [sheet.cell(first, c).value for c in range(1, 8)][:3] == [
        1,
        order.lines.first().article,
        order.lines.first().name,
    ]
    assert sheet.cell(first, 6).value == 1500
    assert sheet.cell(first, 6).number_format == "#,##0.00"
    assert sheet.cell(first + 2, 4).value == 12.5
    assert sheet.cell(first + 2, 7).value == pytest.approx(1249.88)
    totals = {
        label: sheet.cell(cells[label].row, 7)
        for label in (
            "Итого:",
            "В том числе НДС (22 %):",
            "В том числе НДС (10 %):",
            "Всего к оплате:",
        )
    }
    assert {label: cell.value for label, cell in totals.items()} == pytest.approx(
        {
            "Итого:": 4620.23,
            "В том числе НДС (22 %):": 540.98,
            "В том числе НДС (10 %):": 33.67,
            "Всего к оплате:": 4620.23,
        }
    )
    assert all(cell.font.bold for cell in totals.values())
    assert f"Всего наименований 3, на сумму {TOTAL.replace(' ', chr(160))} руб." in cells
    assert cells[WORDS].font.bold
    assert "Смирнов А. В." in cells
    assert "Кузнецова О. П." in cells
    assert len(sheet._images) == 1


def test_an_order_not_to_be_paid_gets_no_invoice(world, client):
    order = invoiced_order(world, status=OrderStatus.CANCELLED)
    client.force_login(world.a_admin)
    for url in (_page(order.pk), _file(order.pk, "pdf")):
        response = client.get(url)
        assert response.status_code == 409
        assert "выставляется на заказ с товарами, переданный компании" in text(response)
    page = client.get(reverse("orders:order", args=[order.pk])).content.decode()
    assert _page(order.pk) not in page


def test_without_the_company_requisites_the_invoice_says_what_is_missing(world, client):
    order = invoiced_order(world)
    CompanyRequisites.objects.all().delete()
    client.force_login(world.a_admin)
    for url in (_page(order.pk), _file(order.pk, "xlsx")):
        response = client.get(url)
        assert response.status_code == 409
        assert "реквизиты компании-продавца не заполнены" in response.content.decode()


def test_the_clients_manager_sees_it_and_others_get_404(world, client):
    order = invoiced_order(world)
    client.force_login(world.manager_a)
    assert client.get(_page(order.pk)).status_code == 200
    for intruder in (world.manager_b, world.b_admin):
        client.force_login(intruder)
        for url in (_page(order.pk), _file(order.pk, "pdf"), _file(order.pk, "xlsx")):
            assert client.get(url).status_code == 404


def test_a_visitor_is_sent_to_log_in(world, client):
    order = invoiced_order(world)
    response = client.get(_page(order.pk))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_page_costs_the_same_queries_for_any_number_of_lines(
    world, client, django_assert_num_queries
):
    small = invoiced_order(world)
    big = invoiced_order(world, lines=[("10.00", "1", "22")] * 40, number="ОК-000124")
    client.force_login(world.a_admin)
    client.get(_page(small.pk))
    with CaptureQueriesContext(connection) as few:
        client.get(_page(small.pk))
    with django_assert_num_queries(len(few)):
        client.get(_page(big.pk))


def test_lines_the_manager_removed_are_not_invoiced(world, client):
    order = invoiced_order(world)
    removed = order.lines.get(position=2)
    removed.change, removed.ordered_quantity, removed.quantity = "removed", removed.quantity, 0
    removed.save(update_fields=["change", "ordered_quantity", "quantity"])
    client.force_login(world.a_admin)
    page = text(client.get(_page(order.pk)))
    assert removed.name not in page
    assert "В том числе НДС (10 %)" not in page
    # 3000.00 + 1249.88, numbered 1 and 2.
    assert "Всего наименований 2, на сумму 4 249,88 руб." in page
    assert '<td class="inv-center">2</td>' in page
    assert '<td class="inv-center">3</td>' not in page


def test_an_order_placed_at_checkout_is_invoiced_for_what_it_costs(client):
    """Prices of the store's contract: the wholesale price less 10 %, VAT included; the
    invoice counts VAT again line by line and comes to the order's own totals."""
    CompanyRequisitesFactory()
    store = build_store()
    cable = store.product(price="333.33", vat_rate="22")
    book = store.product(price="41.10", vat_rate="10")
    bread = store.product(price="17.77", vat_rate="none")
    order = store.order((cable, "7"), (book, "3"), (bread, "5"))
    client.force_login(store.buyer)
    page = text(client.get(_page(order.pk)))
    vat_22 = order.lines.get(product=cable).vat_amount
    vat_10 = order.lines.get(product=book).vat_amount
    assert vat_22 + vat_10 == order.vat_amount
    _in_order(
        page,
        [
            "Итого:",
            _money(order.total),
            "В том числе НДС (22 %):",
            _money(vat_22),
            "В том числе НДС (10 %):",
            _money(vat_10),
            "Всего к оплате:",
            _money(order.total),
        ],
    )


def test_the_delivery_charge_is_invoiced_as_a_service(client, settings):
    settings.OKNO_DELIVERY_PRICE = Decimal("500")
    CompanyRequisitesFactory()
    store = build_store()
    cable = store.product(price="100.00", vat_rate="22")
    order = store.order((cable, "3"))
    client.force_login(store.buyer)
    page = text(client.get(_page(order.pk)))
    assert order.total == 770
    _in_order(page, ["Доставка", "усл.", _money(order.delivery_total), "Всего к оплате:"])
    _in_order(page, ["Всего к оплате:", _money(order.total)])
    assert "В том числе НДС (22 %):" in page
    assert _money(order.vat_amount) in page
