"""Personal prices: what a client pays for a line, and the base price shown beside it.

The price of the contract's price type per base unit, less the contract's discount, less
the most specific discount rule that matches the line (ADR 0005). Two loaders read what a
line needs — `price_lines` for a page or a cart in a fixed number of queries whatever the
number of lines, `price_line` for one line — and both hand it to one pure function,
`compute_line_price`, so a cart and a single product page can never disagree.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from okno.catalog.models import DiscountRule, Price, PriceType, Product, VatRate
from okno.core.money import to_money

if TYPE_CHECKING:
    from okno.clients.models import Contract
    from okno.core.actor import Actor

ZERO = Decimal("0")
ONE = Decimal("1")
HUNDRED = Decimal("100")
PERCENT_STEP = Decimal("0.01")
NO_MONEY = Decimal("0.00")

# Rule targets from the most specific; a group rule is ranked further by its depth.
_PRODUCT, _GROUP, _BRAND, _CATALOG = 0, 1, 2, 3


@dataclass(frozen=True)
class PriceTerms:
    """Whose prices: the client (for their own discount rules), the price type they buy
    at, the contract's discount in percent, the base price type shown beside their price
    when `show_base`, and the date the discount rules must be valid on.

    `discount_rules` off prices without any rule — the neutral price list staff and people
    without a contract see."""

    client_id: int | None
    price_type_id: int | None
    contract_discount: Decimal
    base_price_type_id: int | None
    show_base: bool
    on: datetime.date
    discount_rules: bool = True


@dataclass(frozen=True)
class PriceRequest:
    """A line to price: `quantity` in base units, the price shown per a unit holding
    `unit_coefficient` base units (1 — the base unit itself)."""

    product_id: int
    quantity: Decimal = ONE
    unit_coefficient: Decimal = ONE

    def __post_init__(self) -> None:
        if self.unit_coefficient <= 0:
            raise ValueError("unit_coefficient must be positive")


@dataclass(frozen=True)
class LinePrice:
    """The price of a line. Money in kopecks; `unit_price` and `base_unit_price` per the
    requested unit; `amount` = `unit_price` × quantity in that unit; `vat_amount` of the
    line, included in `amount` when the price type includes VAT, else added in `total`.
    `has_price` is False when the product has no price in the client's price type (the
    money fields are then zero)."""

    product_id: int
    quantity: Decimal
    unit_price: Decimal
    base_unit_price: Decimal | None
    discount_percent: Decimal
    amount: Decimal
    vat_rate: str
    vat_amount: Decimal
    total: Decimal
    has_price: bool


# --- terms ------------------------------------------------------------------------------


def terms_for(actor: Actor, contract: Contract | None = None) -> PriceTerms:
    """The price terms of `contract`, or, when none is given, of the first active contract
    (by date) of the actor's current legal entity. Staff and people without a contract get
    the base price type and no discounts. Precondition: a given contract was read through
    `visible_to(actor)`."""
    today = timezone.localdate()
    base_id = _base_price_type_id()
    show_base: bool = settings.OKNO_SHOW_BASE_PRICE
    if contract is None and actor.is_client:
        contract = current_contract(actor)
    if contract is None:
        return PriceTerms(
            client_id=actor.client_id,
            price_type_id=base_id,
            contract_discount=ZERO,
            base_price_type_id=base_id,
            show_base=show_base,
            on=today,
            discount_rules=False,
        )
    return PriceTerms(
        client_id=contract.client_id,
        price_type_id=contract.price_type_id or base_id,
        contract_discount=contract.discount_percent,
        base_price_type_id=base_id,
        show_base=show_base,
        on=today,
    )


def _base_price_type_id() -> int | None:
    return (
        PriceType.objects.filter(is_base=True, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def current_contract(actor: Actor, legal_entity_id: int | None = None) -> Contract | None:
    """The contract a client's person buys under: the first active, unexpired contract (by
    date) of `legal_entity_id` or else their current legal entity, with its warehouse; None
    for anyone else."""
    from okno.clients.models import Contract

    entity_id = legal_entity_id or actor.current_legal_entity_id
    if not actor.is_client or entity_id is None:
        return None
    return (
        Contract.objects.visible_to(actor)
        .filter(legal_entity_id=entity_id, is_active=True)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate()))
        .select_related("warehouse")
        .order_by("date", "pk")
        .first()
    )


# --- the two loaders ----------------------------------------------------------------------


def price_lines(
    terms: PriceTerms,
    requests: Sequence[PriceRequest],
    *,
    products: Mapping[int, ProductFacts] | None = None,
) -> list[LinePrice]:
    """Prices of many lines, in their order, in three queries however many lines there
    are (products, prices, discount rules); two when the caller has read the `products`
    already (see `product_facts`). Meant for a catalog page or a whole cart; split a price
    list of the whole catalog into pages of a few thousand lines."""
    if not requests:
        return []
    product_ids = {request.product_id for request in requests}
    if products is None:
        products = _load_products(Product.objects.filter(pk__in=product_ids))
    prices = _load_prices(terms, Price.objects.filter(product_id__in=product_ids))
    group_ids = {group_id for facts in products.values() for group_id in facts.group_ids}
    brand_ids = {facts.brand_id for facts in products.values() if facts.brand_id is not None}
    targets = (
        Q(product_id__in=product_ids)
        | Q(group_id__in=group_ids)
        | Q(brand_id__in=brand_ids)
        | _CATALOG_WIDE
    )
    rules = RuleBook(_load_rules(terms, targets))
    return [
        compute_line_price(
            terms,
            request,
            products.get(request.product_id),
            prices.get(request.product_id, NO_PRICES),
            rules,
        )
        for request in requests
    ]


def price_line(
    terms: PriceTerms,
    product_id: int,
    quantity: Decimal = ONE,
    unit_coefficient: Decimal = ONE,
) -> LinePrice:
    """The price of one line (`quantity` in base units, shown per a unit holding
    `unit_coefficient` base units); equal to what `price_lines` answers for it."""
    request = PriceRequest(product_id, Decimal(quantity), Decimal(unit_coefficient))
    product = _load_products(Product.objects.filter(pk=product_id)).get(product_id)
    prices = _load_prices(terms, Price.objects.filter(product_id=product_id))
    targets = Q(product_id=product_id) | _CATALOG_WIDE
    if product is not None:
        targets |= Q(group_id__in=product.group_ids)
        if product.brand_id is not None:
            targets |= Q(brand_id=product.brand_id)
    rules = RuleBook(_load_rules(terms, targets))
    return compute_line_price(terms, request, product, prices.get(product_id, NO_PRICES), rules)


_CATALOG_WIDE = Q(product__isnull=True, group__isnull=True, brand__isnull=True)


def product_facts(product: Product) -> ProductFacts:
    """What pricing needs of a product read with its group (`select_related("group")`)."""
    path = product.group.path if product.group is not None else None
    return ProductFacts(
        vat_rate=product.vat_rate, group_ids=_path_ids(path), brand_id=product.brand_id
    )


def _load_products(products: Any) -> dict[int, ProductFacts]:
    rows = products.values_list("pk", "vat_rate", "group__path", "brand_id")
    return {
        pk: ProductFacts(vat_rate=vat_rate, group_ids=_path_ids(path), brand_id=brand_id)
        for pk, vat_rate, path, brand_id in rows
    }


def _path_ids(path: str | None) -> tuple[int, ...]:
    return tuple(int(part) for part in (path or "").split("/") if part)


def _load_prices(terms: PriceTerms, prices: Any) -> dict[int, PriceFacts]:
    own_id, base_id = terms.price_type_id, terms.base_price_type_id if terms.show_base else None
    wanted = {type_id for type_id in (own_id, base_id) if type_id is not None}
    if not wanted:
        return {}
    rows = prices.filter(price_type_id__in=wanted).values_list(
        "product_id", "price_type_id", "price", "coefficient", "price_type__vat_included"
    )
    found: dict[int, dict[str, Any]] = defaultdict(dict)
    for product_id, type_id, price, coefficient, vat_included in rows:
        per_base = price / coefficient
        if type_id == own_id:
            found[product_id].update(own=per_base, vat_included=vat_included)
        if type_id == base_id:
            found[product_id]["base"] = per_base
    return {
        product_id: PriceFacts(
            per_base=parts.get("own"),
            base_per_base=parts.get("base"),
            vat_included=parts.get("vat_included", True),
        )
        for product_id, parts in found.items()
    }


def _load_rules(terms: PriceTerms, targets: Q) -> list[RuleFacts]:
    if not terms.discount_rules:
        return []
    clients = Q(client__isnull=True)
    if terms.client_id is not None:
        clients |= Q(client_id=terms.client_id)
    rows = (
        DiscountRule.objects.filter(clients, targets, is_active=True)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=terms.on))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=terms.on))
        .values_list(
            "pk", "client_id", "product_id", "group_id", "brand_id", "min_quantity", "percent"
        )
    )
    return [RuleFacts(*row) for row in rows]


# --- the pure part: facts in, a price out -------------------------------------------------


@dataclass(frozen=True)
class ProductFacts:
    """What pricing needs of a product: its VAT rate, the ids of its group and the group's
    ancestors (root first), its brand."""

    vat_rate: str
    group_ids: tuple[int, ...]
    brand_id: int | None


@dataclass(frozen=True)
class PriceFacts:
    """A product's prices per base unit, unrounded: in the client's price type (None when
    it has none) and in the base price type (None when not shown or missing)."""

    per_base: Decimal | None
    base_per_base: Decimal | None
    vat_included: bool = True


NO_PRICES = PriceFacts(per_base=None, base_per_base=None)


@dataclass(frozen=True)
class RuleFacts:
    """One active, in-date discount rule row (one quantity break)."""

    id: int
    client_id: int | None
    product_id: int | None
    group_id: int | None
    brand_id: int | None
    min_quantity: Decimal
    percent: Decimal


class RuleBook:
    """Discount rules indexed by what they target, so finding a line's candidates does not
    scan every rule loaded for a 1,000-line cart."""

    def __init__(self, rules: Iterable[RuleFacts]) -> None:
        self.by_product: dict[int, list[RuleFacts]] = defaultdict(list)
        self.by_group: dict[int, list[RuleFacts]] = defaultdict(list)
        self.by_brand: dict[int, list[RuleFacts]] = defaultdict(list)
        self.catalog_wide: list[RuleFacts] = []
        for rule in rules:
            if rule.product_id is not None:
                self.by_product[rule.product_id].append(rule)
            elif rule.group_id is not None:
                self.by_group[rule.group_id].append(rule)
            elif rule.brand_id is not None:
                self.by_brand[rule.brand_id].append(rule)
            else:
                self.catalog_wide.append(rule)

    def best(
        self, product_id: int, product: ProductFacts, quantity: Decimal, client_id: int | None
    ) -> RuleFacts | None:
        """The rule for a line: of the rows whose quantity break the line reaches, the most
        specific target (product, deeper group, brand, catalog), the client's own before
        everyone's, then the largest break; the newest row settles a tie."""
        best_rule, best_key = None, None
        for specificity, rule in self._candidates(product_id, product):
            if rule.min_quantity > quantity:
                continue
            key = (*specificity, rule.client_id != client_id, -rule.min_quantity, -rule.id)
            if best_key is None or key < best_key:
                best_rule, best_key = rule, key
        return best_rule

    def _candidates(
        self, product_id: int, product: ProductFacts
    ) -> Iterator[tuple[tuple[int, int], RuleFacts]]:
        """Rules whose target covers the product, each with its rank (lower = more
        specific): a group rule covers the group's subgroups, the deeper the stronger."""
        for rule in self.by_product.get(product_id, ()):
            yield (_PRODUCT, 0), rule
        for depth, group_id in enumerate(product.group_ids):
            for rule in self.by_group.get(group_id, ()):
                yield (_GROUP, -depth), rule
        if product.brand_id is not None:
            for rule in self.by_brand.get(product.brand_id, ()):
                yield (_BRAND, 0), rule
        for rule in self.catalog_wide:
            yield (_CATALOG, 0), rule


def compute_line_price(
    terms: PriceTerms,
    request: PriceRequest,
    product: ProductFacts | None,
    prices: PriceFacts,
    rules: RuleBook,
) -> LinePrice:
    """Price one line from what the loaders read; no queries. `product` None (a product
    that no longer exists) prices as a product without a price."""
    rule = (
        rules.best(request.product_id, product, request.quantity, terms.client_id)
        if product is not None
        else None
    )
    factor = (ONE - terms.contract_discount / HUNDRED) * (
        ONE - (rule.percent if rule else ZERO) / HUNDRED
    )
    # Down, not half up: two discounts under 100 % together stay under 100 % as shown.
    discount = ((ONE - factor) * HUNDRED).quantize(PERCENT_STEP, rounding=ROUND_DOWN)
    base_unit_price = (
        to_money(prices.base_per_base * request.unit_coefficient)
        if terms.show_base and prices.base_per_base is not None
        else None
    )
    vat_rate = product.vat_rate if product is not None else VatRate.NONE.value
    unit_price = amount = vat_amount = total = NO_MONEY
    if prices.per_base is not None:
        unit_price = to_money(prices.per_base * factor * request.unit_coefficient)
        amount = to_money(unit_price * request.quantity / request.unit_coefficient)
        vat_amount = line_vat(amount, vat_rate, included=prices.vat_included)
        total = amount if prices.vat_included else amount + vat_amount
    return LinePrice(
        product_id=request.product_id,
        quantity=request.quantity,
        unit_price=unit_price,
        base_unit_price=base_unit_price,
        discount_percent=discount,
        amount=amount,
        vat_rate=vat_rate,
        vat_amount=vat_amount,
        total=total,
        has_price=prices.per_base is not None,
    )


def line_vat(amount: Decimal, vat_rate: str, *, included: bool) -> Decimal:
    """VAT of a line as 1C counts it: 22/122 of the amount when the price includes VAT,
    22/100 on top of it when not; rounded half up once per line."""
    if vat_rate == VatRate.NONE:
        return NO_MONEY
    rate = Decimal(vat_rate)
    return to_money(amount * rate / (HUNDRED + rate if included else HUNDRED))
