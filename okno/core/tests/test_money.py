from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okno.core.money import format_money, format_quantity, to_money

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1234.56"), f"1{NBSP}234,56{NBSP}₽"),
        (0, f"0,00{NBSP}₽"),
        (Decimal("1000000.05"), f"1{NBSP}000{NBSP}000,05{NBSP}₽"),
        (Decimal("-41000"), f"−41{NBSP}000,00{NBSP}₽"),
        (Decimal("0.005"), f"0,01{NBSP}₽"),
    ],
)
def test_format_money(value, text):
    assert format_money(value) == text


def test_format_money_tolerates_empty_and_garbage():
    assert format_money(None) == ""
    assert format_money("abc") == "abc"


def test_rounding_is_half_up_like_1c():
    assert to_money("2.345") == Decimal("2.35")
    assert to_money("-2.345") == Decimal("-2.35")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("12.500", "12,5"),
        ("3", "3"),
        ("0.001", "0,001"),
        ("0", "0"),
        ("45200", "45\u00a0200"),
        ("1234567.25", "1\u00a0234\u00a0567,25"),
        ("-1500", "−1\u00a0500"),
    ],
)
def test_format_quantity(value, text):
    assert format_quantity(Decimal(value)) == text


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2))
def test_formatted_money_reads_back_to_the_same_amount(amount):
    text = format_money(amount, currency="")
    back = Decimal(text.replace(NBSP, "").replace(",", ".").replace("−", "-"))
    assert back == amount
