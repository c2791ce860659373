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
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = f"{sign}{NBSP.join(groups)},{fraction}"
    return f"{text}{NBSP}{currency}" if currency else text


def format_quantity(value) -> str:
    """`12.500` → `12,5`; whole numbers without a fraction."""
    if value is None:
        return ""
    amount = Decimal(value).quantize(QUANTITY_STEP)
    text = format(amount.normalize(), "f")
    return text.replace(".", ",")
