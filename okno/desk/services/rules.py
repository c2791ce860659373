"""Who may do what on the desk. The services check these before writing; the pages ask
the same to decide which buttons to show."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from okno.accounts.models import User
from okno.core.actor import Actor
from okno.core.errors import NotAllowed
from okno.core.roles import STAFF_PERMISSIONS, Perm, StaffRole


def works_desk(actor: Actor) -> bool:
    """Staff whose role (or an extra grant) lets them work the appeals desk."""
    return actor.is_staff and actor.can(Perm.DESK_WORK)


def check_works_desk(actor: Actor) -> None:
    if not works_desk(actor):
        raise NotAllowed(_("Работать с обращениями могут операторы претензионного отдела."))


def supervises_desk(actor: Actor) -> bool:
    """Staff who read the desk's reports: the department's supervisors and administrators."""
    return actor.is_staff and actor.can(Perm.DESK_SUPERVISE)


def check_supervises_desk(actor: Actor) -> None:
    if not supervises_desk(actor):
        raise NotAllowed(_("Отчёты отдела доступны руководителю претензионного отдела."))


def check_may_file(actor: Actor) -> None:
    """A client's person files appeals for their client; desk staff for any client."""
    if not (actor.is_client or works_desk(actor)):
        raise NotAllowed(_("Подать обращение может клиент или оператор."))


def desk_staff() -> list[User]:
    """Active staff who may be assigned an appeal: roles with the desk permission, and
    people granted it one by one (the grants are a JSON list, read here, not in SQL, since
    SQLite cannot look inside one)."""
    roles = [role for role, perms in STAFF_PERMISSIONS.items() if Perm.DESK_WORK in perms]
    rows = (
        User.objects.filter(is_active=True)
        .exclude(staff_role="")
        .filter(Q(staff_role__in=roles) | ~Q(extra_permissions=[]))
        .order_by("full_name", "pk")
    )
    return [user for user in rows if is_desk_staff(user)]


def is_desk_staff(user: User) -> bool:
    if not user.is_active or not user.staff_role:
        return False
    permissions = STAFF_PERMISSIONS.get(user.staff_role, frozenset())
    return Perm.DESK_WORK in permissions or Perm.DESK_WORK in (user.extra_permissions or ())


def colleagues() -> list[User]:
    """Staff who may watch an appeal: every active staff member but 1C's account."""
    return list(
        User.objects.filter(is_active=True)
        .exclude(staff_role="")
        .exclude(staff_role=StaffRole.INTEGRATION)
        .order_by("full_name", "pk")
    )
