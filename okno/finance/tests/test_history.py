"""The balance chart: a step line from the balance before the period through each day's
movements, the same whether the page hands it the closing balance or it sums the past."""

import datetime as dt
from decimal import Decimal

import pytest

from okno.clients.tests.factories import ContractFactory
from okno.core.money import format_money
from okno.finance.models import DocumentKind
from okno.finance.selectors.history import balance_chart
from okno.finance.tests.factories import document_post

pytestmark = pytest.mark.django_db
START, END = dt.date(2026, 7, 1), dt.date(2026, 9, 30)


def test_the_chart_steps_from_the_opening_through_each_days_moves():
    contract = ContractFactory()
    document_post(contract, DocumentKind.SHIPMENT, "5000", date=dt.date(2026, 6, 1))
    document_post(contract, DocumentKind.SHIPMENT, "2000", date=dt.date(2026, 7, 10))
    document_post(contract, DocumentKind.PAYMENT, "8000", date=dt.date(2026, 8, 1))
    document_post(contract, DocumentKind.SHIPMENT, "999", date=dt.date(2026, 10, 5))
    chart = balance_chart(contract_ids=[contract.pk], start=START, end=END)
    assert chart.highest == format_money(7000)
    assert chart.lowest == format_money(-1000)
    assert chart.last == format_money(-1000)
    # the opening, two corners for each of the two days that moved it, the end
    assert len(chart.points.split()) == 1 + 2 * 2 + 1
    given = balance_chart(
        contract_ids=[contract.pk], start=START, end=END, closing=Decimal("-1000.00")
    )
    assert given == chart
