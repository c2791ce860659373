"""Amounts in words (roubles in words, kopecks in digits, capitalised) and dates in words."""

import datetime as dt
from decimal import Decimal

import pytest

from okno.finance.invoice.words import amount_in_words, date_in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("1", "Один рубль 00 копеек"),
        ("21", "Двадцать один рубль 00 копеек"),
        ("2.01", "Два рубля 01 копейка"),
        ("11.50", "Одиннадцать рублей 50 копеек"),
        ("0.50", "Ноль рублей 50 копеек"),
        ("1234.56", "Одна тысяча двести тридцать четыре рубля 56 копеек"),
        ("1000000", "Один миллион рублей 00 копеек"),
        ("7160.23", "Семь тысяч сто шестьдесят рублей 23 копейки"),
        # Rounded to kopecks half up first, as the sum is printed.
        ("99.995", "Сто рублей 00 копеек"),
    ],
)
def test_amount_in_words(amount, words):
    assert amount_in_words(Decimal(amount)) == words


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (dt.date(2026, 12, 5), "5 декабря 2026 г."),
        (dt.date(2026, 1, 1), "1 января 2026 г."),
        (dt.date(2027, 5, 31), "31 мая 2027 г."),
    ],
)
def test_date_in_words(day, words):
    assert date_in_words(day) == words
