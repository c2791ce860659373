"""Whose catalog: who may browse it, the prices they see and the warehouse that is theirs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from okno.catalog.models import Warehouse
from okno.catalog.pricing import PriceTerms, current_contract, terms_for
from okno.core.actor import Actor
from okno.core.errors import NotAllowed
from okno.core.roles import Perm

if TYPE_CHECKING:
    from okno.clients.models import Contract


@dataclass(frozen=True)
class CatalogViewer:
    """Whose catalog it is: the price terms, the warehouse whose stock is "here" (None —
    there is none, and "here" means every warehouse), whether archived products are
    hidden (from clients) and whether stock movements and reserves are shown (to staff)."""

    actor: Actor
    terms: PriceTerms
    warehouse_id: int | None
    warehouse_name: str
    active_only: bool

    @property
    def is_staff(self) -> bool:
        return self.actor.is_staff

    @property
    def shows_base(self) -> bool:
        """Whether a base price beside the person's own price tells them anything."""
        terms = self.terms
        return terms.show_base and terms.base_price_type_id not in (None, terms.price_type_id)


def catalog_allowed(actor: Actor) -> bool:
    """Clients' people and the staff who work with clients browse the catalog."""
    if actor.is_client:
        return True
    return actor.is_staff and (actor.can(Perm.CLIENTS_MANAGE) or actor.can(Perm.CLIENTS_VIEW_ALL))


def catalog_viewer(actor: Actor) -> CatalogViewer:
    """The terms the actor browses the catalog on; refuses (403) anyone else.

    The contract is the first active one (by date) of the current legal entity — the one
    `terms_for` chooses — read here once, so the prices and the warehouse come from the
    same contract."""
    if not catalog_allowed(actor):
        raise NotAllowed(_("Каталог недоступен для вашей роли."), code="not_allowed")
    contract = current_contract(actor)
    terms = terms_for(actor, contract)
    warehouse = home_warehouse(contract)
    return CatalogViewer(
        actor=actor,
        terms=terms,
        warehouse_id=warehouse.pk if warehouse is not None else None,
        warehouse_name=warehouse.name if warehouse is not None else "",
        active_only=not actor.is_staff,
    )


def home_warehouse(contract: Contract | None) -> Warehouse | None:
    """The warehouse a contract ships from — its own, or else the company's default one."""
    warehouse = contract.warehouse if contract is not None else None
    if warehouse is None or not warehouse.is_active:
        warehouse = Warehouse.objects.filter(is_default=True, is_active=True).order_by("pk").first()
    return warehouse
