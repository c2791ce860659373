"""A client's accountant opens «Финансы», downloads the reconciliation act of the current
quarter as PDF, then opens an order and downloads its invoice; both files are real PDFs
whose pages read as the documents they are."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from okno.accounts.tests.factories import PASSWORD, UserFactory
from okno.clients.tests.factories import (
    ClientFactory,
    ContractFactory,
    LegalEntityFactory,
    MembershipFactory,
)
from okno.core.roles import ClientRole
from okno.core.testing.pdf import pdf_pages, pdf_text
from okno.finance.models import DocumentKind
from okno.finance.reconciliation.act import quarter_start
from okno.finance.tests.factories import document_post
from okno.finance.tests.invoice_factories import CompanyRequisitesFactory, order_with_rates

pytestmark = pytest.mark.django_db(transaction=True)
D = Decimal


@pytest.fixture
def accountant_world():
    """Client «ТехноСнаб» with one contract: 5 000,00 ₽ owed before this quarter, a shipment
    of 12 345,67 ₽ and a payment of 2 000,00 ₽ today, and an order to pay for."""
    CompanyRequisitesFactory()
    client = ClientFactory(name="ТехноСнаб")
    entity = LegalEntityFactory(client=client, name="ООО «ТехноСнаб»")
    contract = ContractFactory(legal_entity=entity, number="ТС-2026/014")
    user = UserFactory(email="buh@tehnosnab.ru", full_name="Орлова Марина Игоревна")
    MembershipFactory(user=user, client=client, role=ClientRole.ACCOUNTANT, legal_entities=[entity])
    today = timezone.localdate()
    document_post(
        contract, DocumentKind.OPENING, "5000.00", date=quarter_start(today) - dt.timedelta(days=1)
    )
    document_post(contract, DocumentKind.SHIPMENT, "12345.67", date=today, number="УТ-501")
    document_post(contract, DocumentKind.PAYMENT, "2000.00", date=today, number="ПП-88")
    order = order_with_rates(
        [("1500.00", "2", "22"), ("123.45", "3", "10")],
        legal_entity=entity,
        contract=contract,
        number="ОК-000777",
        submitted_at=timezone.now(),
    )
    return {"order": order, "today": today}


def _pdf(download) -> bytes:
    data = download.path().read_bytes()
    assert data.startswith(b"%PDF-"), data[:20]
    assert pdf_pages(data) > 0
    return data


def test_the_accountant_downloads_the_act_and_an_invoice_as_pdfs(
    page, live_server, login, screenshot, accountant_world
):
    login("buh@tehnosnab.ru", PASSWORD)
    expect(page).not_to_have_url(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Финансы").click()
    page.wait_for_load_state()
    expect(page.locator("#reconciliation")).to_have_text("Акт сверки")
    form = page.locator("form[data-form=reconciliation]")
    today = accountant_world["today"]
    expect(form.locator("input[name=date_from]")).to_have_value(quarter_start(today).isoformat())
    expect(form.locator("input[name=date_to]")).to_have_value(today.isoformat())
    form.locator("select[name=format]").select_option("pdf")
    screenshot("1-finance")

    with page.expect_download() as act_download:
        form.get_by_role("button", name="Сформировать акт сверки").click()
    act = act_download.value
    period = f"{quarter_start(today):%d.%m.%Y}-{today:%d.%m.%Y}"
    assert act.suggested_filename == f"Акт_сверки_{period}.pdf"
    text = pdf_text(_pdf(act))
    assert "Акт сверки" in text
    assert "Сальдо начальное 5 000,00" in text
    assert "Обороты за период 12 345,67 2 000,00" in text
    assert "Сальдо конечное 15 345,67" in text

    order = accountant_world["order"]
    page.goto(f"{live_server.url}/orders/")
    page.get_by_role("link", name="ОК-000777").first.click()
    page.wait_for_load_state()
    invoice_link = page.get_by_role("link", name="Счёт на оплату в PDF")
    expect(invoice_link).to_be_visible()
    screenshot("2-order")
    with page.expect_download() as invoice_download:
        invoice_link.click()
    invoice = invoice_download.value
    assert invoice.suggested_filename == "Счет_на_оплату_ОК-000777.pdf"
    text = pdf_text(_pdf(invoice))
    placed = timezone.localtime(order.submitted_at).date()
    assert f"Счет на оплату № ОК-000777 от {placed.day} " in text
    assert "Всего к оплате: 3 370,35" in text
    assert "Три тысячи триста семьдесят рублей 35 копеек" in text
    screenshot("3-after-downloads")
