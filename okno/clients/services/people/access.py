"""People's access to the portal: connecting a person to a client, changing their role,
legal entities and rights, re-sending the invitation, and the legal entity a person
currently acts for.

Staff with `clients.connect_people` do this for the clients they see; a client admin
(`colleagues.manage`) does it for colleagues of their own client only. Roles are client
roles, so no one is ever made more than a client admin.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from okno.accounts.models import Invitation, User
from okno.accounts.services import invitation_send, user_set_access
from okno.audit.services import audit_diff, audit_record
from okno.clients.models import Client, ClientMembership, Contact, LegalEntity
from okno.clients.services.people.contacts import check_email
from okno.clients.services.people.rules import check_can_manage_people, clean_text
from okno.core.actor import Actor
from okno.core.errors import Conflict, InvalidInput, NotAllowed
from okno.core.phone import normalize_phone
from okno.core.roles import CLIENT_ROLE_DEFAULTS, ClientRole

MEMBERSHIP_FLAGS = ("may_order", "may_view_finance", "may_approve_orders")
# Whole sentences, not a word put into one: a translation may need another word order.
_LOGIN_TAKEN = {
    "email": gettext_lazy(
        "Этот e-mail уже занят другим пользователем портала. "
        "Укажите другой или обратитесь к своему менеджеру."
    ),
    "phone": gettext_lazy(
        "Этот телефон уже занят другим пользователем портала. "
        "Укажите другой или обратитесь к своему менеджеру."
    ),
}


@transaction.atomic
def person_connect(
    *,
    actor: Actor,
    client: Client,
    full_name: str,
    email: str = "",
    phone: str = "",
    role: str,
    legal_entity_ids,
    access_allowed: bool = True,
    allow_multiple_sessions: bool = False,
    position: str = "",
    request=None,
) -> User:
    """Give a person access to the portal on behalf of `client`.

    Creates the user (no password yet: they set one by the invitation link), their
    membership with the role's default rights, and links a contact of the client with
    the same e-mail or phone (or creates one). When access is allowed and the person has
    an e-mail, the invitation is e-mailed after commit. An e-mail or phone that already
    belongs to someone is refused, naming the field.
    """
    check_can_manage_people(actor, client.pk)
    person = _clean_new_person(
        client.pk,
        full_name=full_name,
        position=position,
        email=email,
        phone=phone,
        role=role,
        legal_entity_ids=legal_entity_ids,
    )
    user = _create_user(
        person, is_active=access_allowed, allow_multiple_sessions=allow_multiple_sessions
    )
    _make_member(actor, client, user, person, request=request)
    if access_allowed:
        invitation_send(actor_user=actor.user, user=user, request=request)
    return user


@dataclass(frozen=True)
class _NewPerson:
    """A person's details as `person_connect` stores them, every one checked."""

    full_name: str
    position: str
    email: str
    phone: str
    role: str
    legal_entity_ids: list[int]


def _clean_new_person(
    client_id: int,
    *,
    full_name: str,
    position: str,
    email: str,
    phone: str,
    role: str,
    legal_entity_ids,
) -> _NewPerson:
    """Check a new person's name, login, role and legal entities; the login must be free."""
    full_name, position = _clean_name(full_name, position)
    email, phone = _clean_login(email, phone)
    _check_role(role)
    entity_ids = _client_legal_entity_ids(client_id, legal_entity_ids, role)
    _check_login_free(client_id, email=email, phone=phone)
    return _NewPerson(full_name, position, email, phone, role, entity_ids)


@transaction.atomic
def membership_update(
    *,
    actor: Actor,
    membership: ClientMembership,
    role: str,
    legal_entity_ids,
    may_order: bool,
    may_view_finance: bool,
    may_approve_orders: bool,
    access_allowed: bool,
    allow_multiple_sessions: bool,
    request=None,
) -> ClientMembership:
    """Change a person's role, legal entities, rights and access. Switching access off
    ends their sessions at once. A client admin cannot take their own admin role away or
    switch off their own access: another admin or the manager does that."""
    check_can_manage_people(actor, membership.client_id)
    membership = _lock_membership(membership)
    entity_ids = _clean_new_rights(
        actor,
        membership,
        role=role,
        legal_entity_ids=legal_entity_ids,
        access_allowed=access_allowed,
    )
    flags = dict(
        zip(MEMBERSHIP_FLAGS, (may_order, may_view_finance, may_approve_orders), strict=True)
    )
    _set_rights(
        actor, membership, role=role, flags=flags, legal_entity_ids=entity_ids, request=request
    )
    user_set_access(
        actor_user=actor.user,
        user=membership.user,
        access_allowed=access_allowed,
        allow_multiple_sessions=allow_multiple_sessions,
        request=request,
    )
    return membership


def _lock_membership(membership: ClientMembership) -> ClientMembership:
    """The membership re-read under its row lock, so two edits of one person apply in turn."""
    return ClientMembership.objects.select_for_update().select_related("user").get(pk=membership.pk)


def _clean_new_rights(
    actor: Actor,
    membership: ClientMembership,
    *,
    role: str,
    legal_entity_ids,
    access_allowed: bool,
) -> list[int]:
    """Check the new role and access (no one locks themselves out); the legal entity ids."""
    _check_role(role)
    _check_not_locking_self_out(actor, membership, role=role, access_allowed=access_allowed)
    return _client_legal_entity_ids(membership.client_id, legal_entity_ids, role)


@transaction.atomic
def invitation_resend(*, actor: Actor, membership: ClientMembership, request=None) -> Invitation:
    """Send a new invitation link to a person who has not set a password yet; the
    previous link stops working."""
    check_can_manage_people(actor, membership.client_id)
    user = membership.user
    if not user.is_active:
        raise InvalidInput(
            _("Доступ к порталу выключен: сначала разрешите доступ, затем отправьте приглашение."),
            field="access_allowed",
        )
    if not user.email:
        raise InvalidInput(
            _(
                "У человека нет e-mail, приглашение отправить некуда. Он может войти по номеру "
                "телефона через восстановление пароля."
            ),
            field="email",
        )
    if user.has_usable_password():
        raise Conflict(
            _(
                "Человек уже задал пароль и входит сам. Если он забыл пароль, "
                "пусть воспользуется восстановлением пароля."
            ),
            field="email",
        )
    return invitation_send(actor_user=actor.user, user=user, request=request)


@transaction.atomic
def legal_entity_switch(*, actor: Actor, legal_entity_id: int) -> LegalEntity:
    """Remember the legal entity the person now acts for. It must be one of theirs;
    anything else answers 404, as a legal entity that does not exist would."""
    if not actor.is_client or legal_entity_id not in actor.legal_entity_ids:
        raise Http404("legal entity not available")
    ClientMembership.objects.filter(user=actor.user).update(current_legal_entity_id=legal_entity_id)
    return LegalEntity.objects.get(pk=legal_entity_id)


def _clean_name(full_name: str, position: str) -> tuple[str, str]:
    full_name = clean_text({"full_name": full_name}, "full_name", max_length=200, label=_("ФИО"))
    if not full_name:
        raise InvalidInput(_("Укажите ФИО."), field="full_name", code="required")
    position = clean_text({"position": position}, "position", max_length=200, label=_("Должность"))
    return full_name, position


def _make_member(
    actor: Actor, client: Client, user: User, person: _NewPerson, *, request
) -> ClientMembership:
    """The new user's membership with the role's default rights, their contact, the audit."""
    role, legal_entity_ids = person.role, person.legal_entity_ids
    membership = ClientMembership.objects.create(
        user=user, client=client, role=role, invited_by=actor.user, **CLIENT_ROLE_DEFAULTS[role]
    )
    membership.legal_entities.set(legal_entity_ids)
    _link_contact(client.pk, user)
    audit_record(
        action="person.connected",
        user=actor.user,
        obj=user,
        client=client,
        changes={"role": [None, role], "legal_entities": [None, legal_entity_ids]},
        request=request,
    )
    return membership


def _set_rights(
    actor: Actor,
    membership: ClientMembership,
    *,
    role: str,
    flags: dict[str, bool],
    legal_entity_ids: list[int],
    request,
) -> None:
    """Store the role, rights and legal entities; audit what changed."""
    before = _membership_state(membership)
    membership.role = role
    for flag, value in flags.items():
        setattr(membership, flag, bool(value))
    membership.save(update_fields=["role", *MEMBERSHIP_FLAGS])
    membership.legal_entities.set(legal_entity_ids)
    changes = audit_diff(before, _membership_state(membership, legal_entity_ids))
    if changes:
        audit_record(
            action="membership.changed",
            user=actor.user,
            obj=membership.user,
            client=Client(pk=membership.client_id),
            changes=changes,
            request=request,
        )


def _clean_login(email: str, phone: str) -> tuple[str, str]:
    email = check_email(email or "")
    phone = normalize_phone(phone, field="phone") if (phone or "").strip() else ""
    if not email and not phone:
        raise InvalidInput(
            _("Укажите e-mail или телефон: по ним человек будет входить в портал."),
            field="email",
            code="required",
        )
    return email, phone


def _check_role(role: str) -> None:
    if role not in ClientRole.values:
        raise InvalidInput(_("Выберите роль из списка."), field="role")


def _client_legal_entity_ids(client_id: int, legal_entity_ids, role: str) -> list[int]:
    """The chosen legal entities, all of which must be active legal entities of the client.
    A client admin acts for every legal entity, so may have none chosen."""
    try:
        wanted = sorted({int(pk) for pk in legal_entity_ids or ()})
    except (TypeError, ValueError) as error:
        raise InvalidInput(_("Юрлица указаны неверно."), field="legal_entity_ids") from error
    found = LegalEntity.objects.filter(client_id=client_id, is_active=True, pk__in=wanted)
    if len(wanted) != found.count():
        raise InvalidInput(
            _("Можно выбрать только действующие юрлица этого клиента."),
            field="legal_entity_ids",
        )
    if not wanted and role != ClientRole.ADMIN:
        raise InvalidInput(
            _("Выберите хотя бы одно юрлицо, от имени которого человек будет работать."),
            field="legal_entity_ids",
            code="required",
        )
    return wanted


def _check_login_free(client_id: int, *, email: str, phone: str) -> None:
    for field, lookup in (("email", {"email__iexact": email}), ("phone", {"phone": phone})):
        if not next(iter(lookup.values())):
            continue
        existing = User.objects.filter(**lookup).select_related("membership").first()
        if existing is None:
            continue
        membership = getattr(existing, "membership", None)
        if membership is not None and membership.client_id == client_id:
            message = _(
                "%(person)s уже подключён(а) к порталу от этого клиента: "
                "измените его доступ в списке."
            ) % {"person": existing}
            raise Conflict(message, field=field)
        raise Conflict(str(_LOGIN_TAKEN[field]), field=field)


def _create_user(person: _NewPerson, *, is_active: bool, allow_multiple_sessions: bool) -> User:
    """The person's user, without a password: they set one by the invitation link."""
    try:
        with transaction.atomic():
            return User.objects.create_user(
                email=person.email or None,
                password=None,
                phone=person.phone or None,
                full_name=person.full_name,
                position=person.position,
                is_active=is_active,
                allow_multiple_sessions=allow_multiple_sessions,
            )
    except IntegrityError as error:
        # Someone took the login between our check and the insert.
        raise Conflict(
            _("Этот e-mail или телефон только что занял другой пользователь."),
            field="email" if person.email else "phone",
        ) from error


def _link_contact(client_id: int, user: User) -> Contact:
    """The client's contact with the same e-mail or phone becomes this person's contact;
    without one, a contact is created from the person's details."""
    contacts = Contact.objects.filter(client_id=client_id, user__isnull=True)
    match = None
    if user.email:
        match = contacts.filter(email__iexact=user.email).first()
    if match is None and user.phone:
        match = contacts.filter(phone=user.phone).first()
    if match is None:
        return Contact.objects.create(
            client_id=client_id,
            full_name=user.full_name,
            position=user.position,
            email=user.email or "",
            phone=user.phone or "",
            user=user,
        )
    match.user = user
    match.save(update_fields=["user", "updated_at"])
    return match


def _check_not_locking_self_out(
    actor: Actor, membership: ClientMembership, *, role: str, access_allowed: bool
) -> None:
    if actor.user_id != membership.user_id:
        return
    if role != ClientRole.ADMIN:
        raise NotAllowed(
            _(
                "Нельзя снять с себя роль администратора клиента: это может сделать другой "
                "администратор или ваш менеджер."
            ),
            field="role",
        )
    if not access_allowed:
        raise NotAllowed(_("Нельзя отключить доступ самому себе."), field="access_allowed")


def _membership_state(membership: ClientMembership, entity_ids=None) -> dict:
    if entity_ids is None:
        entity_ids = sorted(membership.legal_entities.values_list("pk", flat=True))
    state = {"role": membership.role, "legal_entities": list(entity_ids)}
    state.update({flag: getattr(membership, flag) for flag in MEMBERSHIP_FLAGS})
    return state
