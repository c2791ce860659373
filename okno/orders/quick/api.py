"""The quick order in /api/v1/: lines of `article;quantity[;unit]` in, a preview of each
line out — or, with `"apply": true`, the addable lines put in the cart and the rest sent
back to fix.

Send `text` (lines as pasted) or `rows` (one object per line); to pick a product for an
ambiguous article or accept a suggested rounding, send `rows` with `product_id` or
`round_up`. Every line sent comes back with its `line` number and `text`, whatever its
status, so nothing is lost.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from okno.core.errors import InvalidInput
from okno.core.schemas import Id, Text
from okno.orders.quick.parse import Paste, PastedLine, line_text, parse_text, read_cells
from okno.orders.quick.preview import PreviewLine, QuickPreview, quick_preview
from okno.orders.quick.services import quick_order_apply
from okno.orders.selectors.carts import cart_get

router = Router(tags=["quick order"])


class QuickRowIn(Schema):
    article: Text = Field("", max_length=200, description="Our article, a barcode or yours.")
    quantity: Text = Field("", max_length=50, description="«10», «1 000,5», «10шт».")
    unit: Text = Field("", max_length=20, description="A unit's short name; empty — base.")
    product_id: Id | None = Field(None, description="The product picked for an ambiguous line.")
    round_up: bool = Field(False, description="Take the suggested quantity of a line off rules.")


class QuickOrderIn(Schema):
    text: Text | None = Field(None, description="Lines «article;quantity[;unit]».")
    rows: list[QuickRowIn] | None = None
    apply: bool = Field(False, description="Put the addable lines in the cart.")


class CandidateOut(Schema):
    product_id: int
    article: str
    name: str
    matched_by: str = Field(description="article, barcode or own_article.")


class QuickLineOut(Schema):
    line: int
    text: str = Field(description="The line as sent.")
    status: str = Field(
        description="found, short, rounding, ambiguous, unknown, bad_quantity, bad_unit, "
        "invalid or header."
    )
    addable: bool
    messages: list[str]
    article: str
    quantity: str
    unit: str
    product_id: int | None
    product_article: str | None
    product_name: str | None
    candidates: list[CandidateOut]
    order_quantity: Decimal | None = Field(description="What goes to the cart, in order_unit.")
    order_unit: str | None
    suggested_quantity: Decimal | None = Field(description="The rounding that meets the rules.")
    suggested_unit: str | None
    price: Decimal | None = Field(description="Your price per order_unit.")
    total: Decimal | None
    stock: Decimal | None = Field(description="Free stock at your warehouse, base units.")
    stock_total: Decimal | None


class QuickOrderOut(Schema):
    cart_id: int
    applied: bool
    lines: list[QuickLineOut]
    counts: dict[str, int]
    empty_lines: int
    added: list[int] = Field(description="Line numbers put in the cart.")
    remaining_text: str = Field(description="The lines left out, to fix and send again.")


@router.post("/carts/{cart_id}/quick-order", response=QuickOrderOut, url_name="carts_quick_order")
def quick_order(request, cart_id: Id, payload: QuickOrderIn):
    """Preview pasted lines against the catalog for this cart, or add the good ones."""
    cart = cart_get(actor=request.actor, cart_id=cart_id)
    paste = _paste(payload)
    if payload.apply:
        result = quick_order_apply(actor=request.actor, cart=cart, paste=paste)
        return _out(result.preview, applied=True, added=[line.line for line in result.added])
    preview = quick_preview(actor=request.actor, cart=cart, paste=paste)
    return _out(preview, applied=False, added=[])


def _paste(payload: QuickOrderIn) -> Paste:
    if (payload.text is None) == (payload.rows is None):
        raise InvalidInput(_("Передайте либо text, либо rows."), field="text")
    if payload.text is not None:
        return parse_text(payload.text)
    lines: list[PastedLine] = []
    for number, row in enumerate(payload.rows or [], start=1):
        cells = [row.article.strip(), row.quantity.strip(), row.unit.strip()]
        line = read_cells(number, ";".join(cells), cells)
        lines.append(
            PastedLine(
                line=line.line,
                raw=line_text(line),
                article=line.article,
                quantity=line.quantity,
                unit=line.unit,
                product_id=row.product_id,
                round_up=row.round_up,
            )
        )
    return Paste(lines=lines)


def _out(preview: QuickPreview, *, applied: bool, added: list[int]) -> dict:
    remaining = "\n".join(line_text(line.pasted) for line in preview.to_fix)
    return {
        "cart_id": preview.cart.pk,
        "applied": applied,
        "lines": [_line_out(line) for line in preview.lines],
        "counts": preview.counts,
        "empty_lines": preview.empty_lines,
        "added": added,
        "remaining_text": remaining if applied else "",
    }


def _line_out(line: PreviewLine) -> dict:
    product, pasted, advice = line.product, line.pasted, line.advice
    order_unit = line.order_unit
    return {
        "line": line.line,
        "text": pasted.raw,
        "status": line.status,
        "addable": line.addable,
        "messages": line.messages,
        "article": pasted.article,
        "quantity": pasted.quantity,
        "unit": pasted.unit,
        "product_id": product.pk if product else None,
        "product_article": product.article if product else None,
        "product_name": product.name if product else None,
        "candidates": [
            {
                "product_id": candidate.product.pk,
                "article": candidate.product.article,
                "name": candidate.product.name,
                "matched_by": candidate.matched_by,
            }
            for candidate in line.candidates
            if len(line.candidates) > 1
        ],
        "order_quantity": line.order_quantity if order_unit else None,
        "order_unit": order_unit.name if order_unit else None,
        "suggested_quantity": advice.suggested if advice else None,
        "suggested_unit": advice.unit.name if advice else None,
        "price": line.price.unit_price if line.price and line.price.has_price else None,
        "total": line.price.total if line.price and line.price.has_price else None,
        "stock": line.stock_here if line.price else None,
        "stock_total": line.stock_total if line.price else None,
    }
