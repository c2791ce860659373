"""How the audit page names events; an action without a label is shown as written."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "login.success": _("Вход"),
    "login.failure": _("Неудачный вход"),
    "login.lockout": _("Блокировка входа"),
    "login.otp_failure": _("Неверный код второго фактора"),
    "logout": _("Выход"),
    "session.ended": _("Сеанс завершён"),
    "invitation.sent": _("Приглашение отправлено"),
    "invitation.accepted": _("Приглашение принято"),
    "registration.completed": _("Регистрация"),
    "access.changed": _("Доступ изменён"),
    "user.created": _("Пользователь создан"),
    "user.permissions_changed": _("Роль и права пользователя изменены"),
    "user.deleted": _("Пользователь удалён"),
    "person.connected": _("Человек подключён к порталу"),
    "membership.changed": _("Роль и права в компании изменены"),
    "two_factor.policy_changed": _("Политика двухфакторного входа изменена"),
    "password.changed": _("Пароль изменён"),
    "password.reset": _("Пароль восстановлен"),
    "password.reset_requested": _("Запрошено восстановление пароля"),
    "two_factor.enabled": _("Двухфакторный вход включён"),
    "two_factor.disabled": _("Двухфакторный вход отключён"),
    "api_token.created": _("API-токен создан"),
    "api_token.revoked": _("API-токен отозван"),
    "payment.refunded": _("Платёж возвращён"),
    "client.created": _("Клиент создан"),
    "client.updated": _("Клиент изменён"),
    "legal_entity.created": _("Юрлицо создано"),
    "legal_entity.updated": _("Юрлицо изменено"),
    "contract.created": _("Договор создан"),
    "contract.updated": _("Договор изменён"),
    "bank_account.created": _("Банковский счёт добавлен"),
    "bank_account.updated": _("Банковский счёт изменён"),
    "bank_account.deleted": _("Банковский счёт удалён"),
    "address.created": _("Адрес доставки добавлен"),
    "address.changed": _("Адрес доставки изменён"),
    "address.default_set": _("Адрес доставки выбран основным"),
    "address.deactivated": _("Адрес доставки отключён"),
    "contact.created": _("Контакт добавлен"),
    "contact.changed": _("Контакт изменён"),
    "contact.deleted": _("Контакт удалён"),
    "membership.updated": _("Роль изменена"),
    "integration.updated": _("Настройки обмена с 1С изменены"),
    "exchange.rerun": _("Загрузка из 1С запущена повторно"),
    "desk.bulk": _("Массовое действие с обращениями"),
    "desk.quarantine_refiled": _("Разбор из карантина повторён"),
}

OBJECT_TYPE_LABELS = {
    "accounts.user": _("Пользователь"),
    "clients.client": _("Клиент"),
    "clients.legalentity": _("Юрлицо"),
    "clients.contract": _("Договор"),
    "clients.bankaccount": _("Банковский счёт"),
    "clients.deliveryaddress": _("Адрес доставки"),
    "clients.contact": _("Контакт"),
    "clients.clientmembership": _("Доступ сотрудника клиента"),
    "accounts.twofactorpolicy": _("Политика двухфакторного входа"),
    "exchange.integration": _("Интеграция с 1С"),
    "exchange.exchangesession": _("Сеанс обмена с 1С"),
}


def action_label(action: str) -> str:
    """The event's name as the audit page shows it."""
    return str(ACTION_LABELS.get(action, action))


def object_type_label(object_type: str) -> str:
    """The kind of object an event is about, in words."""
    return str(OBJECT_TYPE_LABELS.get(object_type, object_type))
