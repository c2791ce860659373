"""Every write of the dealer's section: its customers and the retail documents made for
them. Only a dealer's admin or buyer writes here (`rules.check_dealer_person`); the
objects passed in were read through `visible_to(actor)`."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from okno.catalog.models import Product
from okno.catalog.pricing import PriceRequest, PriceTerms, price_lines, terms_for
from okno.clients.models import Client, Contract
from okno.clients.services.people.contacts import check_email
from okno.clients.services.people.rules import clean_text
from okno.core.actor import Actor
from okno.core.errors import InvalidInput, NotAllowed
from okno.core.phone import normalize_phone
from okno.dealers import retail
from okno.dealers.models import DealerCustomer, RetailDocument, RetailDocumentLine
from okno.dealers.rules import check_dealer_person
from okno.dealers.selectors import products_by_id

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_MARKUP = Decimal("999.99")
MAX_QUANTITY = Decimal("999999999")
MAX_LINES = 300
_PERCENT_STEP = Decimal("0.01")
_QUANTITY_STEP = Decimal("0.001")

# field → (max length, label in messages)
_CUSTOMER_TEXT: dict[str, tuple[int, StrOrPromise]] = {
    "name": (300, gettext_lazy("Имя или название")),
    "phone": (20, gettext_lazy("Телефон")),
    "email": (254, gettext_lazy("E-mail")),
    "address": (500, gettext_lazy("Адрес")),
    "comment": (2000, gettext_lazy("Комментарий")),
}
CUSTOMER_FIELDS = frozenset({*_CUSTOMER_TEXT, "default_markup", "is_active"})


# --- values ----------------------------------------------------------------------------------


def check_markup(raw: Any, *, field: str) -> Decimal:
    """A markup in percent: a number from 0 to 999.99 with at most two decimals."""
    value = _decimal(raw, field=field)
    if value < 0 or value > MAX_MARKUP or value != value.quantize(_PERCENT_STEP):
        raise InvalidInput(
            _("Наценка — число от 0 до 999,99 % с двумя знаками после запятой."), field=field
        )
    return value.quantize(_PERCENT_STEP)


def check_quantity(raw: Any, *, field: str) -> Decimal:
    """A quantity above zero with at most three decimals."""
    value = _decimal(raw, field=field)
    if value <= 0 or value > MAX_QUANTITY or value != value.quantize(_QUANTITY_STEP):
        raise InvalidInput(
            _("Количество — число больше нуля с тремя знаками после запятой."), field=field
        )
    return value.quantize(_QUANTITY_STEP)


def _decimal(raw: Any, *, field: str) -> Decimal:
    text = str(raw).strip().replace(",", ".").replace("\u00a0", "").replace(" ", "")
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError) as error:
        raise InvalidInput(_("Должно быть числом."), field=field) from error
    if not value.is_finite():
        raise InvalidInput(_("Должно быть числом."), field=field)
    return value


# --- customers -------------------------------------------------------------------------------


def _clean_customer(fields: Mapping[str, Any], *, partial: bool) -> dict[str, Any]:
    unknown = set(fields) - CUSTOMER_FIELDS
    if unknown:
        name = sorted(unknown)[0]
        raise InvalidInput(_("Неизвестное поле: %(name)s.") % {"name": name}, field=name)
    cleaned: dict[str, Any] = {}
    for name in set(fields) & set(_CUSTOMER_TEXT):
        max_length, label = _CUSTOMER_TEXT[name]
        cleaned[name] = clean_text(fields, name, max_length=max_length, label=label)
    if ("name" in cleaned or not partial) and not cleaned.get("name"):
        raise InvalidInput(_("Укажите имя или название."), field="name", code="required")
    if cleaned.get("phone"):
        cleaned["phone"] = normalize_phone(cleaned["phone"], field="phone")
    if "email" in cleaned:
        cleaned["email"] = check_email(cleaned["email"])
    if fields.get("default_markup") is not None:
        cleaned["default_markup"] = check_markup(fields["default_markup"], field="default_markup")
    if fields.get("is_active") is not None:
        cleaned["is_active"] = bool(fields["is_active"])
    return cleaned


def _check_own(actor: Actor, dealer_id: int) -> int:
    """The actor's dealer, which must be the one `dealer_id` names."""
    own_id = check_dealer_person(actor)
    if dealer_id != own_id:
        raise NotAllowed(_("Это клиент другого дилера."))
    return own_id


@transaction.atomic
def dealer_customer_create(*, actor: Actor, **fields: Any) -> DealerCustomer:
    """Add a retail customer of the actor's dealer. The name is required; the phone is
    normalised to +7, the e-mail checked; the default markup is 0 to 999.99 %."""
    dealer_id = check_dealer_person(actor)
    customer = DealerCustomer(dealer_id=dealer_id, **_clean_customer(fields, partial=False))
    customer.save()
    return customer


@transaction.atomic
def dealer_customer_update(
    *, actor: Actor, customer: DealerCustomer, **fields: Any
) -> DealerCustomer:
    """Change the given fields of a customer (`is_active` switches them back on or off)."""
    _check_own(actor, customer.dealer_id)
    cleaned = _clean_customer(fields, partial=True)
    changed = [name for name, value in cleaned.items() if getattr(customer, name) != value]
    for name in changed:
        setattr(customer, name, cleaned[name])
    if changed:
        customer.save(update_fields=[*changed, "updated_at"])
    return customer


@transaction.atomic
def dealer_customer_deactivate(*, actor: Actor, customer: DealerCustomer) -> DealerCustomer:
    """Hide a customer from the list and from new documents; their documents stay."""
    return dealer_customer_update(actor=actor, customer=customer, is_active=False)


# --- retail documents --------------------------------------------------------------------------


@dataclass(frozen=True)
class RetailLineInput:
    """A line as the dealer enters it; `markup_percent` None takes the document's."""

    product_id: int
    quantity: Any
    markup_percent: Any = None


@dataclass(frozen=True)
class _Line:
    product: Product
    quantity: Decimal
    markup_percent: Decimal | None


@transaction.atomic
def retail_document_create(
    *,
    actor: Actor,
    customer: DealerCustomer,
    kind: str,
    lines: Sequence[RetailLineInput],
    markup_percent: Any = None,
    date: datetime.date | None = None,
    comment: str = "",
) -> RetailDocument:
    """Make an offer or a sale slip for an active customer, issued by the actor's current
    legal entity, with the next number of the dealer. Every line is priced at the dealer's
    own price (their current contract's terms, all lines in one batch); the markup is the
    customer's default unless given."""
    dealer_id = _check_own(actor, customer.dealer_id)
    if not customer.is_active:
        raise InvalidInput(
            _("Покупатель отключён: включите его, чтобы оформить документ."), field="customer"
        )
    if actor.current_legal_entity_id is None:
        raise NotAllowed(_("Нет юрлица, от имени которого оформить документ."))
    # The dealer's row is the lock that keeps two documents from taking one number.
    Client.objects.select_for_update().filter(pk=dealer_id).first()
    document = RetailDocument(
        dealer_id=dealer_id,
        legal_entity_id=actor.current_legal_entity_id,
        customer=customer,
        kind=_check_kind(kind),
        number=_next_number(dealer_id),
        date=date or timezone.localdate(),
        markup_percent=customer.default_markup
        if markup_percent in (None, "")
        else check_markup(markup_percent, field="markup_percent"),
        comment=_clean_comment(comment),
        created_by=actor.user,
    )
    document.save()
    _write_lines(actor, document, _clean_lines(lines, new=True), kept_prices={})
    return document


@transaction.atomic
def retail_document_update(
    *,
    actor: Actor,
    document: RetailDocument,
    lines: Sequence[RetailLineInput],
    customer: DealerCustomer | None = None,
    kind: str | None = None,
    markup_percent: Any = None,
    date: datetime.date | None = None,
    comment: str | None = None,
    reprice: bool = False,
) -> RetailDocument:
    """Change a document and replace its lines. Products already on it keep the dealer's
    price they were priced at, so editing a comment never moves the retail prices; new
    products, and every line when `reprice`, are priced at today's terms."""
    _check_own(actor, document.dealer_id)
    document = RetailDocument.objects.select_for_update().get(pk=document.pk)
    if customer is not None and customer.pk != document.customer_id:
        _check_own(actor, customer.dealer_id)
        if not customer.is_active:
            raise InvalidInput(_("Покупатель отключён."), field="customer")
        document.customer = customer
    if kind is not None:
        document.kind = _check_kind(kind)
    if markup_percent not in (None, ""):
        document.markup_percent = check_markup(markup_percent, field="markup_percent")
    if date is not None:
        document.date = date
    if comment is not None:
        document.comment = _clean_comment(comment)
    kept = {} if reprice else _kept_prices(document)
    cleaned = _clean_lines(lines, new=False, kept=set(kept))
    document.lines.all().delete()
    _write_lines(actor, document, cleaned, kept_prices=kept)
    return document


def _check_kind(kind: str) -> str:
    if kind not in RetailDocument.Kind.values:
        raise InvalidInput(_("Выберите вид документа."), field="kind")
    return kind


def _clean_comment(comment: str) -> str:
    return clean_text({"comment": comment}, "comment", max_length=2000, label=_("Комментарий"))


def _next_number(dealer_id: int) -> int:
    """The dealer's next document number; call while holding the dealer's row lock."""
    last = RetailDocument.objects.filter(dealer_id=dealer_id).aggregate(n=Max("number"))["n"]
    return (last or 0) + 1


def _kept_prices(document: RetailDocument) -> dict[int, tuple[Decimal, str]]:
    """The dealer's price and VAT rate of each product already on the document."""
    kept: dict[int, tuple[Decimal, str]] = {}
    for product_id, price, vat_rate in document.lines.order_by("position").values_list(
        "product_id", "dealer_price", "vat_rate"
    ):
        kept.setdefault(product_id, (price, vat_rate))
    return kept


def _clean_lines(
    lines: Sequence[RetailLineInput], *, new: bool, kept: set[int] | None = None
) -> list[_Line]:
    """Checked lines with their products; a product off sale may stay on a document that
    had it, not be added."""
    if not lines:
        raise InvalidInput(_("Добавьте в документ хотя бы один товар."), field="lines")
    if len(lines) > MAX_LINES:
        message = _("В документе не больше %(count)s строк.") % {"count": MAX_LINES}
        raise InvalidInput(message, field="lines")
    products = products_by_id(line.product_id for line in lines)
    cleaned = []
    for line in lines:
        product = products.get(line.product_id)
        if product is None or (not product.is_active and line.product_id not in (kept or ())):
            raise InvalidInput(_("Такого товара нет в продаже."), field="lines")
        markup = line.markup_percent
        cleaned.append(
            _Line(
                product=product,
                quantity=check_quantity(line.quantity, field="lines"),
                markup_percent=None
                if markup in (None, "")
                else check_markup(markup, field="lines"),
            )
        )
    return cleaned


def _write_lines(
    actor: Actor,
    document: RetailDocument,
    lines: list[_Line],
    *,
    kept_prices: dict[int, tuple[Decimal, str]],
) -> None:
    """Price the lines (those without a kept price in one batch), store them and the
    document's totals."""
    to_price = [line for line in lines if line.product.pk not in kept_prices]
    fresh = _dealer_prices(actor, document.legal_entity_id, to_price)
    rows = [
        _line_row(
            document, position, line, *(kept_prices.get(line.product.pk) or fresh[_key(line)])
        )
        for position, line in enumerate(lines, start=1)
    ]
    RetailDocumentLine.objects.bulk_create(rows)
    document.amount = sum((row.amount for row in rows), Decimal("0"))
    document.vat_amount = sum((row.vat_amount for row in rows), Decimal("0"))
    document.dealer_amount = sum(
        (retail.line_amount(row.dealer_price, row.quantity) for row in rows), Decimal("0")
    )
    document.lines_count = len(rows)
    document.save()


def _line_row(
    document: RetailDocument, position: int, line: _Line, dealer_price: Decimal, vat_rate: str
) -> RetailDocumentLine:
    """A line at the dealer's price with its markup (the line's own, else the document's)."""
    markup = document.markup_percent if line.markup_percent is None else line.markup_percent
    price = retail.retail_price(dealer_price, markup)
    amount = retail.line_amount(price, line.quantity)
    return RetailDocumentLine(
        document=document,
        position=position,
        product=line.product,
        article=line.product.article,
        name=line.product.name,
        unit_name=line.product.base_unit.short_name,
        quantity=line.quantity,
        dealer_price=dealer_price,
        markup_percent=line.markup_percent,
        retail_price=price,
        amount=amount,
        vat_rate=vat_rate,
        vat_amount=retail.included_vat(amount, vat_rate),
    )


def _key(line: _Line) -> tuple[int, Decimal]:
    """Lines of one product and quantity get one price (quantity breaks may differ)."""
    return line.product.pk, line.quantity


def _dealer_prices(
    actor: Actor, legal_entity_id: int, lines: list[_Line]
) -> dict[tuple[int, Decimal], tuple[Decimal, str]]:
    """The dealer's own price with VAT and the VAT rate of each (product, quantity), all in
    one batch; a product without a price for the dealer is refused."""
    if not lines:
        return {}
    terms = _terms(actor, legal_entity_id)
    requests = [PriceRequest(line.product.pk, line.quantity) for line in lines]
    found = {}
    for line, price in zip(lines, price_lines(terms, requests), strict=True):
        if not price.has_price:
            message = _("У товара «%(article)s» нет вашей цены: его нельзя продать.") % {
                "article": line.product.article
            }
            raise InvalidInput(message, field="lines")
        found[_key(line)] = (retail.dealer_unit_price(price), price.vat_rate)
    return found


def _terms(actor: Actor, legal_entity_id: int) -> PriceTerms:
    """The dealer's price terms under the contract of the document's legal entity: the
    first active, unexpired one by date, as the catalog chooses it for the current one
    (when that entity has none, `terms_for` falls back to the current entity's)."""
    if legal_entity_id == actor.current_legal_entity_id:
        return terms_for(actor)
    contract = (
        Contract.objects.visible_to(actor)
        .filter(legal_entity_id=legal_entity_id, is_active=True)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate()))
        .order_by("date", "pk")
        .first()
    )
    return terms_for(actor, contract)
