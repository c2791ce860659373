"""Self-registration by phone: a new client with its first person as the client admin."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from okno.accounts import tasks
from okno.accounts.models import PhoneCode, User
from okno.accounts.passwords import password_check
from okno.accounts.services.invitations import consent_record
from okno.accounts.services.phone_codes import phone_code_send, phone_code_take
from okno.audit.services import audit_record
from okno.clients.models import Client, ClientMembership, LegalEntity
from okno.core.errors import Conflict, InvalidInput
from okno.core.requisites import check_inn
from okno.core.roles import CLIENT_ROLE_DEFAULTS, ClientRole, StaffRole


@dataclass(frozen=True)
class RegistrationDetails:
    """What the person typed on the last step of registration."""

    full_name: str
    email: str
    company_name: str
    inn: str
    manager_code: str
    password: str


@transaction.atomic
def registration_start(*, phone: str, request=None) -> PhoneCode:
    """Text a registration code to `phone`; also used to send the code again.

    The answer does not tell whether the number is registered: a registered number
    gets an SMS saying so and how to recover the password instead of a code (the code
    is made all the same, so the next step behaves alike).
    """
    registered = User.objects.filter(phone=phone).exists()
    phone_code = phone_code_send(
        phone=phone, purpose=PhoneCode.Purpose.REGISTER, deliver=not registered, request=request
    )
    if registered:
        text = _(
            "Этот номер уже зарегистрирован в личном кабинете %(company)s. Войдите или "
            "восстановите пароль: %(link)s"
        ) % {
            "company": settings.OKNO_COMPANY_NAME,
            "link": settings.OKNO_BASE_URL + reverse("accounts:password_reset"),
        }
        transaction.on_commit(lambda: tasks.send_sms(phone=phone, text=text))
    return phone_code


def manager_by_code(code: str) -> User:
    """The staff manager whose ID the person was given; raises naming the field if unknown."""
    code = (code or "").strip()
    if not code:
        raise InvalidInput(_("Укажите ID менеджера, который вас пригласил."), field="manager_code")
    manager = User.objects.filter(
        manager_code=code, is_active=True, staff_role__in=[StaffRole.MANAGER, StaffRole.ADMIN]
    ).first()
    if manager is None:
        raise InvalidInput(
            _("Менеджер с таким ID не найден. Проверьте код или уточните его у менеджера."),
            field="manager_code",
        )
    return manager


def _entity_plan(details: RegistrationDetails, inn: str) -> tuple[str, str] | None:
    """(kind, name) of the legal entity to create, or None when there is none yet.

    An individual customer gets a "person" entity so addresses and orders have a place
    to hang on; a company without ИНН gets its entity from the manager later.
    """
    if details.company_name:
        if not inn:
            return None
        kind = LegalEntity.Kind.IP if len(inn) == 12 else LegalEntity.Kind.OOO
        return kind, details.company_name
    if inn and len(inn) == 10:
        raise InvalidInput(
            _("ИНН из 10 цифр принадлежит организации: укажите название компании."),
            field="company_name",
        )
    return LegalEntity.Kind.PERSON, details.full_name


PHONE_TAKEN = gettext_lazy("Этот номер уже зарегистрирован. Войдите или восстановите пароль.")
EMAIL_TAKEN = gettext_lazy("Этот e-mail уже используется другим пользователем.")
INN_TAKEN = gettext_lazy(
    "Зарегистрироваться с этим ИНН через сайт нельзя. Обратитесь к своему менеджеру: "
    "он подключит вас к личному кабинету."
)


def _check_unique(*, phone: str, email: str, inn: str) -> None:
    """Refuse a phone, e-mail or ИНН already in use. By now the person has proven the phone;
    the ИНН answer still names no client."""
    if User.objects.filter(phone=phone).exists():
        raise Conflict(str(PHONE_TAKEN), field="phone")
    if email and User.objects.filter(email=email).exists():
        raise Conflict(str(EMAIL_TAKEN), field="email")
    if inn and LegalEntity.objects.filter(inn=inn).exists():
        raise Conflict(str(INN_TAKEN), field="inn")


@transaction.atomic
def registration_complete(
    *, phone: str, phone_code_id: int | None, details: RegistrationDetails, request=None
) -> User:
    """Create the person, their client (company or individual), its legal entity when known,
    the client-admin membership and the consent record. Precondition: the phone was
    confirmed by an SMS code (`phone_code_id`), which this uses up."""
    phone_code_take(code_id=phone_code_id, phone=phone, purpose=PhoneCode.Purpose.REGISTER)
    email = (details.email or "").strip().lower()
    inn = check_inn(details.inn, field="inn") if (details.inn or "").strip() else ""
    manager = manager_by_code(details.manager_code)
    plan = _entity_plan(details, inn)
    _check_unique(phone=phone, email=email, inn=inn)
    user = User(phone=phone, email=email or None, full_name=details.full_name.strip())
    password_check(details.password, user, field="new_password1")
    user.set_password(details.password)
    try:
        # A parallel registration may take the phone or e-mail between the check and here.
        with transaction.atomic():
            user.save()
            client = _client_create(user, details, manager, plan, inn)
    except IntegrityError as error:
        _check_unique(phone=phone, email=email, inn=inn)
        raise Conflict(
            _("Эти данные только что сохранил кто-то другой. Проверьте их и отправьте снова.")
        ) from error
    consent_record(user=user, request=request)
    audit_record(
        action="registration.completed",
        user=user,
        obj=client,
        changes={"manager": [None, str(manager)], "inn": [None, inn or None]},
        request=request,
    )
    return user


def _client_create(user: User, details, manager: User, plan, inn: str) -> Client:
    kind = Client.Kind.COMPANY if details.company_name else Client.Kind.INDIVIDUAL
    client = Client.objects.create(
        name=details.company_name or user.full_name,
        kind=kind,
        manager=manager,
        email=user.email or "",
        phone=user.phone or "",
    )
    entity = None
    if plan is not None:
        entity = LegalEntity.objects.create(client=client, kind=plan[0], name=plan[1], inn=inn)
    membership = ClientMembership.objects.create(
        user=user,
        client=client,
        role=ClientRole.ADMIN,
        current_legal_entity=entity,
        **CLIENT_ROLE_DEFAULTS[ClientRole.ADMIN],
    )
    if entity is not None:
        membership.legal_entities.set([entity])
    return client
