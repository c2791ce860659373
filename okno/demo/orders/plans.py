"""A client's year of orders, worked out with no database from what `facts` read: when each
order was placed, which lines it has and at what prices, how far it got (status history,
shipments) by now.

An order goes submitted → verified by the manager → confirmed by 1C → picked → shipped
(some in two shipments) → delivered, each step some hours or days after the one before;
its status is the last step that has happened by now, so old orders are delivered and the
last days' orders are still open. A few are cancelled on the way, a few are drafts or wait
for the client's approval. Money is the contract's price type less its discount, priced
line by line as checkout does (`line_vat`), so the lines always add up to the order.
"""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal

from okno.catalog.pricing import line_vat
from okno.core.money import to_money
from okno.demo.orders.facts import ClientFacts, EntityFacts, PoolProduct
from okno.orders.models import OrderStatus, ShipmentStatus

S = OrderStatus
HUNDRED = Decimal(100)
QUANTITY_STEP = Decimal("0.001")
HOUR = 3600.0
DAY = 24 * HOUR
# Mean and spread of the log of lines per order: the median order has 6 lines, a tenth of
# them more than 17, none more than MAX_LINES.
LINES_MU, LINES_SIGMA, MAX_LINES = 1.8, 0.8, 50
# How many times the scale's mean the busiest client orders, at most.
BUSIEST = 30
# Steps after submission: the status reached and its delay after the previous step (hours).
STEPS = (
    (S.VERIFIED, 0.3, 5),
    (S.CONFIRMED, 0.2, 8),
    (S.PICKING, 2, 30),
    (S.SHIPPED, 4, 48),
    (S.DELIVERED, 20, 120),
)
# Statuses from which an order may be cancelled, the client's before 1C confirms it.
CANCELLED_FROM = (S.SUBMITTED, S.SUBMITTED, S.VERIFIED, S.CONFIRMED)
CANCEL_REASONS = (
    "Клиент передумал",
    "Заказ оформлен повторно",
    "Нет нужного количества на складе",
    "Изменились сроки объекта",
    "Не согласована цена",
)
COMMENTS = (
    "Доставка до 12:00",
    "Позвонить за час до приезда",
    "Приложить счёт на оплату",
    "Разгрузка с торца здания",
    "Срочно, объект стоит",
    "Упаковать на паллеты",
    "Сертификаты на всю продукцию",
)
CARRIERS = ("Собственная доставка", "Деловые Линии", "ПЭК", "СДЭК", "Байкал Сервис")
MULTIPLES = (1, 1, 1, 2, 2, 3, 4, 5, 5, 10, 10, 20, 25, 50, 100)


@dataclass
class LinePlan:
    product: PoolProduct
    quantity: Decimal
    price: Decimal
    discount: Decimal
    amount: Decimal
    vat_amount: Decimal
    total: Decimal
    ordered_quantity: Decimal | None = None
    shipped: bool = False


@dataclass
class StepPlan:
    """One status change: from, to, when, by whom (None — 1C or the system)."""

    from_status: str
    to_status: str
    at: datetime.datetime
    user_id: int | None
    note: str = ""


@dataclass
class ShipmentPlan:
    lines: list[int]  # positions in the order's lines
    at: datetime.datetime
    status: str
    carrier: str
    tracking: str


@dataclass
class OrderPlan:
    entity: EntityFacts
    created_at: datetime.datetime
    created_by: int | None
    delivery: str
    address: tuple[int, str] | None
    desired_date: datetime.date | None
    comment: str
    lines: list[LinePlan]
    status: str = S.DRAFT
    steps: list[StepPlan] = field(default_factory=list)
    shipments: list[ShipmentPlan] = field(default_factory=list)
    cancel_reason: str = ""
    changed_by_manager: bool = False

    @property
    def submitted_at(self) -> datetime.datetime | None:
        return next((s.at for s in self.steps if s.to_status == S.SUBMITTED), None)


def orders_count(rng: random.Random, mean: float, *, person: bool) -> int:
    """How many orders a client places in the year: most a few, some hundreds (a
    log-normal spread around `mean`); an individual customer a few at most."""
    if person:
        return rng.randint(0, 3)
    weight = rng.lognormvariate(-0.5, 1.0)  # mean 1
    return min(round(mean * weight), round(mean * BUSIEST))


def client_orders(
    client: ClientFacts,
    pool: list[PoolProduct],
    *,
    count: int,
    now: datetime.datetime,
    rng: random.Random,
    days: int = 365,
) -> list[OrderPlan]:
    """`count` orders of the client over the `days` before `now`, oldest first."""
    entities = client.entities
    if not entities or not pool:
        return []
    favourites = _favourites(rng, len(pool))
    moments = sorted(_moment(rng, now, days) for _ in range(count))
    plans = []
    for created_at in moments:
        entity = entities[0] if len(entities) == 1 or rng.random() < 0.75 else rng.choice(entities)
        lines = _lines(rng, entity, pool, favourites)
        if lines:
            plans.append(_order(rng, client, entity, created_at, lines, now))
    return plans


def _favourites(rng: random.Random, size: int) -> list[int]:
    """The products a client buys again and again: a few dozen, mostly popular ones."""
    return [_popular(rng, size) for _ in range(rng.randint(15, 120))]


def _popular(rng: random.Random, size: int) -> int:
    # The square of a uniform number: the first products of the pool are bought most.
    return int(size * rng.random() ** 2)


def _moment(rng: random.Random, now: datetime.datetime, days: int) -> datetime.datetime:
    """A working moment (mostly weekdays, 8:00–19:00 Moscow) within `days` before `now`."""
    while True:
        day = (now - datetime.timedelta(days=rng.random() * days)).date()
        if day.weekday() < 5 or rng.random() < 0.1:
            break
    seconds = rng.randint(8 * 3600, 19 * 3600)
    moment = datetime.datetime.combine(day, datetime.time(), tzinfo=now.tzinfo)
    return min(moment + datetime.timedelta(seconds=seconds), now - datetime.timedelta(minutes=5))


def _lines(rng, entity: EntityFacts, pool: list[PoolProduct], favourites: list[int]):
    wanted = min(MAX_LINES, max(1, round(rng.lognormvariate(LINES_MU, LINES_SIGMA))))
    chosen: dict[int, None] = {}
    for _attempt in range(wanted * 2):
        if len(chosen) == wanted:
            break
        index = rng.choice(favourites) if rng.random() < 0.7 else _popular(rng, len(pool))
        chosen[index] = None
    lines = []
    for index in chosen:
        product = pool[index]
        per_base = product.prices.get(entity.price_type_id)
        if per_base is not None:
            lines.append(_line(rng, product, per_base, entity))
    return lines


def _line(rng, product: PoolProduct, per_base: Decimal, entity: EntityFacts) -> LinePlan:
    step = product.multiplicity if product.multiplicity > 0 else Decimal(1)
    quantity = step * rng.choice(MULTIPLES)
    if quantity < product.min_quantity:
        quantity = math.ceil(product.min_quantity / step) * step
    quantity = quantity.quantize(QUANTITY_STEP)
    price = to_money(per_base * (1 - entity.discount / HUNDRED))
    return _priced(product, quantity, price, entity)


def _priced(product: PoolProduct, quantity: Decimal, price: Decimal, entity) -> LinePlan:
    amount = to_money(price * quantity)
    vat = line_vat(amount, product.vat_rate, included=entity.vat_included)
    total = amount if entity.vat_included else amount + vat
    return LinePlan(product, quantity, price, entity.discount, amount, vat, total)


def _order(rng, client: ClientFacts, entity: EntityFacts, created_at, lines, now) -> OrderPlan:
    delivery = entity.addresses and rng.random() < 0.85
    author = client.user_id or client.manager_id
    order = OrderPlan(
        entity=entity,
        created_at=created_at,
        created_by=author,
        delivery="delivery" if delivery else "pickup",
        address=rng.choice(entity.addresses) if delivery else None,
        desired_date=(
            (created_at + datetime.timedelta(days=rng.randint(1, 7))).date()
            if rng.random() < 0.4
            else None
        ),
        comment=rng.choice(COMMENTS) if rng.random() < 0.15 else "",
        lines=lines,
    )
    recent = now - created_at < datetime.timedelta(days=3)
    roll = rng.random()
    if recent and roll < 0.04:
        return order  # a draft
    if recent and roll < 0.08:
        order.status = S.AWAITING_APPROVAL
        order.steps.append(StepPlan(S.DRAFT, S.AWAITING_APPROVAL, created_at, author))
        return order
    _progress(rng, order, client, now, cancel=roll > 0.95)
    return order


def _progress(rng, order: OrderPlan, client: ClientFacts, now, *, cancel: bool) -> None:
    """Submit the order and take it through the steps that have happened by `now`."""
    at = order.created_at + datetime.timedelta(seconds=rng.randint(5, 120))
    order.steps.append(StepPlan(S.DRAFT, S.SUBMITTED, at, order.created_by))
    order.status = S.SUBMITTED
    cancel_at = rng.choice(CANCELLED_FROM) if cancel else None
    split = len(order.lines) >= 3 and rng.random() < 0.08
    for to_status, low, high in STEPS:
        if order.status == cancel_at:
            _cancel(rng, order, client, at, now)
            return
        at += datetime.timedelta(seconds=rng.uniform(low, high) * HOUR)
        if at > now:
            return
        if to_status == S.SHIPPED:
            at = _ship(rng, order, at, now, split=split)
            if order.status != S.SHIPPED:
                return
        else:
            user = client.manager_id if to_status == S.VERIFIED else None
            order.steps.append(StepPlan(order.status, to_status, at, user))
            order.status = to_status
            if to_status == S.VERIFIED and rng.random() < 0.03:
                _manager_change(rng, order)
    for shipment in order.shipments:
        if order.status == S.DELIVERED:
            shipment.status = ShipmentStatus.DELIVERED


def _cancel(rng, order: OrderPlan, client: ClientFacts, at, now) -> None:
    at = min(at + datetime.timedelta(seconds=rng.uniform(0.2, 20) * HOUR), now)
    by_client = order.status in (S.SUBMITTED, S.VERIFIED) and rng.random() < 0.6
    reason = rng.choice(CANCEL_REASONS)
    user = order.created_by if by_client else client.manager_id
    order.steps.append(StepPlan(order.status, S.CANCELLED, at, user, reason))
    order.status = S.CANCELLED
    order.cancel_reason = reason


def _ship(rng, order: OrderPlan, at, now, *, split: bool) -> datetime.datetime:
    """Ship the order: in one shipment, or (`split`) part of it first and the rest a day or
    two later; returns when the last shipment left."""
    positions = list(range(len(order.lines)))
    parts = [positions]
    if split:
        cut = rng.randint(1, len(positions) - 1)
        parts = [positions[:cut], positions[cut:]]
    for number, part in enumerate(parts):
        if number:
            at += datetime.timedelta(seconds=rng.uniform(20, 60) * HOUR)
            if at > now:
                return at
        status = S.SHIPPED if number == len(parts) - 1 else S.PARTLY_SHIPPED
        order.steps.append(StepPlan(order.status, status, at, None))
        order.status = status
        order.shipments.append(_shipment(rng, order, part, at))
        for position in part:
            order.lines[position].shipped = True
    return at


def _shipment(rng, order: OrderPlan, part: list[int], at) -> ShipmentPlan:
    if order.delivery == "pickup":
        carrier, tracking = "", ""
    else:
        carrier = rng.choice(CARRIERS)
        tracking = "" if carrier == CARRIERS[0] else f"{rng.randint(10**9, 10**10 - 1)}"
    status = ShipmentStatus.SHIPPED if order.delivery == "pickup" else ShipmentStatus.IN_TRANSIT
    return ShipmentPlan(lines=part, at=at, status=status, carrier=carrier, tracking=tracking)


def _manager_change(rng, order: OrderPlan) -> None:
    """The manager cut one line's quantity while checking the order (short of stock)."""
    position = rng.randrange(len(order.lines))
    line = order.lines[position]
    step = line.product.multiplicity if line.product.multiplicity > 0 else Decimal(1)
    smaller = (line.quantity / 2 / step).to_integral_value() * step
    if smaller < max(step, line.product.min_quantity):
        return
    changed = _priced(line.product, smaller.quantize(QUANTITY_STEP), line.price, order.entity)
    changed.ordered_quantity = line.quantity
    order.lines[position] = changed
    order.changed_by_manager = True
