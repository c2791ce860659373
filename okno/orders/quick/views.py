"""The quick order page: paste lines or upload a file, see the preview, fix lines, add the
good ones to the cart.

One address serves it all: GET shows the form (with lines left from the last time, if
any, already previewed); POST `action=preview` reads the paste form, `action=recalc`
re-reads the preview form with the person's fixes (an HTMX request gets the preview
alone), `action=apply` adds the addable lines and redirects — to the cart when nothing is
left, else back here with the lines left to fix. The page works on the person's active
cart, or on `?cart=<id>` — one of the carts they may use.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from okno.core.errors import DomainError, InvalidInput, NotAllowed
from okno.core.schemas import MAX_ID
from okno.orders.models import Cart
from okno.orders.quick.forms import paste_from_form, paste_from_preview, positive_number
from okno.orders.quick.parse import line_text
from okno.orders.quick.preview import QuickPreview, quick_order_preview, quick_preview
from okno.orders.quick.services import quick_order_apply
from okno.orders.selectors.carts import cart_get
from okno.orders.services.carts import cart_active, require_ordering

PENDING = "quick_order_pending"


# Where the person goes once every line is in the cart; the quick order page itself until
# the cart page exists.
@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def quick_order(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    try:
        require_ordering(actor)
    except NotAllowed as refused:
        raise PermissionDenied(refused.message) from refused
    cart = _cart(request)
    if request.method == "GET":
        text = request.session.pop(PENDING, "")
        preview = quick_order_preview(actor=actor, cart=cart, text=text) if text else None
        return _page(request, cart, text=text, preview=preview)
    action = request.POST.get("action", "preview")
    if action == "apply":
        return _apply(request, cart)
    try:
        if action == "recalc":
            paste = paste_from_preview(request.POST)
        else:
            paste = paste_from_form(request.POST, request.FILES)
        preview = quick_preview(actor=actor, cart=cart, paste=paste)
    except InvalidInput as wrong:
        return _page(request, cart, text=request.POST.get("text", ""), error=wrong, status=422)
    if action == "recalc" and request.htmx:  # type: ignore[attr-defined]
        return render(request, "orders/quick/_preview.html", {"preview": preview, "cart": cart})
    text = request.POST.get("text", "") if "file" not in request.FILES else _text_of(preview)
    return _page(request, cart, text=text, preview=preview)


def _apply(request: HttpRequest, cart: Cart) -> HttpResponse:
    paste = paste_from_preview(request.POST)
    try:
        result = quick_order_apply(
            actor=request.actor,  # type: ignore[attr-defined]
            cart=cart,
            paste=paste,
        )
    except DomainError as refused:
        # Stock or the catalog changed under the preview: keep every line for another try.
        request.session[PENDING] = "\n".join(line_text(line) for line in paste.lines)
        messages.error(request, refused.message)
        return redirect(request.get_full_path())
    if result.added:
        messages.success(
            request, _("Добавлено в корзину строк: %(count)s.") % {"count": len(result.added)}
        )
    if result.remaining:
        request.session[PENDING] = result.remaining_text
        messages.warning(
            request,
            _("Не добавлены строки, которые нужно исправить: %(count)s.")
            % {"count": len(result.remaining)},
        )
        return redirect(request.get_full_path())
    return redirect("orders:cart_detail", pk=cart.pk)


def _cart(request: HttpRequest) -> Cart:
    actor = request.actor  # type: ignore[attr-defined]
    if "cart" in request.GET:
        cart_id = positive_number(request.GET["cart"], MAX_ID)
        if cart_id is None:
            raise Http404
        return cart_get(actor=actor, cart_id=cart_id)
    return cart_active(actor=actor)


def _page(
    request: HttpRequest,
    cart: Cart,
    *,
    text: str,
    preview: QuickPreview | None = None,
    error: InvalidInput | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {"cart": cart, "text": text, "preview": preview, "error": error}
    return render(request, "orders/quick/page.html", context, status=status)


def _text_of(preview: QuickPreview) -> str:
    """An uploaded file's lines as text, so the person can edit them in the text box."""
    return "\n".join(line_text(line.pasted) for line in preview.lines)
