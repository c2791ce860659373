"""Amounts and dates in words, as Russian documents print them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from num2words import num2words

from okno.core.money import to_money

_MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)


def amount_in_words(amount: Decimal) -> str:
    """`1234.50` → «Одна тысяча двести тридцать четыре рубля 50 копеек»: roubles in words,
    kopecks in digits, capitalised, as 1C prints it under an invoice.

    num2words' Russian currency defaults to euros, so roubles are asked for by name; its
    comma between roubles and kopecks is left out, as 1C does.
    """
    words = num2words(
        to_money(amount), lang="ru", to="currency", currency="RUB", cents=False, separator=""
    )
    return words[:1].upper() + words[1:]


def date_in_words(day: dt.date) -> str:
    """`2026-12-05` → «5 декабря 2026 г.»."""
    return f"{day.day} {_MONTHS_GENITIVE[day.month - 1]} {day.year} г."
