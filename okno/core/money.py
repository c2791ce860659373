"""Money and quantities: Decimal everywhere, kopecks for money, 3 places for quantities."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

KOPECK = Decimal("0.01")
QUANTITY_STEP = Decimal("0.001")
NBSP = "\u00a0"


def to_money(value) -> Decimal:
    """Round to kopecks the way 1C does (half up)."""
    return Decimal(value).quantize(KOPECK, rounding=ROUND_HALF_UP)


def format_money(value, currency: str = "₽") -> str:
    """`1234.5` → `1 234,50 ₽` (non-breaking spaces, so a sum never wraps)."""
    if value is None or value == "":
        return ""
    try:
        amount = to_money(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    sign = "−" if amount < 0 else ""
    whole, fraction = f"{abs(amount):.2f}".split(".")
    text = f"{sign}{_group_thousands(whole)},{fraction}"
    return f"{text}{NBSP}{currency}" if currency else text


def format_quantity(value) -> str:
    """`12.500` → `12,5`, `45200` → `45 200`; whole numbers without a fraction."""
    if value is None:
        return ""
    amount = Decimal(value).quantize(QUANTITY_STEP)
    text = format(amount.normalize(), "f")
    sign, text = ("−", text[1:]) if text.startswith("-") else ("", text)
    whole, _, fraction = text.partition(".")
    return sign + _group_thousands(whole) + (f",{fraction}" if fraction else "")


def _group_thousands(digits: str) -> str:
    groups: list[str] = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return NBSP.join(groups) or "0"
