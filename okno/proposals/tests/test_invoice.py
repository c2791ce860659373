"""The invoice for payment of a commercial proposal: the proposal's number, the day it was
sent, the contract as the basis, its lines, VAT per rate and the totals — read back from
the PDF as a reader sees it."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from okno.core.testing.pdf import pdf_pages, pdf_text
from okno.finance.tests.invoice_factories import CompanyRequisitesFactory
from okno.proposals.models import Proposal
from okno.proposals.tests.factories import proposal_made

pytestmark = pytest.mark.django_db

# 1500 × 2 = 3000.00 (22 %: 3000 × 22/122 = 540.9836… → 540.98); 123.45 × 3 = 370.35
# (10 %: 370.35 × 10/110 = 33.668… → 33.67).
LINES = (("1500.00", "2", "22"), ("123.45", "3", "10"))


def _sent_on_5_december(world) -> Proposal:
    CompanyRequisitesFactory()
    proposal = proposal_made(world, LINES)
    sent = timezone.make_aware(dt.datetime(2026, 12, 5, 10, 0))
    Proposal.objects.filter(pk=proposal.pk).update(sent_at=sent)
    return proposal


def _in_order(text: str, lines: list[str]) -> None:
    """Each of `lines` is a whole line of `text`, in this order."""
    printed = text.splitlines()
    position = 0
    for line in lines:
        assert line in printed[position:], f"«{line}» missing or out of order in:\n{text}"
        position = printed.index(line, position) + 1


def test_the_pdf_prints_the_proposal_with_its_totals_and_vat(world, client):
    proposal = _sent_on_5_december(world)
    first, second = proposal.lines.order_by("position")
    client.force_login(world.a_buyer)
    response = client.get(reverse("finance:proposal_invoice_file", args=[proposal.pk, "pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = response.content
    assert pdf_pages(data) == 1
    text = pdf_text(data)
    _in_order(
        text,
        [
            f"Счет на оплату № {proposal.number} от 5 декабря 2026 г.",
            f"1 {first.article} {first.name} 2 шт 1 500,00 3 000,00",
            f"2 {second.article} {second.name} 3 шт 123,45 370,35",
            "Итого: 3 370,35",
            "В том числе НДС (22 %): 540,98",
            "В том числе НДС (10 %): 33,67",
            "Всего к оплате: 3 370,35",
            "Всего наименований 2, на сумму 3 370,35 руб.",
            "Три тысячи триста семьдесят рублей 35 копеек",
        ],
    )
    assert f"Договор {world.contract_a1}" in text


def test_the_page_and_the_xlsx_for_the_manager(world, client):
    proposal = _sent_on_5_december(world)
    client.force_login(world.manager_a)
    page = client.get(reverse("finance:proposal_invoice", args=[proposal.pk]))
    assert page.status_code == 200
    assert reverse("finance:proposal_invoice_file", args=[proposal.pk, "xlsx"]) in (
        page.content.decode()
    )
    response = client.get(reverse("finance:proposal_invoice_file", args=[proposal.pk, "xlsx"]))
    sheet = load_workbook(BytesIO(response.content)).active
    cells = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value]
    assert any(proposal.number in cell for cell in cells)


def test_the_proposal_page_links_its_invoice_once_sent(world, client):
    CompanyRequisitesFactory()
    draft = proposal_made(world, send=False)
    sent = proposal_made(world)
    client.force_login(world.manager_a)
    link = reverse("finance:proposal_invoice", args=[sent.pk])
    assert link in client.get(reverse("proposals:proposal", args=[sent.pk])).content.decode()
    draft_page = client.get(reverse("proposals:proposal", args=[draft.pk])).content.decode()
    assert reverse("finance:proposal_invoice", args=[draft.pk]) not in draft_page
    refused = client.get(reverse("finance:proposal_invoice", args=[draft.pk]))
    assert refused.status_code == 409
    assert "коммерческому предложению" in refused.content.decode()
