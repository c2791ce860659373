"""`GET /api/v1/orders/{id}/invoice?format=pdf|xlsx`: the file, its name, the refusals and
the operation in the OpenAPI schema."""

import io

import pytest
from openpyxl import load_workbook

from okno.finance.tests.invoice_helpers import attachment, invoiced_order, pdf_page_count
from okno.orders.models import OrderStatus

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _url(pk):
    return f"/api/v1/orders/{pk}/invoice"


def test_pdf_by_default(world, client):
    order = invoiced_order(world)
    client.force_login(world.a_buyer)
    response = client.get(_url(order.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == attachment("Счет_на_оплату_ОК-000123.pdf")
    assert pdf_page_count(response.content) == 1


def test_xlsx_when_asked(world, client):
    order = invoiced_order(world)
    client.force_login(world.a_buyer)
    response = client.get(_url(order.pk), {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == attachment("Счет_на_оплату_ОК-000123.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = {cell.value for row in sheet.iter_rows() for cell in row}
    assert "Счет на оплату № ОК-000123 от 5 декабря 2026 г." in values


def test_an_unknown_format_is_422(world, client):
    order = invoiced_order(world)
    client.force_login(world.a_buyer)
    response = client.get(_url(order.pk), {"format": "docx"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "format"


def test_another_clients_order_is_404(world, client):
    order = invoiced_order(world)
    client.force_login(world.b_admin)
    assert client.get(_url(order.pk)).status_code == 404
    assert client.get(_url(order.pk), {"format": "xlsx"}).status_code == 404


def test_an_order_not_to_be_paid_is_409_with_the_reason(world, client):
    order = invoiced_order(world, status=OrderStatus.DRAFT)
    client.force_login(world.a_admin)
    response = client.get(_url(order.pk))
    assert response.status_code == 409
    assert response.json()["detail"][0]["type"] == "order_not_invoiced"


def test_without_login_it_is_401(world, client):
    order = invoiced_order(world)
    assert client.get(_url(order.pk)).status_code == 401


def test_the_operation_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/orders/{order_id}/invoice"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert set(parameters) == {"order_id", "format"}
    assert parameters["format"]["schema"]["enum"] == ["pdf", "xlsx"]
    assert parameters["format"]["schema"]["default"] == "pdf"
    assert operation["tags"] == ["finance"]
    content = operation["responses"]["200"]["content"]
    assert set(content) == {"application/pdf", XLSX}
