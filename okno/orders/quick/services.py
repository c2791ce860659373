"""Adding a quick order to a cart: the lines the preview finds good go in, in one call, and
the rest come back so the person can fix them — nothing pasted is lost.

Which lines are added: found lines, and lines short of stock (a warning: the manager may
ship later or from another warehouse). A line below the minimum or off the multiplicity
goes in only when the person accepted the suggested quantity, then with that quantity;
declined, it stays with the lines to fix. Unknown, ambiguous (until a product is picked),
and lines with a bad quantity or unit stay too. Header rows are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from okno.core.actor import Actor
from okno.orders.models import Cart, CartLine
from okno.orders.quick.parse import Paste, line_text
from okno.orders.quick.preview import PreviewLine, QuickPreview, quick_preview
from okno.orders.services.carts import CartItem, cart_lines_add


@dataclass(frozen=True)
class QuickOrderResult:
    """What a quick order did: the lines added (with the cart lines they went to), and
    the preview, whose `to_fix` lines were left out."""

    preview: QuickPreview
    added: list[PreviewLine]
    cart_lines: list[CartLine]

    @property
    def remaining(self) -> list[PreviewLine]:
        return self.preview.to_fix

    @property
    def remaining_text(self) -> str:
        """The lines left out, one per line as the person would paste them again."""
        return "\n".join(line_text(line.pasted) for line in self.remaining)


def quick_order_apply(*, actor: Actor, cart: Cart, paste: Paste) -> QuickOrderResult:
    """Preview the lines afresh (stock and prices as of now) and put the addable ones in
    the cart in one `cart_lines_add`. Precondition: `cart` was read through `cart_get`."""
    preview = quick_preview(actor=actor, cart=cart, paste=paste)
    added = preview.addable
    items = [_item(line) for line in added]
    cart_lines = cart_lines_add(actor=actor, cart=cart, items=items) if items else []
    return QuickOrderResult(preview=preview, added=added, cart_lines=cart_lines)


def _item(line: PreviewLine) -> CartItem:
    assert line.product is not None
    assert line.order_unit is not None
    assert line.order_quantity is not None
    return CartItem(
        product_id=line.product.pk, quantity=line.order_quantity, unit=line.order_unit.unit_id
    )
