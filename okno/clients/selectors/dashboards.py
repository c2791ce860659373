"""What the two home pages show: the staff workspace by role and the client's cabinet.

Only real numbers: what is not built yet is shown as a place, never as a figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from okno.accounts.models import User
from okno.clients.models import BankAccount, Client, Contract, LegalEntity
from okno.clients.selectors.history import HistoryEntry, recent_history
from okno.clients.selectors.records import ClientGaps, clients_with_gaps
from okno.core.actor import Actor


@dataclass
class ManagerDashboard:
    """What a manager's home shows: their active clients, those with gaps, recent changes."""

    client_count: int
    gap_count: int
    gaps: list[ClientGaps]
    history: list[HistoryEntry]


@dataclass
class AdminDashboard:
    """What an administrator's home shows: counts of clients, gaps and users."""

    client_count: int
    active_client_count: int
    client_user_count: int
    staff_user_count: int
    gap_count: int


def manager_dashboard(*, actor: Actor) -> ManagerDashboard:
    """A manager's clients, those whose cards have gaps (first ten), and what changed lately."""
    gap_count, gaps = clients_with_gaps(actor=actor, limit=10)
    return ManagerDashboard(
        client_count=Client.objects.visible_to(actor).filter(is_active=True).count(),
        gap_count=gap_count,
        gaps=gaps,
        history=recent_history(actor=actor, limit=10),
    )


def admin_dashboard(*, actor: Actor) -> AdminDashboard:
    """Counts over all clients the actor sees, and over all users of the portal."""
    clients = Client.objects.visible_to(actor)
    gap_count, _first = clients_with_gaps(actor=actor, limit=0)
    return AdminDashboard(
        client_count=clients.count(),
        active_client_count=clients.filter(is_active=True).count(),
        client_user_count=User.objects.filter(staff_role="", membership__isnull=False).count(),
        staff_user_count=User.objects.exclude(staff_role="").count(),
        gap_count=gap_count,
    )


@dataclass
class CabinetHome:
    """The cabinet's one window: who the client is, what terms it buys on, who its manager is."""

    client: Client
    legal_entity: LegalEntity | None
    contracts: list[Contract] = field(default_factory=list)

    @property
    def is_individual(self) -> bool:
        """Whether the client is an individual customer (физлицо), not a company."""
        return self.client.kind == Client.Kind.INDIVIDUAL

    @property
    def manager(self) -> User | None:
        """The client's responsible manager, if one is assigned."""
        return self.client.manager


def cabinet_client(*, actor: Actor) -> Client:
    """The client the person belongs to, with its manager."""
    return Client.objects.visible_to(actor).select_related("manager").get(pk=actor.client_id)


def cabinet_home(*, actor: Actor) -> CabinetHome:
    """The actor's client and the current legal entity with its contracts in force."""
    client = cabinet_client(actor=actor)
    legal_entity = (
        LegalEntity.objects.visible_to(actor).filter(pk=actor.current_legal_entity_id).first()
    )
    contracts = []
    if legal_entity is not None:
        contracts = list(
            _contracts_in_force(actor)
            .filter(legal_entity=legal_entity)
            .select_related("price_type")
        )
    return CabinetHome(client=client, legal_entity=legal_entity, contracts=contracts)


def _contracts_in_force(actor: Actor):
    today = timezone.localdate()
    return (
        Contract.objects.visible_to(actor)
        .filter(is_active=True)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .order_by("-date", "-pk")
    )


def cabinet_legal_entities(*, actor: Actor) -> list[LegalEntity]:
    """The legal entities the person acts for, with bank accounts and contracts in force."""
    return list(
        LegalEntity.objects.visible_to(actor)
        .filter(is_active=True)
        .prefetch_related(
            Prefetch("bank_accounts", queryset=BankAccount.objects.order_by("-is_primary", "pk")),
            Prefetch(
                "contracts",
                queryset=_contracts_in_force(actor).select_related("price_type"),
                to_attr="contracts_in_force",
            ),
        )
        .order_by("name", "pk")
    )
