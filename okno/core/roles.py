"""Roles of staff and of client people, and the permissions each role carries.

Permissions are plain strings checked with `Actor.can()`. A staff user may be
granted more through Django's user permissions (codename `okno.<perm>` is not
used; the extra grants are stored as `User.extra_permissions`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffRole(models.TextChoices):
    ADMIN = "admin", _("Администратор")
    MANAGER = "manager", _("Менеджер")
    OPERATOR = "operator", _("Оператор претензий")
    SUPERVISOR = "supervisor", _("Руководитель претензионного отдела")
    INTEGRATION = "integration", _("Интеграция с 1С")


class ClientRole(models.TextChoices):
    ADMIN = "client_admin", _("Администратор клиента")
    BUYER = "buyer", _("Закупщик")
    ACCOUNTANT = "accountant", _("Бухгалтер")
    VIEWER = "viewer", _("Наблюдатель")


class Perm:
    """Names of permissions; one place so a typo fails at import, not at run time."""

    CLIENTS_VIEW_ALL = "clients.view_all"
    CLIENTS_MANAGE = "clients.manage"
    CLIENTS_CONNECT_PEOPLE = "clients.connect_people"
    AUDIT_VIEW = "audit.view"
    TOKENS_MANAGE_ALL = "tokens.manage_all"
    EXCHANGE_USE = "exchange.use"
    EXCHANGE_VIEW_LOG = "exchange.view_log"
    DESK_WORK = "desk.work"
    DESK_SUPERVISE = "desk.supervise"
    ORDER_PLACE = "order.place"
    ORDER_APPROVE = "order.approve"
    FINANCE_VIEW = "finance.view"
    FINANCE_IMPORT = "finance.import"
    COLLEAGUES_MANAGE = "colleagues.manage"
    PROFILE_EDIT = "profile.edit"


STAFF_PERMISSIONS: dict[str, frozenset[str]] = {
    StaffRole.ADMIN: frozenset(
        {
            Perm.CLIENTS_VIEW_ALL,
            Perm.CLIENTS_MANAGE,
            Perm.CLIENTS_CONNECT_PEOPLE,
            Perm.AUDIT_VIEW,
            Perm.TOKENS_MANAGE_ALL,
            Perm.EXCHANGE_USE,
            Perm.EXCHANGE_VIEW_LOG,
            Perm.DESK_WORK,
            Perm.DESK_SUPERVISE,
            Perm.FINANCE_IMPORT,
        }
    ),
    StaffRole.MANAGER: frozenset({Perm.CLIENTS_MANAGE, Perm.CLIENTS_CONNECT_PEOPLE}),
    StaffRole.OPERATOR: frozenset({Perm.DESK_WORK}),
    StaffRole.SUPERVISOR: frozenset({Perm.CLIENTS_VIEW_ALL, Perm.DESK_WORK, Perm.DESK_SUPERVISE}),
    # 1C's account exchanges data through the exchange endpoint only; it does not browse
    # the staff workspace, so it sees no client records there.
    # It also sends the settlement documents (POST /api/v1/finance/import).
    StaffRole.INTEGRATION: frozenset({Perm.EXCHANGE_USE, Perm.FINANCE_IMPORT}),
}

# What each client role may do by default; a client admin can change the flags per colleague.
CLIENT_ROLE_DEFAULTS: dict[str, dict[str, bool]] = {
    ClientRole.ADMIN: {"may_order": True, "may_view_finance": True, "may_approve_orders": True},
    ClientRole.BUYER: {"may_order": True, "may_view_finance": False, "may_approve_orders": False},
    ClientRole.ACCOUNTANT: {
        "may_order": False,
        "may_view_finance": True,
        "may_approve_orders": False,
    },
    ClientRole.VIEWER: {"may_order": False, "may_view_finance": False, "may_approve_orders": False},
}
