"""The order history: the orders a person or a manager looks through, searched and narrowed,
newest first. The client's order list, the manager's views and the API all read it here.

Made for a million orders on PostgreSQL. Every filter is a condition on the order row that
an index serves together with the actor's scope (see migration 0002_order_history_indexes);
the search by article or product name finds the products first (the catalog's own search),
then the orders with lines of them — by checking the lines of each order the actor may see
when those are few, or by reading the orders of the products' lines when those are few;
a page is read with one row more than it shows instead of counting every match, and a count
is capped (`orders_history_count`).
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.conf import settings
from django.db.models import BooleanField, Exists, F, Func, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.catalog.models import Product
from okno.catalog.search.query import search_products
from okno.core.actor import Actor
from okno.core.errors import InvalidInput
from okno.core.schemas import MAX_ID, search_term
from okno.orders.models import Order, OrderLine, OrderQuerySet, OrderStatus

PER_PAGE = 50
MAX_PER_PAGE = 200
# Offsets beyond this cost more than any person paging by hand needs; narrow the filter.
MAX_PAGE = 200
COUNT_CAP = 1000
# Products a search names that are passed to the order query as a list of ids, and the
# lines of them whose orders are read by id for staff (see `_search`).
MAX_LISTED_PRODUCTS = 500
MAX_LISTED_ORDERS = 10_000
# Below the column's 14 digits with 2 places.
MAX_AMOUNT = Decimal("999999999999.99")
DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d")
MIN_YEAR, MAX_YEAR = 1990, 2999
_NUMBER = re.compile(r"(?P<prefix>\D*?)[\s-]*(?P<digits>\d{1,12})")


@dataclass(frozen=True)
class OrderFilters:
    """What the history is narrowed by. `query` is an order number (with or without the
    prefix: «123», «ОК-000123»), an article (whole or its start) or words of a product name;
    dates are days in the company's time zone, both inclusive, on the day the order was
    made; amounts are on the order's total. `client_id` narrows a staff member's history to
    one client (a client's person always sees only their own client)."""

    query: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    status: tuple[str, ...] = ()
    legal_entity_id: int | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    client_id: int | None = None

    @classmethod
    def from_query(cls, data: Mapping[str, Any]) -> OrderFilters:
        """The filters of a query string (a QueryDict or a plain mapping): `q` (or `query`),
        `date_from` and `date_to` (дд.мм.гггг or ISO), `status` (repeated or comma-separated),
        `legal_entity_id`, `amount_min`, `amount_max`, `client_id`. `InvalidInput` names the
        first field at fault for a bad date, amount, status or id."""
        filters, errors = cls.parse(data)
        if errors:
            field, message = next(iter(errors.items()))
            raise InvalidInput(message, field=field)
        return filters

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> tuple[OrderFilters, dict[str, str]]:
        """The filters a page can use at once: the valid part, and a message for each bad
        field (the bad field does not filter), so a form shows every error together."""
        errors: dict[str, str] = {}
        values: dict[str, Any] = {
            "query": search_term(_value(data, "query") or _value(data, "q")),
            "status": _statuses(data, errors),
        }
        for name in ("date_from", "date_to"):
            values[name] = _checked(errors, name, _date, _value(data, name))
        for name in ("amount_min", "amount_max"):
            values[name] = _checked(errors, name, _amount, _value(data, name))
        for name in ("legal_entity_id", "client_id"):
            values[name] = _checked(errors, name, _id, _value(data, name))
        filters = cls(**values)
        return _without_reversed_ranges(filters, errors), errors


@dataclass(frozen=True)
class HistoryPage:
    """One page of the history: `orders` with what a row shows (legal entity and client
    names, `lines_count`), and whether there are pages before and after it."""

    orders: list[Order]
    number: int
    per_page: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


@dataclass(frozen=True)
class CappedCount:
    """How many orders match, counted up to `cap`; `more` — there are more than that."""

    value: int
    more: bool


def orders_history(*, actor: Actor, filters: OrderFilters, queue: bool = False) -> QuerySet[Order]:
    """The orders the actor sees that match `filters`, newest first (`queue`: the longest
    waiting since submission first), with the legal entity
    and the client read along (one query however many rows). A client's person sees every
    order of the legal entities they act for, drafts included; staff see the orders that
    reached the company. An order merged into another shows as part of that one."""
    scoped = cast(OrderQuerySet, Order.objects.visible_to(actor))
    if actor.is_staff:
        scoped = scoped.placed()
    given = {
        "client_id": filters.client_id if actor.is_staff else None,
        "legal_entity_id": filters.legal_entity_id,
        "total__gte": filters.amount_min,
        "total__lte": filters.amount_max,
        "created_at__gte": _day_start(filters.date_from),
        "created_at__lt": _day_start(filters.date_to, days=1),
    }
    rows: QuerySet[Order] = scoped.filter(merged_into__isnull=True).filter(
        **{lookup: value for lookup, value in given.items() if value is not None}
    )
    if filters.status:
        rows = rows.filter(status__in=filters.status)
    few = False
    if filters.query:
        rows, few = _search(rows, actor, filters.query)
    rows = rows.select_related("legal_entity", "client")
    if queue:
        # The manager's queue is worked through from the order waiting longest.
        return rows.order_by("submitted_at", "pk")
    return _newest_first(rows, few=few)


def _newest_first(rows: QuerySet[Order], *, few: bool) -> QuerySet[Order]:
    """Newest first. When the rows are known to be `few` (read by id), they are sorted as
    they are rather than found by walking the index of every order's date, newest first,
    which the database prefers for a page however rare the rows are on the way."""
    if few:
        return rows.order_by(_Unindexed("created_at").desc(), "-pk")
    return rows.order_by("-created_at", "-pk")


def orders_history_page(
    *,
    actor: Actor,
    filters: OrderFilters,
    page: int = 1,
    per_page: int = PER_PAGE,
    queue: bool = False,
) -> HistoryPage:
    """Page `page` of the history, read with one row more than it shows to learn whether a
    next page exists (no count). A page past the last is empty; pages stop at `MAX_PAGE`."""
    page = max(1, min(page, MAX_PAGE))
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    start = (page - 1) * per_page
    found = orders_history(actor=actor, filters=filters, queue=queue)
    rows = list(found[start : start + per_page + 1])
    return HistoryPage(
        orders=rows[:per_page], number=page, per_page=per_page, has_next=len(rows) > per_page
    )


def orders_history_count(
    *, actor: Actor, filters: OrderFilters, cap: int = COUNT_CAP
) -> CappedCount:
    """How many orders match, counting no further than `cap` (a manager's whole history is
    hundreds of thousands of orders; «more than 1 000» says enough)."""
    matching = orders_history(actor=actor, filters=filters).order_by()
    found = matching.values("pk")[: cap + 1].count()
    return CappedCount(value=min(found, cap), more=found > cap)


def order_number_of(text: str) -> str | None:
    """The order number a person typed («123», «ОК-000123», «№ 123»), as stored; None when
    the text is not a number."""
    match = _NUMBER.fullmatch(text.strip())
    if match is None:
        return None
    prefix = match["prefix"].strip().rstrip("-").strip().upper().replace("OK", "ОК")
    if prefix not in ("", "№", settings.OKNO_ORDER_NUMBER_PREFIX.rstrip("-").upper()):
        return None
    return f"{settings.OKNO_ORDER_NUMBER_PREFIX}{int(match['digits']):06d}"


# --- search ---------------------------------------------------------------------------------


def _search(rows: QuerySet[Order], actor: Actor, query: str) -> tuple[QuerySet[Order], bool]:
    """The orders the query finds, and whether they were read by id (a few of them).

    An order number finds that order. Digits alone may also be an article: when no order
    the actor sees has that number, they are looked for in the lines."""
    number = order_number_of(query)
    if number is not None:
        by_number = rows.filter(number=number)
        if not query.strip().isdigit() or by_number.exists():
            return by_number, False
    products = _products_named(actor, query)
    if products is None:
        return rows.none(), False
    lines = OrderLine.objects.filter(product_id__in=products)  # type: ignore[misc]
    if actor.is_staff and isinstance(products, list):
        # Staff see hundreds of thousands of orders. When the products are in few orders,
        # those orders are read by id; left to the database, it would check the newest
        # orders one by one, expecting matches soon, and read a hundred thousand first.
        order_ids = list(lines.values_list("order_id", flat=True)[: MAX_LISTED_ORDERS + 1])
        if len(order_ids) <= MAX_LISTED_ORDERS:
            return rows.filter(_AmongIds(sorted(set(order_ids)))), True
    # A client's orders are few: each is checked for such a line. So are staff's when the
    # products are in very many orders, which the newest orders then show at once.
    return rows.filter(Exists(lines.filter(order_id=OuterRef("pk")))), False


def _products_named(actor: Actor, query: str) -> list[int] | QuerySet[Product] | None:
    """The products the catalog search finds by the query: by article (whole or its start,
    any spelling of dashes and case), barcode, words of the name in any form, in either
    keyboard layout; for a client also by their own article. A list of ids when there are
    few (the database then knows how many lines they have), else a subquery; None when
    nothing is found."""
    found = (
        search_products(Product.objects.all(), query, client_id=actor.client_id)
        .order_by()
        .values_list("pk", flat=True)
    )
    listed = list(found[: MAX_LISTED_PRODUCTS + 1])
    if not listed:
        return None
    return listed if len(listed) <= MAX_LISTED_PRODUCTS else found


class _AmongIds(Func):
    """The row's id is one of `ids`, passed as a single parameter however many there are
    (an array on PostgreSQL, a JSON list on SQLite), so a long list costs no time to bind."""

    output_field = BooleanField()

    def __init__(self, ids: list[int]):
        super().__init__(F("pk"))
        self.ids = ids

    def as_sql(self, compiler, connection, *args, **extra_context):  # type: ignore[override]
        column, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "postgresql":
            return f"{column} = ANY(%s::bigint[])", (*params, self.ids)
        return f"{column} IN (SELECT value FROM json_each(%s))", (*params, json.dumps(self.ids))


class _Unindexed(Func):
    """A column's value in a form no index provides (PostgreSQL adds a zero interval;
    SQLite's unary plus changes nothing but the plan)."""

    template = "(%(expressions)s + interval '0')"

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="+%(expressions)s", **extra_context)


# --- parsing --------------------------------------------------------------------------------


def _value(data: Mapping[str, Any], name: str) -> str:
    raw = data.get(name)
    return "" if raw is None else str(raw).replace("\x00", "").strip()


def _checked(errors: dict[str, str], name: str, parse, raw: str):
    if not raw:
        return None
    try:
        return parse(raw)
    except InvalidInput as error:
        errors[name] = error.message
        return None


def _statuses(data: Mapping[str, Any], errors: dict[str, str]) -> tuple[str, ...]:
    """`status` repeated or comma-separated; an unknown one is an error, not ignored (a
    person would take an unfiltered list for the filtered one)."""
    getlist = getattr(data, "getlist", None)
    raw = getlist("status") if getlist is not None else data.get("status")
    if raw is None:
        raw = []
    elif isinstance(raw, str):
        raw = [raw]
    wanted: list[str] = []
    for part in (part.strip() for item in raw for part in str(item).split(",")):
        if not part:
            continue
        if part not in OrderStatus.values:
            errors["status"] = _("Нет такого статуса заказа: «%(value)s».") % {"value": part[:40]}
            return ()
        if part not in wanted:
            wanted.append(part)
    return tuple(wanted)


def _date(raw: str) -> datetime.date:
    for pattern in DATE_FORMATS:
        try:
            day = datetime.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
        # A year like 0001 or 9999 is a typo, and a day after 9999-12-31 cannot be computed.
        if MIN_YEAR <= day.year <= MAX_YEAR:
            return day
    raise InvalidInput(_("Введите дату в виде дд.мм.гггг, например 01.03.2026."))


def _amount(raw: str) -> Decimal:
    text = raw.replace("\u00a0", "").replace(" ", "").replace("₽", "").replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise InvalidInput(_("Сумма «%(value)s» — не число.") % {"value": raw[:40]}) from None
    if not amount.is_finite():
        raise InvalidInput(_("Сумма «%(value)s» — не число.") % {"value": raw[:40]})
    if amount < 0:
        raise InvalidInput(_("Сумма не может быть отрицательной."))
    if amount > MAX_AMOUNT:
        raise InvalidInput(_("Слишком большая сумма."))
    if amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput(_("Не больше двух знаков после запятой."))
    return amount.quantize(Decimal("0.01"))


def _id(raw: str) -> int:
    # isdigit() alone lets through «²» and other digits int() refuses
    if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= MAX_ID:
        return int(raw)
    raise InvalidInput(_("Неверный идентификатор: «%(value)s».") % {"value": raw[:40]})


def _without_reversed_ranges(filters: OrderFilters, errors: dict[str, str]) -> OrderFilters:
    """A range whose start is after its end is an error on its end, which then does not
    filter."""
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        errors["date_to"] = _("Дата «с» позже даты «по»: поменяйте их местами.")
        filters = replace(filters, date_to=None)
    low, high = filters.amount_min, filters.amount_max
    if low is not None and high is not None and low > high:
        errors["amount_max"] = _("Сумма «от» больше суммы «до»: поменяйте их местами.")
        filters = replace(filters, amount_max=None)
    return filters


def _day_start(day: datetime.date | None, *, days: int = 0) -> datetime.datetime | None:
    """The moment a day (plus `days`) begins in the company's time zone."""
    if day is None:
        return None
    midnight = datetime.datetime.combine(day + datetime.timedelta(days=days), datetime.time())
    return timezone.make_aware(midnight, timezone.get_default_timezone())
