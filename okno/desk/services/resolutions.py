"""Resolving claim lines: the resolution ledger and what each kind of resolution does.

An operator resolves a claim line in one or more rows — a refund, a replacement, a credit
note, a return pickup or a rejection — each with a quantity and an amount. Under the
appeal's row lock and then the claim line's (always in this order), the line's rows are
summed: the quantity resolved never exceeds the quantity claimed, and the money given
(refund + credit note + the replacement's value) never exceeds the line's value, so a line
is never paid twice, however many requests come at once. Cancelling writes a reversing row.

What each kind does besides its row, in the same transaction:
- credit note: a settlement document of kind «credit note» posted to the finance ledger
  (source `portal`, idempotent by the resolution's id, the claim's number on it);
  cancelling posts it as deleted, which reverses it in the ledger;
- refund: the row only. The money goes back outside the portal (a bank transfer from 1C)
  and 1C's own documents come back through the settlements import: a refund posted here
  as well would count twice (see ARCHITECTURE.md «A claim»);
- replacement: a free replacement order (`orders.services.replacement`), linked from the
  row; its value at the shipped price counts as money. It is cancelled only after the
  replacement order was (the client's manager cancels orders);
- return pickup: the row with the day the goods are collected; no money;
- rejection: a reason from the list (`RejectionReason`) and the operator's words; no money.
Every row and its cancellation is an entry of the appeal's log, public to the client.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.core.actor import Actor
from okno.core.errors import Conflict, InvalidInput
from okno.core.money import format_money, format_quantity, to_money
from okno.desk import states
from okno.desk.models import (
    MONEY_KINDS,
    Appeal,
    AppealEvent,
    ClaimLine,
    ClaimResolution,
    EventKind,
    RejectionReason,
    ResolutionKind,
)
from okno.desk.services.rules import check_works_desk
from okno.finance.models import DocumentKind
from okno.finance.services.ledger import DocumentData, settlement_document_post
from okno.orders.models import Order, OrderStatus
from okno.orders.services.quantities import parse_quantity
from okno.orders.services.replacement import ReplacementItem, order_replacement_create

K = ResolutionKind
ZERO = Decimal("0")
SOURCE = "portal"  # the settlement documents the portal posts itself
COMMENT_MAX = 1000


@dataclass(frozen=True)
class ResolutionIn:
    """What the operator decided for a claim line. `amount` empty: the shipped price × the
    quantity (refund, credit note); a replacement is always worth that; a return pickup
    and a rejection move no money."""

    claim_line_id: int
    kind: str
    quantity: Decimal | str
    amount: Decimal | str | None = None
    rejection_reason_id: int | None = None
    comment: str = ""
    pickup_date: datetime.date | None = None


@dataclass(frozen=True)
class LineTotals:
    """A claim line's value and what its resolution ledger holds so far."""

    claimed: Decimal
    value: Decimal
    unit_value: Decimal
    quantity: Decimal
    money: Decimal

    @property
    def quantity_left(self) -> Decimal:
        return max(self.claimed - self.quantity, ZERO)

    @property
    def money_left(self) -> Decimal:
        return max(self.value - self.money, ZERO)


def unit_value(line: ClaimLine) -> Decimal:
    """The price of one base unit as shipped (with VAT): the shipment line's amount over
    its quantity, or the order line's total over its quantity when 1C sent no amount.
    Precondition: `shipment_line` and `order_line` are loaded."""
    shipped = line.shipment_line
    if shipped.amount > 0 and shipped.quantity_base > 0:
        return shipped.amount / shipped.quantity_base
    ordered = line.order_line
    if ordered.quantity_base > 0:
        return ordered.total / ordered.quantity_base
    return ZERO


def line_totals(line: ClaimLine, rows=None) -> LineTotals:
    """The line's value and its resolved quantity and money: from `rows` (the line's
    resolutions already read), else summed in the database."""
    per_unit = unit_value(line)
    if rows is None:
        sums = ClaimResolution.objects.filter(claim_line=line).aggregate(
            quantity=Sum("quantity"), money=Sum("amount", filter=Q(kind__in=MONEY_KINDS))
        )
        quantity, money = sums["quantity"] or ZERO, sums["money"] or ZERO
    else:
        quantity = sum((row.quantity for row in rows), ZERO)
        money = sum((row.amount for row in rows if row.kind in MONEY_KINDS), ZERO)
    return LineTotals(
        claimed=line.quantity,
        value=to_money(per_unit * line.quantity),
        unit_value=per_unit,
        quantity=quantity,
        money=money,
    )


def claim_fully_resolved(appeal: Appeal) -> bool:
    """Whether every claim line of the appeal is resolved in its whole quantity."""
    lines = ClaimLine.objects.filter(appeal=appeal).annotate(resolved=Sum("resolutions__quantity"))
    return all((line.resolved or ZERO) >= line.quantity for line in lines)


# --- adding ----------------------------------------------------------------------------------


def claim_resolution_add(*, actor: Actor, appeal: Appeal, data: ResolutionIn) -> ClaimResolution:
    """Resolve (part of) a claim line of the appeal, as the module says. Refused on a
    finished appeal, past the line's claimed quantity or value, or with the kind's
    details missing. Precondition: `appeal` was read through `visible_to(actor)`."""
    check_works_desk(actor)
    if data.kind not in K.values:
        raise InvalidInput(_("Нет такого решения."), field="kind")
    quantity = parse_quantity(data.quantity, field="quantity")
    comment = _comment(data.comment)
    with transaction.atomic():
        appeal = _lock_open(appeal)
        line = _lock_line(appeal, data.claim_line_id)
        totals = line_totals(line)
        left = totals.quantity_left
        if quantity > left:
            raise Conflict(
                _(
                    "%(article)s: заявлено %(claimed)s, уже решено %(resolved)s — решить можно "
                    "не больше %(left)s."
                )
                % {
                    "article": line.order_line.article,
                    "claimed": format_quantity(line.quantity),
                    "resolved": format_quantity(totals.quantity),
                    "left": format_quantity(left),
                },
                field="quantity",
                code="too_much",
            )
        row = ClaimResolution(
            claim_line=line,
            kind=data.kind,
            quantity=quantity,
            amount=_amount(data, quantity, totals),
            comment=comment,
            created_by=actor.user,
        )
        _details(actor, appeal, line, row, data)
        row.save()
        if row.kind == K.CREDIT_NOTE:
            _credit_note_post(actor, appeal, row, deleted=False)
        _log(actor, appeal, EventKind.RESOLUTION, resolution_text(row, line))
    return row


def _amount(data: ResolutionIn, quantity: Decimal, totals: LineTotals) -> Decimal:
    """The row's money: checked against what is left of the line's value."""
    if data.kind not in MONEY_KINDS:
        if _money(data.amount) not in (None, ZERO):
            raise InvalidInput(
                _("«%(kind)s» — без суммы.") % {"kind": K(data.kind).label}, field="amount"
            )
        return ZERO
    default = min(to_money(totals.unit_value * quantity), totals.money_left)
    wanted = _money(data.amount)
    if data.kind == K.REPLACEMENT and wanted is not None and wanted != default:
        raise InvalidInput(
            _("Замена стоит столько, сколько отгруженный товар: сумму не указывают."),
            field="amount",
        )
    amount = default if wanted is None else wanted
    if amount <= 0 or amount > totals.money_left:
        raise Conflict(
            _("Стоимость строки %(value)s, по ней уже дано %(given)s — можно не больше %(left)s.")
            % {
                "value": format_money(totals.value),
                "given": format_money(totals.money),
                "left": format_money(totals.money_left),
            },
            field="amount",
            code="too_much",
        )
    return amount


def _money(value) -> Decimal | None:
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise InvalidInput(
            _("Сумма «%(value)s» — не число.") % {"value": value}, field="amount"
        ) from None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput(_("Сумма — в рублях и копейках."), field="amount")
    return to_money(amount)


def _details(
    actor: Actor, appeal: Appeal, line: ClaimLine, row: ClaimResolution, data: ResolutionIn
) -> None:
    """What the kind needs besides quantity and amount."""
    if row.kind == K.REJECTION:
        reason = None
        if data.rejection_reason_id is not None:
            reason = RejectionReason.objects.filter(
                pk=data.rejection_reason_id, is_active=True
            ).first()
        if reason is None:
            raise InvalidInput(
                _("Выберите причину отказа."), field="rejection_reason_id", code="required"
            )
        if not row.comment:
            raise InvalidInput(
                _("Объясните клиенту отказ своими словами."), field="comment", code="required"
            )
        row.rejection_reason = reason
    elif row.kind == K.RETURN_PICKUP:
        if data.pickup_date is None:
            raise InvalidInput(_("Укажите дату вывоза."), field="pickup_date", code="required")
        if data.pickup_date < timezone.localdate():
            raise InvalidInput(_("Дата вывоза уже прошла."), field="pickup_date")
        row.pickup_date = data.pickup_date
    elif row.kind == K.REPLACEMENT:
        row.replacement_order = order_replacement_create(
            actor=actor,
            original=_claim_order(appeal),
            items=[ReplacementItem(order_line=line.order_line, quantity_base=row.quantity)],
            note=_("Замена по претензии %(number)s") % {"number": appeal.number},
        )


# --- cancelling ------------------------------------------------------------------------------


def claim_resolution_cancel(
    *, actor: Actor, appeal: Appeal, resolution_id: int, reason: str
) -> ClaimResolution:
    """Cancel a resolution of the appeal by writing its reversing row (a credit note is
    reversed in finance too); returns the reversing row. A replacement is cancelled only
    once its order was. Precondition: `appeal` was read through `visible_to(actor)`."""
    check_works_desk(actor)
    reason = _comment(reason)
    if not reason:
        raise InvalidInput(_("Укажите причину отмены."), field="reason", code="required")
    with transaction.atomic():
        appeal = _lock_open(appeal)
        original = (
            ClaimResolution.objects.filter(
                pk=resolution_id, claim_line__appeal=appeal, reverses__isnull=True
            )
            .select_related("replacement_order")
            .first()
        )
        if original is None:
            raise InvalidInput(_("Нет такого решения по претензии."), field="resolution_id")
        line = _lock_line(appeal, original.claim_line_id)
        if ClaimResolution.objects.filter(reverses=original).exists():
            raise Conflict(_("Это решение уже отменено."), field="resolution_id", code="cancelled")
        order = original.replacement_order
        if order is not None and order.status != OrderStatus.CANCELLED:
            raise Conflict(
                _(
                    "По решению оформлен заказ на замену %(number)s: сначала его отменяет "
                    "менеджер клиента."
                )
                % {"number": order.number},
                field="resolution_id",
                code="replacement_order",
            )
        reversal = ClaimResolution.objects.create(
            claim_line=line,
            kind=original.kind,
            quantity=-original.quantity,
            amount=-original.amount,
            rejection_reason=original.rejection_reason,
            comment=reason,
            reverses=original,
            created_by=actor.user,
        )
        if original.kind == K.CREDIT_NOTE:
            _credit_note_post(actor, appeal, original, deleted=True)
        text = _("%(what)s. Причина отмены: %(reason)s") % {
            "what": resolution_text(original, line),
            "reason": reason,
        }
        _log(actor, appeal, EventKind.RESOLUTION_CANCELLED, text)
    return reversal


# --- shared ----------------------------------------------------------------------------------


def _lock_open(appeal: Appeal) -> Appeal:
    """The appeal under its row lock, refused when it is finished (reopen it first) or
    merged into another."""
    locked = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("order__contract", "shipment")
        .get(pk=appeal.pk)
    )
    if locked.status not in states.OPEN:
        raise Conflict(
            _("Обращение в статусе «%(status)s»: решения меняют, пока оно открыто.")
            % {"status": locked.get_status_display()},
            field="status",
            code="finished",
        )
    return locked


def _lock_line(appeal: Appeal, line_id: int) -> ClaimLine:
    """The claim line under its row lock: its ledger is summed and added to under it."""
    found = (
        ClaimLine.objects.select_for_update(of=("self",))
        .filter(pk=line_id, appeal=appeal)
        .select_related("shipment_line", "order_line__product__base_unit")
        .first()
    )
    if found is None:
        raise InvalidInput(_("Нет такой строки в претензии."), field="claim_line_id")
    return found


def _credit_note_post(actor: Actor, appeal: Appeal, row: ClaimResolution, *, deleted: bool):
    """Post the credit note of `row` to the finance ledger, or (deleted) reverse it there;
    the same id both times, so a repeat changes nothing."""
    order = _claim_order(appeal)
    settlement_document_post(
        actor=actor,
        data=DocumentData(
            external_id=row.settlement_external_id,
            source=SOURCE,
            kind=DocumentKind.CREDIT_NOTE,
            number=f"{appeal.number}/{row.pk}",
            date=timezone.localdate(row.created_at),
            amount=row.amount,
            contract=order.contract,
            order=order,
            shipment=appeal.shipment,
            claim_number=appeal.number or "",
            comment=_("Кредит-нота по претензии %(number)s") % {"number": appeal.number},
            is_deleted=deleted,
        ),
    )


def _claim_order(appeal: Appeal) -> Order:
    """The order a claim is on (every claim has one: its lines are the order's)."""
    if appeal.order is None:
        raise Conflict(_("Обращение не связано с заказом."), field="claim_line_id")
    return appeal.order


def _log(actor: Actor, appeal: Appeal, kind: str, body: str) -> None:
    AppealEvent.objects.create(appeal=appeal, kind=kind, author=actor.user, body=body)
    appeal.save(update_fields=["updated_at"])


def _comment(value: str) -> str:
    text = (value or "").strip()
    if len(text) > COMMENT_MAX:
        raise InvalidInput(
            _("Не длиннее %(max_length)s символов.") % {"max_length": COMMENT_MAX},
            field="comment",
        )
    return text


def resolution_text(row: ClaimResolution, line: ClaimLine) -> str:
    """The row as the appeal's log and the client read it."""
    text = _("%(article)s: %(kind)s, %(quantity)s %(unit)s") % {
        "article": line.order_line.article,
        "kind": K(row.kind).label.lower(),
        "quantity": format_quantity(abs(row.quantity)),
        "unit": line.order_line.product.base_unit.short_name,
    }
    if row.kind in MONEY_KINDS:
        text += _(" на %(amount)s") % {"amount": format_money(abs(row.amount))}
    if row.pickup_date:
        text += _(", вывоз %(date)s") % {"date": row.pickup_date.strftime("%d.%m.%Y")}
    if row.replacement_order is not None:
        text += _(", заказ %(number)s") % {"number": row.replacement_order.number}
    if row.rejection_reason is not None:
        text += f". {row.rejection_reason.name}"
    if row.comment:
        text += f". {row.comment}"
    return text
