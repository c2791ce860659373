"""Every write of a commercial proposal: the manager builds, sends and withdraws it, the
client accepts or rejects it. Each service runs in one transaction under the proposal's
row lock; a refusal is a domain error and changes nothing.

Lock order: the proposal, then (on acceptance) the order and its stock.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.catalog.models import Product, VatRate
from okno.catalog.pricing import line_vat, price_line, terms_for
from okno.clients.models import Contract, LegalEntity
from okno.core.actor import Actor
from okno.core.errors import Conflict, InvalidInput, NotAllowed
from okno.core.money import to_money
from okno.core.roles import Perm
from okno.core.scoping import get_visible_or_404
from okno.orders.models import Order
from okno.orders.selectors.carts import vat_included
from okno.orders.services.priced import PricedLine, PricedOrder, order_priced_place
from okno.orders.services.quantities import UnitChoice, parse_quantity, rounding_check
from okno.orders.services.rules import require_client_manager
from okno.proposals.models import Proposal, ProposalLine, ProposalStatus, ProposalStatusChange
from okno.proposals.notify import proposal_sent_notify

S = ProposalStatus
VALID_DAYS = 14
MAX_VALID_DAYS = 366
COMMENT_MAX = 2000
REASON_MAX = 500
MAX_PRICE = Decimal("999999999999.99")
ZERO = Decimal("0")


def proposal_number(pk: int) -> str:
    """«КП-000123»: one sequence for all proposals, six digits or more."""
    return f"КП-{pk:06d}"


def proposal_lock(proposal: Proposal) -> Proposal:
    """The proposal re-read under its row lock (take it before anything else it touches)."""
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


# --- the manager --------------------------------------------------------------------------


def proposal_create(
    *,
    actor: Actor,
    legal_entity_id: int,
    contract_id: int,
    valid_until: datetime.date | None = None,
    comment: str = "",
) -> Proposal:
    """A draft proposal for a legal entity of a client the manager sees, under one of the
    legal entity's active contracts; valid for two weeks unless another date is given."""
    require_client_manager(actor)
    entity = get_visible_or_404(LegalEntity, actor, pk=legal_entity_id, is_active=True)
    contract = get_visible_or_404(Contract, actor, pk=contract_id, legal_entity=entity)
    _check_contract(contract)
    valid_until = _valid_until(valid_until)
    comment = _comment(comment)
    price_type_id = terms_for(actor, contract).price_type_id
    with transaction.atomic():
        proposal = Proposal.objects.create(
            client_id=entity.client_id,
            legal_entity=entity,
            contract=contract,
            manager_id=actor.user_id,
            valid_until=valid_until,
            comment=comment,
            price_type_id=price_type_id,
            vat_included=vat_included(price_type_id),
        )
        proposal.number = proposal_number(proposal.pk)
        proposal.save(update_fields=["number", "updated_at"])
        _record(proposal, "", S.DRAFT, actor)
    return proposal


def proposal_update(
    *, actor: Actor, proposal: Proposal, valid_until: datetime.date, comment: str
) -> Proposal:
    """Change a draft's validity date and comment."""
    require_client_manager(actor)
    valid_until = _valid_until(valid_until)
    comment = _comment(comment)
    with transaction.atomic():
        proposal = _draft_locked(proposal)
        proposal.valid_until, proposal.comment = valid_until, comment
        proposal.save(update_fields=["valid_until", "comment", "updated_at"])
    return proposal


def proposal_line_add(
    *, actor: Actor, proposal: Proposal, product_id: int, quantity, price=None
) -> ProposalLine:
    """Add a product to a draft: the quantity in its base unit, meeting its minimum and
    multiplicity; the price the contract's unless the manager gives one."""
    require_client_manager(actor)
    wanted = parse_quantity(quantity)
    given_price = _price(price)
    with transaction.atomic():
        proposal = _draft_locked(proposal)
        product = _product(product_id)
        if proposal.lines.filter(product=product).exists():
            raise InvalidInput(
                _("Этот товар уже есть в предложении: измените количество в его строке."),
                field="product_id",
                code="duplicate",
            )
        _rounding_check(product, wanted)
        contract_price = _contract_price(actor, proposal, product, wanted)
        if given_price is None and contract_price is None:
            raise InvalidInput(
                _("Нет цены по договору клиента: укажите цену."), field="price", code="no_price"
            )
        position = (proposal.lines.aggregate(top=Max("position"))["top"] or 0) + 1
        line = ProposalLine(
            proposal=proposal,
            position=position,
            product=product,
            article=product.article,
            name=product.name,
            unit_name=product.base_unit.short_name,
            quantity=wanted,
            price=given_price if given_price is not None else contract_price,
            contract_price=contract_price,
            vat_rate=product.vat_rate or VatRate.NONE,
        )
        _line_money(line, proposal.vat_included)
        line.save()
        proposal_totals_refresh(proposal)
    return line


def proposal_line_change(
    *, actor: Actor, proposal: Proposal, line_id: int, quantity=None, price=None
) -> ProposalLine | None:
    """Change a draft line's quantity or price; a quantity of zero removes the line (None is
    answered then)."""
    require_client_manager(actor)
    with transaction.atomic():
        proposal = _draft_locked(proposal)
        line = proposal.lines.select_related("product__base_unit").filter(pk=line_id).first()
        if line is None:
            raise InvalidInput(_("Такой строки в предложении нет."), field="line_id")
        if quantity is not None and _is_zero(quantity):
            line.delete()
            proposal_totals_refresh(proposal)
            return None
        if quantity is not None:
            _quantity_change(actor, proposal, line, parse_quantity(quantity))
        new_price = _price(price)
        if new_price is not None:
            line.price = new_price
        _line_money(line, proposal.vat_included)
        line.save()
        proposal_totals_refresh(proposal)
    return line


def proposal_send(*, actor: Actor, proposal: Proposal) -> Proposal:
    """Send a draft with lines to the client: it shows in their cabinet and the people who
    may order for its legal entity get an e-mail (after commit)."""
    require_client_manager(actor)
    with transaction.atomic():
        proposal = _draft_locked(proposal)
        if proposal.lines_count == 0:
            raise Conflict(_("Добавьте в предложение хотя бы одну строку."), code="empty")
        if proposal.valid_until < timezone.localdate():
            raise InvalidInput(_("Срок действия уже прошёл."), field="valid_until")
        proposal.sent_at = timezone.now()
        _move(proposal, S.SENT, actor)
        proposal_sent_notify(proposal=proposal)
    return proposal


def proposal_withdraw(*, actor: Actor, proposal: Proposal, reason: str = "") -> Proposal:
    """The manager takes back a draft or a sent proposal the client has not answered."""
    require_client_manager(actor)
    reason = _reason(reason)
    with transaction.atomic():
        proposal = proposal_lock(proposal)
        _expect(proposal, {S.DRAFT, S.SENT})
        _move(proposal, S.WITHDRAWN, actor, note=reason)
    return proposal


def proposal_expire_due(*, today: datetime.date | None = None) -> int:
    """Mark sent proposals past their validity date as expired; the count is answered."""
    today = today or timezone.localdate()
    due = Proposal.objects.filter(status=S.SENT, valid_until__lt=today).values_list("pk", flat=True)
    count = 0
    for pk in list(due):
        with transaction.atomic():
            proposal = Proposal.objects.select_for_update().get(pk=pk)
            if proposal.status == S.SENT and proposal.valid_until < today:
                _move(proposal, S.EXPIRED, None)
                count += 1
    return count


# --- the client ---------------------------------------------------------------------------


def proposal_accept(*, actor: Actor, proposal: Proposal) -> Order:
    """The client accepts a sent, unexpired proposal: an order is made with its prices and
    goes to the company. Accepted twice (two clicks, two tabs) it answers the order made the
    first time. Precondition: `proposal` was read through `visible_to(actor)`."""
    _require_orderer(actor, proposal)
    with transaction.atomic():
        proposal = proposal_lock(proposal)
        if proposal.status == S.ACCEPTED and proposal.order_id is not None:
            return proposal.order
        _expect_open(proposal)
        order = order_priced_place(actor=actor, priced=_priced(proposal))
        proposal.order = order
        proposal.decided_by_id = actor.user_id
        proposal.decided_at = timezone.now()
        _move(proposal, S.ACCEPTED, actor, note=order.number or "")
    return order


def proposal_reject(*, actor: Actor, proposal: Proposal, reason: str = "") -> Proposal:
    """The client turns down a sent, unexpired proposal, saying why if they wish."""
    _require_orderer(actor, proposal)
    reason = _reason(reason)
    with transaction.atomic():
        proposal = proposal_lock(proposal)
        _expect_open(proposal)
        proposal.reject_reason = reason
        proposal.decided_by_id = actor.user_id
        proposal.decided_at = timezone.now()
        _move(proposal, S.REJECTED, actor, note=reason)
    return proposal


# --- helpers ------------------------------------------------------------------------------


def proposal_totals_refresh(proposal: Proposal) -> None:
    """Sum the lines into the proposal's money."""
    sums = proposal.lines.aggregate(
        amount=Sum("amount"), vat=Sum("vat_amount"), total=Sum("total"), count=Count("pk")
    )
    proposal.amount = to_money(sums["amount"] or ZERO)
    proposal.vat_amount = to_money(sums["vat"] or ZERO)
    proposal.total = to_money(sums["total"] or ZERO)
    proposal.lines_count = sums["count"]
    proposal.save(update_fields=["amount", "vat_amount", "total", "lines_count", "updated_at"])


def _record(proposal: Proposal, from_status: str, to_status: str, actor, note: str = "") -> None:
    ProposalStatusChange.objects.create(
        proposal=proposal,
        from_status=from_status,
        to_status=to_status,
        user_id=actor.user_id if actor is not None else None,
        note=note[:REASON_MAX],
    )


def _move(proposal: Proposal, to: str, actor: Actor | None, note: str = "") -> None:
    from_status = proposal.status
    proposal.status = to
    proposal.save()
    _record(proposal, from_status, to, actor, note)


def _expect(proposal: Proposal, allowed: set[str]) -> None:
    if proposal.status not in allowed:
        raise Conflict(
            _("Коммерческое предложение в статусе «%(status)s»: это действие недоступно.")
            % {"status": proposal.get_status_display()},
            code="wrong_status",
        )


def _expect_open(proposal: Proposal) -> None:
    """Sent and within its validity date: the client may still answer."""
    _expect(proposal, {S.SENT})
    if proposal.is_expired:
        raise Conflict(
            _("Срок действия предложения истёк %(date)s. Попросите менеджера прислать новое.")
            % {"date": proposal.valid_until.strftime("%d.%m.%Y")},
            code="expired",
        )


def _draft_locked(proposal: Proposal) -> Proposal:
    proposal = proposal_lock(proposal)
    _expect(proposal, {S.DRAFT})
    return proposal


def proposal_may_answer(actor: Actor, proposal: Proposal) -> bool:
    """Whether the actor may accept or reject the proposal now: a client's person who may
    order, acting for its legal entity, while it is sent and not expired."""
    return (
        actor.is_client
        and actor.can(Perm.ORDER_PLACE)
        and proposal.legal_entity_id in actor.legal_entity_ids
        and proposal.status == S.SENT
        and not proposal.is_expired
    )


def _require_orderer(actor: Actor, proposal: Proposal) -> None:
    """A client's person who may order, acting for the proposal's legal entity."""
    if not (
        actor.is_client
        and actor.can(Perm.ORDER_PLACE)
        and proposal.legal_entity_id in actor.legal_entity_ids
    ):
        raise NotAllowed(
            _("Принять или отклонить предложение может сотрудник клиента с правом заказа.")
        )


def _check_contract(contract: Contract) -> None:
    today = timezone.localdate()
    if not contract.is_active or (contract.valid_until and contract.valid_until < today):
        raise InvalidInput(_("Договор не действует."), field="contract_id", code="inactive")


def _valid_until(value: datetime.date | None) -> datetime.date:
    today = timezone.localdate()
    if value is None:
        return today + datetime.timedelta(days=VALID_DAYS)
    if value < today:
        raise InvalidInput(_("Срок действия уже прошёл."), field="valid_until")
    if value > today + datetime.timedelta(days=MAX_VALID_DAYS):
        raise InvalidInput(_("Срок действия — не дальше года."), field="valid_until")
    return value


def _comment(value: str) -> str:
    value = (value or "").strip()
    if len(value) > COMMENT_MAX:
        raise InvalidInput(
            _("Комментарий не длиннее %(max)s символов.") % {"max": COMMENT_MAX}, field="comment"
        )
    return value


def _reason(value: str) -> str:
    return (value or "").strip()[:REASON_MAX]


def _price(value) -> Decimal | None:
    """A price in roubles with kopecks; empty means «the contract's»."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        price = Decimal(text)
    except InvalidOperation:
        raise InvalidInput(
            _("Цена «%(value)s» — не число.") % {"value": value}, field="price"
        ) from None
    if not price.is_finite() or price < 0 or price > MAX_PRICE:
        raise InvalidInput(_("Цена не может быть отрицательной."), field="price")
    if price != price.quantize(Decimal("0.01")):
        raise InvalidInput(_("Цена — в рублях с копейками, не больше двух знаков."), field="price")
    return to_money(price)


def _is_zero(value) -> bool:
    try:
        return Decimal(str(value).strip().replace(",", ".")) == 0
    except InvalidOperation:
        return False


def _rounding_check(product: Product, quantity: Decimal) -> None:
    """A proposal's quantity is in the product's base unit."""
    base = UnitChoice(product.base_unit_id, product.base_unit.short_name, Decimal(1))
    rounding_check(product, [base], base, quantity)


def _product(product_id: int) -> Product:
    product = (
        Product.objects.select_related("base_unit").filter(pk=product_id, is_active=True).first()
    )
    if product is None:
        raise InvalidInput(
            _("Товар не найден или снят с продажи."), field="product_id", code="unknown"
        )
    return product


def _quantity_change(
    actor: Actor, proposal: Proposal, line: ProposalLine, quantity: Decimal
) -> None:
    """The line at a new quantity, priced under the contract again (its quantity breaks
    and discounts); a price the manager set themself stays theirs."""
    _rounding_check(line.product, quantity)
    at_contract = line.price == line.contract_price
    line.quantity = quantity
    line.contract_price = _contract_price(actor, proposal, line.product, quantity)
    if at_contract and line.contract_price is not None:
        line.price = line.contract_price


def _contract_price(
    actor: Actor, proposal: Proposal, product: Product, quantity: Decimal
) -> Decimal | None:
    """The client's price per base unit under the proposal's contract (discounts too)."""
    price = price_line(terms_for(actor, proposal.contract), product.pk, quantity)
    return price.unit_price if price.has_price else None


def _line_money(line: ProposalLine, included: bool) -> None:
    line.amount = to_money(line.price * line.quantity)
    line.vat_amount = line_vat(line.amount, line.vat_rate, included=included)
    line.total = line.amount if included else line.amount + line.vat_amount


def _priced(proposal: Proposal) -> PricedOrder:
    lines = proposal.lines.select_related("product__base_unit").order_by("position", "pk")
    return PricedOrder(
        legal_entity=proposal.legal_entity,
        contract=proposal.contract,
        price_type_id=proposal.price_type_id,
        vat_included=proposal.vat_included,
        lines=[
            PricedLine(
                product=line.product,
                quantity=line.quantity,
                price=line.price,
                amount=line.amount,
                vat_rate=line.vat_rate,
                vat_amount=line.vat_amount,
                total=line.total,
            )
            for line in lines
        ],
        comment=_("По коммерческому предложению %(number)s") % {"number": proposal.number},
        note=_("Принято КП %(number)s") % {"number": proposal.number},
    )
