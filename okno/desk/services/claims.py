"""Claims: an appeal of a claim kind on one shipment of an order, with its lines.

What the lines must carry depends on the claim type (`REQUIRED`, and `ClaimTypeRule`'s
photos); a line never claims more than was shipped on it minus what other claims took
already — checked while the shipment's row is locked, so two claims at once cannot both
take the last units. A claim past a type's acceptance window (days after the shipment's
date, `ClaimTypeRule`) is accepted but flagged `late` with the reason on arrival.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.core.actor import Actor
from okno.core.errors import Conflict, InvalidInput
from okno.core.money import format_quantity
from okno.desk.models import (
    Appeal,
    AppealKind,
    ClaimLine,
    ClaimType,
    ClaimTypeRule,
    Resolution,
)
from okno.desk.services.appeals import (
    AppealIn,
    appeal_by_external_id,
    appeal_opening_event,
    appeal_raced,
    appeal_start,
)
from okno.desk.services.attachments import FileIn, attachments_store, files_check
from okno.desk.services.rules import check_may_file
from okno.orders.models import Shipment, ShipmentLine, ShipmentStatus
from okno.orders.services.quantities import parse_quantity

T = ClaimType
# A claim is on goods that left the warehouse.
CLAIMABLE_SHIPMENTS = (ShipmentStatus.SHIPPED, ShipmentStatus.IN_TRANSIT, ShipmentStatus.DELIVERED)
# The fields each claim type needs besides the quantity and resolution.
REQUIRED: dict[str, tuple[str, ...]] = {
    T.PICKING_ERROR: ("received_article",),
    T.REGRADING: ("expected_article", "received_article"),
    T.SHORTAGE: (),
    T.BREAKAGE: (),
    T.EXPIRED: ("expiry_date",),
    T.DEFECT: ("batch",),
}
_FIELD_NAMES = {
    "expected_article": _("артикул по документам"),
    "received_article": _("артикул полученного товара"),
    "batch": _("партию"),
    "expiry_date": _("срок годности"),
}


@dataclass(frozen=True)
class ClaimLineIn:
    """One claimed line as the client gave it (quantity in the product's base unit)."""

    shipment_line_id: int
    claim_type: str
    quantity: Decimal | str
    resolution: str = Resolution.REFUND
    expected_article: str = ""
    received_article: str = ""
    batch: str = ""
    expiry_date: datetime.date | None = None
    comment: str = ""
    photos: Sequence[FileIn] = field(default_factory=tuple)


def claim_create(
    *,
    actor: Actor,
    data: AppealIn,
    shipment_id: int,
    lines: Sequence[ClaimLineIn],
    channel: str,
) -> tuple[Appeal, bool]:
    """File a claim on a shipment of `data.order_id`. Returns the claim and whether it is
    new (an `external_id` the caller sent before answers the claim made then)."""
    check_may_file(actor)
    kind = _claim_kind(data.kind)
    existing = appeal_by_external_id(actor=actor, external_id=data.external_id)
    if existing is not None:
        return existing, False
    if data.order_id is None:
        raise InvalidInput(_("Выберите заказ."), field="order_id")
    if not lines:
        raise InvalidInput(_("Отметьте хотя бы одну строку отгрузки."), field="lines")
    try:
        with transaction.atomic():
            appeal = appeal_start(actor=actor, data=data, kind=kind, channel=channel)
            shipment = _shipment(appeal, shipment_id)
            appeal.shipment = shipment
            _lines_write(actor, appeal, shipment, lines)
            appeal.save(update_fields=["shipment", "late", "late_reason"])
            appeal_opening_event(actor=actor, appeal=appeal, data=data)
    except IntegrityError:
        return appeal_raced(actor, data), False
    return appeal, True


def _claim_kind(code: str) -> AppealKind:
    found = AppealKind.objects.filter(code=code, is_active=True, is_claim=True).first()
    if found is None:
        raise InvalidInput(_("Нет такого вида претензии."), field="kind")
    return found


def _shipment(appeal: Appeal, shipment_id: int) -> Shipment:
    """The order's shipment, locked: the claimed quantities of its lines are read and
    added to under this lock."""
    found = Shipment.objects.select_for_update().filter(pk=shipment_id, order=appeal.order).first()
    if found is None:
        raise InvalidInput(_("Нет такой отгрузки в заказе."), field="shipment_id")
    if found.status not in CLAIMABLE_SHIPMENTS:
        raise Conflict(
            _("Отгрузка в статусе «%(status)s»: претензию принимают по отгруженному товару.")
            % {"status": found.get_status_display()},
            field="shipment_id",
            code="not_shipped",
        )
    return found


def _lines_write(
    actor: Actor, appeal: Appeal, shipment: Shipment, wanted: Sequence[ClaimLineIn]
) -> None:
    shipment_lines = {
        row.pk: row for row in shipment.lines.select_related("order_line__product__base_unit")
    }
    claimed = claimed_quantities(shipment_lines)
    rules = {rule.claim_type: rule for rule in ClaimTypeRule.objects.all()}
    late_reasons = []
    for index, item in enumerate(wanted):
        where = f"lines.{index}"
        row = shipment_lines.get(item.shipment_line_id)
        if row is None:
            raise InvalidInput(_("Такой строки в отгрузке нет."), field=f"{where}.shipment_line_id")
        line = _line(item, row, where, claimed, rules.get(item.claim_type))
        line.appeal = appeal
        line.created_by = actor.user
        line.late = _late(item.claim_type, shipment, rules)
        line.save()
        attachments_store(
            files_check(item.photos, field=f"{where}.photos"),
            appeal=appeal,
            user=actor.user,
            claim_line=line,
        )
        claimed[row.pk] = claimed.get(row.pk, Decimal(0)) + line.quantity
        if line.late:
            late_reasons.append(_late_reason(line, shipment, rules[item.claim_type]))
    appeal.late = bool(late_reasons)
    appeal.late_reason = "\n".join(late_reasons)


def claimed_quantities(shipment_lines) -> dict[int, Decimal]:
    """What earlier claims took of each shipment line, in base units."""
    rows = (
        ClaimLine.objects.filter(shipment_line_id__in=list(shipment_lines))
        .values("shipment_line_id")
        .annotate(total=Sum("quantity"))
    )
    return {row["shipment_line_id"]: row["total"] for row in rows}


def _line(item: ClaimLineIn, row: ShipmentLine, where: str, claimed, rule) -> ClaimLine:
    """A claim line checked against its type's required fields and the quantity left."""
    if item.claim_type not in T.values:
        raise InvalidInput(_("Нет такого типа претензии."), field=f"{where}.claim_type")
    if item.resolution not in Resolution.values:
        raise InvalidInput(_("Нет такого решения."), field=f"{where}.resolution")
    order_line = row.order_line
    line = ClaimLine(
        shipment_line=row,
        order_line=order_line,
        claim_type=item.claim_type,
        quantity=parse_quantity(item.quantity, field=f"{where}.quantity"),
        resolution=item.resolution,
        expected_article=_short(item.expected_article, f"{where}.expected_article", 100),
        received_article=_short(item.received_article, f"{where}.received_article", 100),
        batch=_short(item.batch, f"{where}.batch", 60),
        expiry_date=item.expiry_date,
        comment=_short(item.comment, f"{where}.comment", 1000),
    )
    if item.claim_type == T.REGRADING and not line.expected_article:
        line.expected_article = order_line.article
    for name in REQUIRED[item.claim_type]:
        if not getattr(line, name):
            raise InvalidInput(
                _("%(article)s, %(type)s: укажите %(what)s.")
                % {
                    "article": order_line.article,
                    "type": T(item.claim_type).label.lower(),
                    "what": _FIELD_NAMES[name],
                },
                field=f"{where}.{name}",
                code="required",
            )
    if rule is not None and rule.photos_required and not item.photos:
        raise InvalidInput(
            _("%(article)s, %(type)s: приложите фотографии.")
            % {"article": order_line.article, "type": T(item.claim_type).label.lower()},
            field=f"{where}.photos",
            code="required",
        )
    left = row.quantity_base - claimed.get(row.pk, Decimal(0))
    if line.quantity > left:
        raise InvalidInput(
            _(
                "%(article)s: отгружено %(shipped)s %(unit)s, по претензиям уже заявлено "
                "%(claimed)s — можно заявить не больше %(left)s %(unit)s."
            )
            % {
                "article": order_line.article,
                "shipped": format_quantity(row.quantity_base),
                "claimed": format_quantity(claimed.get(row.pk, Decimal(0))),
                "left": format_quantity(max(left, Decimal(0))),
                "unit": order_line.product.base_unit.short_name,
            },
            field=f"{where}.quantity",
            code="too_much",
        )
    return line


def _short(value: str, name: str, limit: int) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        raise InvalidInput(
            _("Не длиннее %(max_length)s символов.") % {"max_length": limit}, field=name
        )
    return text


def acceptance_deadline(claim_type: str, shipment: Shipment, rules) -> datetime.date | None:
    """The last day a claim of this type on this shipment is on time (None — no limit)."""
    rule = rules.get(claim_type)
    if rule is None or rule.acceptance_days is None:
        return None
    return shipment.date + datetime.timedelta(days=rule.acceptance_days)


def _late(claim_type: str, shipment: Shipment, rules) -> bool:
    deadline = acceptance_deadline(claim_type, shipment, rules)
    return deadline is not None and timezone.localdate() > deadline


def _late_reason(line: ClaimLine, shipment: Shipment, rule: ClaimTypeRule) -> str:
    deadline = shipment.date + datetime.timedelta(days=rule.acceptance_days or 0)
    return _(
        "%(article)s, %(type)s: срок приёмки %(days)s дн. от отгрузки %(shipped)s истёк "
        "%(deadline)s."
    ) % {
        "article": line.order_line.article,
        "type": ClaimType(line.claim_type).label.lower(),
        "days": rule.acceptance_days,
        "shipped": shipment.date.strftime("%d.%m.%Y"),
        "deadline": deadline.strftime("%d.%m.%Y"),
    }
