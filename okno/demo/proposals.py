"""The demo's commercial proposals, so «КП» and the client's «Предложения» show real work
on the first `okno demo`: for «ТехноСнаб» one proposal sent and waiting for an answer, one
accepted (its order made), and a draft the manager is still building. Made through the
proposals' own services; a database that has any proposal is left as it is."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from okno.accounts.models import User
from okno.catalog.models import Product
from okno.catalog.selectors.viewer import home_warehouse
from okno.clients.models import ClientMembership, Contract
from okno.core.actor import Actor, actor_for_user
from okno.core.errors import DomainError
from okno.orders.services.credit import credit_check
from okno.proposals.models import Proposal
from okno.proposals.services import (
    proposal_accept,
    proposal_create,
    proposal_line_add,
    proposal_send,
)

QUANTITIES = (Decimal("2"), Decimal("5"), Decimal("10"))


def demo_proposals_ensure(*, stdout) -> None:
    if Proposal.objects.exists():
        return
    manager_user = User.objects.filter(email="manager@okno.demo").first()
    person = User.objects.filter(email="client1.admin@okno.demo").first()
    membership = ClientMembership.objects.filter(user=person).first() if person else None
    if manager_user is None or membership is None:
        return
    contracts = Contract.objects.filter(
        client_id=membership.client_id,
        is_active=True,
        legal_entity__is_active=True,
        price_type__isnull=False,
    ).order_by("pk")
    # The demo's settlements leave one contract overdue (its orders blocked): an order may
    # be made under another.
    contract = next(
        (found for found in contracts if credit_check(found, Decimal("0")).passed), None
    )
    if contract is None:
        return
    products = _products(contract)
    if len(products) < 9:
        return
    manager = actor_for_user(manager_user)
    made = 0
    for number, (chunk, answer) in enumerate(
        [(products[0:4], "wait"), (products[4:7], "accept"), (products[7:9], "draft")]
    ):
        made += _proposal(manager, contract, chunk, answer, number, actor_for_user(person))
    stdout.write(f"  коммерческие предложения демо-клиента: {made}\n")


def _products(contract: Contract) -> list[Product]:
    """Products with a price under the contract and plenty of free stock where it ships
    from, ordered in ones (no minimum or multiplicity to round to)."""
    warehouse = home_warehouse(contract)
    if warehouse is None:
        return []
    return list(
        Product.objects.filter(
            is_active=True,
            prices__price_type_id=contract.price_type_id,
            stock__warehouse=warehouse,
            stock__free__gte=50,
            min_quantity__lte=1,
        )
        .filter(Q(multiplicity__lte=1))
        .distinct()
        .order_by("pk")[:9]
    )


def _proposal(
    manager: Actor, contract: Contract, products, answer: str, number: int, person: Actor
) -> int:
    valid_until = timezone.localdate() + datetime.timedelta(days=7 + 7 * number)
    try:
        proposal = proposal_create(
            actor=manager,
            legal_entity_id=contract.legal_entity_id,
            contract_id=contract.pk,
            valid_until=valid_until,
            comment="Цены действуют при заказе всей партии." if answer == "wait" else "",
        )
        for index, product in enumerate(products):
            proposal_line_add(
                actor=manager,
                proposal=proposal,
                product_id=product.pk,
                quantity=QUANTITIES[index % len(QUANTITIES)],
            )
        if answer != "draft":
            proposal_send(actor=manager, proposal=proposal)
        if answer == "accept":
            proposal_accept(actor=person, proposal=proposal)
    except DomainError:
        # The demo's catalog may lack a price or stock for one of them: fewer proposals.
        return 0
    return 1
