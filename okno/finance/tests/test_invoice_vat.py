"""VAT of an invoice, line by line as 1C counts it, against sums worked out by hand."""

from decimal import Decimal

import pytest

from okno.finance.invoice.vat import VatTotal, invoice_line_vat, invoice_totals

D = Decimal


@pytest.mark.parametrize(
    ("amount", "rate", "included", "vat"),
    [
        # 100 × 22 / 122 = 18.0327…
        ("100.00", "22", True, "18.03"),
        # 1234.50 × 22 / 122 = 222.6147…
        ("1234.50", "22", True, "222.61"),
        # 0.05 × 22 / 122 = 0.00901…: a kopeck, not nothing
        ("0.05", "22", True, "0.01"),
        # 0.75 × 22 / 100 = 0.165 exactly: half up to 0.17 (banker's rounding would say 0.16)
        ("0.75", "22", False, "0.17"),
        ("100.00", "22", False, "22.00"),
        # 123.45 × 10 / 110 = 11.2227…
        ("123.45", "10", True, "11.22"),
        # 0.25 × 10 / 100 = 0.025: half up to 0.03
        ("0.25", "10", False, "0.03"),
        ("500.00", "0", True, "0.00"),
        ("500.00", "none", True, "0.00"),
    ],
)
def test_line_vat_is_rounded_half_up_to_kopecks(amount, rate, included, vat):
    assert invoice_line_vat(D(amount), rate, included=included) == D(vat)


def test_document_vat_is_the_sum_of_the_lines_not_of_the_total():
    """Three lines of 10.00 at 22 % carry 1.80 each (10 × 22/122 = 1.8033…): 5.40 in all,
    where 30.00 × 22/122 = 5.4098… would round to 5.41."""
    totals = invoice_totals([(D("10.00"), "22")] * 3, vat_included=True)
    assert totals.vat == (VatTotal(rate="22", amount=D("5.40")),)
    assert totals.amount == totals.due == D("30.00")


def test_mixed_rates_have_a_row_each_in_the_order_1c_prints_them():
    """22 %: 100 → 18.03 and 2500 → 450.82 (2500 × 22/122 = 450.8196…); 10 %: 110 → 10.00;
    a line without VAT adds to the sum only."""
    lines = [
        (D("110.00"), "10"),
        (D("100.00"), "22"),
        (D("50.00"), "none"),
        (D("2500.00"), "22"),
        (D("40.00"), "0"),
    ]
    totals = invoice_totals(lines, vat_included=True)
    assert totals.vat == (
        VatTotal(rate="22", amount=D("468.85")),
        VatTotal(rate="10", amount=D("10.00")),
        VatTotal(rate="0", amount=D("0.00")),
    )
    assert totals.vat_amount == D("478.85")
    assert totals.amount == totals.due == D("2800.00")
    assert not totals.without_vat


def test_vat_on_top_of_prices_is_added_to_the_payment():
    """100.00 + 22.00 and 0.75 + 0.17 at 22 %, 0.25 + 0.03 at 10 %."""
    lines = [(D("100.00"), "22"), (D("0.75"), "22"), (D("0.25"), "10")]
    totals = invoice_totals(lines, vat_included=False)
    assert totals.vat == (
        VatTotal(rate="22", amount=D("22.17")),
        VatTotal(rate="10", amount=D("0.03")),
    )
    assert totals.amount == D("101.00")
    assert totals.due == D("101.00") + D("22.20")


def test_a_document_without_vat_says_so():
    totals = invoice_totals([(D("99.99"), "none"), (D("0.01"), "none")], vat_included=True)
    assert totals.without_vat
    assert totals.vat == ()
    assert totals.vat_amount == D("0.00")
    assert totals.due == D("100.00")
