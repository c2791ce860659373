"""The Actor: who is asking, for which client and legal entities, with which rights.

One frozen Actor is built per request by `ActorMiddleware` and passed to every
service and selector. Nothing reads `request.user` to decide what data to show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from okno.core.roles import CLIENT_ROLE_DEFAULTS, STAFF_PERMISSIONS, ClientRole, Perm

if TYPE_CHECKING:
    from okno.accounts.models import User


@dataclass(frozen=True)
class Actor:
    """An anonymous visitor, a client's person, or a staff member."""

    user: Any = None
    client_id: int | None = None
    client_role: str = ""
    legal_entity_ids: frozenset[int] = field(default_factory=frozenset)
    current_legal_entity_id: int | None = None
    staff_role: str = ""
    permissions: frozenset[str] = field(default_factory=frozenset)
    # What kind of client it is, for what the pages offer: a dealer's "My customers", the
    # reduced cabinet of an individual customer.
    client_is_dealer: bool = False
    client_is_individual: bool = False

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    @property
    def is_client(self) -> bool:
        return self.client_id is not None

    @property
    def is_staff(self) -> bool:
        return bool(self.staff_role)

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user is not None else None

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    def __repr__(self) -> str:  # short in logs and test failures
        who = self.user.pk if self.user is not None else "anonymous"
        return f"<Actor user={who} client={self.client_id} staff={self.staff_role or '-'}>"


ANONYMOUS = Actor()

# A viewer only looks; everyone else of the client may keep contacts and addresses current.
_ROLES_THAT_EDIT_PROFILE = {ClientRole.ADMIN, ClientRole.BUYER, ClientRole.ACCOUNTANT}

_CLIENT_FLAG_PERMISSIONS = {
    "may_order": Perm.ORDER_PLACE,
    "may_view_finance": Perm.FINANCE_VIEW,
    "may_approve_orders": Perm.ORDER_APPROVE,
}


def actor_for_user(user: User | None) -> Actor:
    """Build the Actor of a user: two queries for a client's person, none for staff."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    if user.staff_role:
        permissions = STAFF_PERMISSIONS.get(user.staff_role, frozenset())
        extra = frozenset(user.extra_permissions or ())
        return Actor(user=user, staff_role=user.staff_role, permissions=permissions | extra)
    membership = _membership_of(user)
    if membership is None or not membership.client.is_active:
        return Actor(user=user)
    return _client_actor(user, membership)


def _membership_of(user: User):
    from okno.clients.models import ClientMembership

    return ClientMembership.objects.select_related("client").filter(user=user).first()


def _client_actor(user: User, membership) -> Actor:
    from okno.clients.models import LegalEntity

    # A membership may only ever name its own client's legal entities; the filter by
    # client holds even if a wrong entity was attached by hand.
    entities = LegalEntity.objects.filter(client_id=membership.client_id, is_active=True)
    if membership.role != ClientRole.ADMIN:
        entities = entities.filter(members=membership)
    entity_ids = frozenset(entities.values_list("pk", flat=True))
    current = membership.current_legal_entity_id
    if current not in entity_ids:
        current = min(entity_ids) if entity_ids else None
    permissions = set()
    if membership.role in _ROLES_THAT_EDIT_PROFILE:
        permissions.add(Perm.PROFILE_EDIT)
    for flag, permission in _CLIENT_FLAG_PERMISSIONS.items():
        if getattr(membership, flag):
            permissions.add(permission)
    if membership.role == ClientRole.ADMIN:
        permissions.add(Perm.COLLEAGUES_MANAGE)
    return Actor(
        user=user,
        client_id=membership.client_id,
        client_role=membership.role,
        legal_entity_ids=entity_ids,
        current_legal_entity_id=current,
        permissions=frozenset(permissions),
        client_is_dealer=membership.client.is_dealer,
        client_is_individual=membership.client.kind == "individual",
    )


__all__ = ["ANONYMOUS", "CLIENT_ROLE_DEFAULTS", "Actor", "actor_for_user"]
