"""People's portal access: connecting a person, a client admin managing colleagues,
switching access off, invitations, and the people tab's query count."""

import re

import pytest
from django.core import mail
from django.test import Client as Browser
from django.urls import reverse

from okno.accounts.models import Invitation, User, UserSession
from okno.accounts.tests.factories import PASSWORD, UserFactory
from okno.audit.models import AuditEvent
from okno.clients.models import ClientMembership, Contact
from okno.clients.services.people import membership_update, person_connect
from okno.clients.tests.factories import ContactFactory, MembershipFactory
from okno.core.actor import actor_for_user
from okno.core.errors import InvalidInput, NotAllowed
from okno.core.roles import ClientRole

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def connect_url(world) -> str:
    return reverse("clients:card_person_connect", kwargs={"pk": world.client_a.pk})


def person_form(world, **changes) -> dict:
    form = {
        "full_name": "Новикова Нина Сергеевна",
        "position": "Бухгалтер",
        "email": "Nina.Novikova@Example.ru",
        "phone": "",
        "role": ClientRole.ACCOUNTANT,
        "legal_entities": [world.entity_a2.pk],
        "access_allowed": "on",
    }
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


def membership_form(membership, **changes) -> dict:
    form = {
        "role": membership.role,
        "legal_entities": list(membership.legal_entities.values_list("pk", flat=True)),
        "may_order": "on" if membership.may_order else None,
        "may_view_finance": "on" if membership.may_view_finance else None,
        "access_allowed": "on" if membership.user.is_active else None,
    }
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


def test_a_manager_connects_a_person_who_is_e_mailed_the_invitation(
    world, client, django_capture_on_commit_callbacks
):
    client.force_login(world.manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(connect_url(world), person_form(world), **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#people-panel"
    user = User.objects.get(email="nina.novikova@example.ru")
    assert not user.has_usable_password()
    assert user.is_active
    assert not user.allow_multiple_sessions
    membership = user.membership
    assert (membership.role, membership.client_id) == (ClientRole.ACCOUNTANT, world.client_a.pk)
    assert (membership.may_order, membership.may_view_finance) == (False, True)
    assert list(membership.legal_entities.all()) == [world.entity_a2]
    assert membership.invited_by == world.manager_a
    assert Contact.objects.get(user=user).position == "Бухгалтер"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nina.novikova@example.ru"]
    assert re.search(r"/accounts/invite/[\w-]+/", mail.outbox[0].body)
    assert AuditEvent.objects.filter(action="person.connected", client=world.client_a).exists()
    assert "Приглашение отправлено на nina.novikova@example.ru" in response.content.decode()
    assert "Новикова Нина Сергеевна" in response.content.decode()


def test_connecting_links_the_clients_existing_contact(
    world, client, django_capture_on_commit_callbacks
):
    contact = ContactFactory(client=world.client_a, email="nina.novikova@example.ru")
    client.force_login(world.manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(connect_url(world), person_form(world))
    contact.refresh_from_db()
    assert contact.user.email == "nina.novikova@example.ru"
    assert Contact.objects.filter(client=world.client_a).count() == 2


def test_a_person_without_access_gets_no_invitation(
    world, client, django_capture_on_commit_callbacks
):
    client.force_login(world.manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(connect_url(world), person_form(world, access_allowed=None))
    assert not User.objects.get(email="nina.novikova@example.ru").is_active
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("login", "message"),
    [
        (lambda w: w.a_buyer.email, "уже подключён(а) к порталу от этого клиента"),
        (lambda w: w.b_admin.email.upper(), "уже занят другим пользователем портала"),
        (lambda w: w.manager_b.email, "уже занят другим пользователем портала"),
    ],
)
def test_an_e_mail_that_belongs_to_someone_is_refused(world, client, login, message):
    client.force_login(world.manager_a)
    response = client.post(connect_url(world), person_form(world, email=login(world)), **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_email">E-mail</a>: ' in page
    assert message in page
    assert User.objects.count() == 7


def test_a_phone_that_belongs_to_someone_is_refused(world, client):
    UserFactory(email=None, phone="+79161234567")
    client.force_login(world.manager_a)
    form = person_form(world, email="", phone="8 916 123 45 67")
    response = client.post(connect_url(world), form, **HTMX)
    assert 'href="#id_phone">Телефон</a>: Этот телефон уже занят' in response.content.decode()


def test_connecting_needs_an_e_mail_or_phone_and_legal_entities(world, client):
    client.force_login(world.manager_a)
    form = person_form(world, email="", legal_entities=[], role=ClientRole.BUYER)
    page = client.post(connect_url(world), form, **HTMX).content.decode()
    assert "Укажите e-mail или телефон" in page
    assert "Выберите хотя бы одно юрлицо" in page
    assert not User.objects.filter(full_name="Новикова Нина Сергеевна").exists()


def test_a_phone_only_person_is_told_how_to_log_in(
    world, client, django_capture_on_commit_callbacks
):
    client.force_login(world.manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            connect_url(world), person_form(world, email="", phone="+7 903 000-11-22"), **HTMX
        )
    assert User.objects.get(phone="+79030001122").email is None
    assert "войти можно по номеру телефона" in response.content.decode()
    assert mail.outbox == []


def test_legal_entities_of_another_client_are_never_granted(world):
    for actor_user in (world.manager_a, world.a_admin):
        with pytest.raises(InvalidInput) as refused:
            person_connect(
                actor=actor_for_user(actor_user),
                client=world.client_a,
                full_name="Чужой",
                email="stranger@example.ru",
                role=ClientRole.BUYER,
                legal_entity_ids=[world.entity_b.pk],
            )
        assert refused.value.field == "legal_entity_ids"


@pytest.mark.parametrize("actor_name", ["a_admin", "manager_b", "a_buyer", "operator"])
def test_only_the_clients_manager_or_admin_connects_people(world, actor_name):
    target = world.client_b if actor_name == "a_admin" else world.client_a
    with pytest.raises(NotAllowed):
        person_connect(
            actor=actor_for_user(getattr(world, actor_name)),
            client=target,
            full_name="Кто-то",
            email="someone@example.ru",
            role=ClientRole.ADMIN,
            legal_entity_ids=[],
        )
    assert not User.objects.filter(email="someone@example.ru").exists()


def test_a_client_admin_sees_and_invites_only_colleagues_of_their_client(
    world, client, django_capture_on_commit_callbacks
):
    client.force_login(world.a_admin)
    page = client.get(reverse("clients:my_colleagues")).content.decode()
    assert world.a_buyer.full_name in page
    assert world.b_admin.full_name not in page
    form = person_form(world, role=ClientRole.BUYER, legal_entities=[world.entity_a1.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("clients:my_colleague_invite"), form)
    assert response.status_code == 302
    colleague = User.objects.get(email="nina.novikova@example.ru")
    assert colleague.membership.client_id == world.client_a.pk
    assert colleague.membership.invited_by == world.a_admin
    assert len(mail.outbox) == 1
    foreign = world.b_admin.membership.pk
    edit = reverse("clients:my_colleague_edit", kwargs={"membership_id": foreign})
    assert client.get(edit).status_code == 404


def test_a_client_admin_changes_a_colleagues_role_and_legal_entities(world, client):
    membership = world.a_buyer.membership
    client.force_login(world.a_admin)
    url = reverse("clients:my_colleague_edit", kwargs={"membership_id": membership.pk})
    form = membership_form(
        membership,
        role=ClientRole.VIEWER,
        legal_entities=[world.entity_a1.pk, world.entity_a2.pk],
        may_order=None,
        allow_multiple_sessions=None,
    )
    response = client.post(url, form, **HTMX)
    assert response["HX-Retarget"] == "#people-panel"
    membership.refresh_from_db()
    assert membership.role == ClientRole.VIEWER
    assert not membership.may_order
    assert set(membership.legal_entities.all()) == {world.entity_a1, world.entity_a2}
    event = AuditEvent.objects.get(action="membership.changed")
    assert event.changes["role"] == ["buyer", "viewer"]
    assert event.client_id == world.client_a.pk
    assert not world.a_buyer.__class__.objects.get(pk=world.a_buyer.pk).allow_multiple_sessions
    assert AuditEvent.objects.filter(action="access.changed").exists()


def test_a_client_admin_cannot_demote_or_switch_off_themselves(world, client):
    own = world.a_admin.membership
    client.force_login(world.a_admin)
    url = reverse("clients:my_colleague_edit", kwargs={"membership_id": own.pk})
    form_page = client.get(url).content.decode()
    assert "Своё значение изменить нельзя" in form_page
    client.post(url, membership_form(own, role=ClientRole.BUYER, access_allowed=None))
    own.refresh_from_db()
    world.a_admin.refresh_from_db()
    assert own.role == ClientRole.ADMIN
    assert world.a_admin.is_active
    actor = actor_for_user(world.a_admin)
    common = {
        "legal_entity_ids": [],
        "may_order": True,
        "may_view_finance": True,
        "may_approve_orders": True,
        "allow_multiple_sessions": True,
    }
    with pytest.raises(NotAllowed) as demoted:
        membership_update(
            actor=actor, membership=own, role=ClientRole.BUYER, access_allowed=True, **common
        )
    assert demoted.value.field == "role"
    with pytest.raises(NotAllowed) as switched_off:
        membership_update(
            actor=actor, membership=own, role=ClientRole.ADMIN, access_allowed=False, **common
        )
    assert switched_off.value.field == "access_allowed"


def test_people_without_the_admin_role_get_a_clear_403(world, client):
    client.force_login(world.a_buyer)
    response = client.get(reverse("clients:my_colleagues"))
    assert response.status_code == 403
    assert "только администратор клиента" in response.content.decode()
    edit = reverse(
        "clients:my_colleague_edit", kwargs={"membership_id": world.a_admin.membership.pk}
    )
    assert client.post(edit, {"role": "buyer"}).status_code == 403
    assert client.get(reverse("clients:my_data")).content.decode().count("my/colleagues") == 0


def test_switching_access_off_ends_the_persons_sessions_at_once(world, client):
    buyer = Browser()
    logged_in = buyer.post(
        reverse("accounts:login"), {"login": world.a_buyer.email, "password": PASSWORD}
    )
    assert logged_in.status_code == 302
    assert buyer.get(reverse("clients:my_addresses")).status_code == 200
    assert UserSession.objects.filter(user=world.a_buyer).exists()
    client.force_login(world.manager_a)
    membership = world.a_buyer.membership
    url = reverse(
        "clients:card_person_edit", kwargs={"pk": world.client_a.pk, "membership_id": membership.pk}
    )
    response = client.post(url, membership_form(membership, access_allowed=None))
    assert response.status_code == 302
    after = buyer.get(reverse("clients:my_addresses"))
    assert after.status_code == 302
    assert after.url.startswith(reverse("accounts:login"))
    assert not UserSession.objects.filter(user=world.a_buyer).exists()


def test_an_invitation_is_sent_again_and_the_old_link_stops(
    world, client, django_capture_on_commit_callbacks
):
    client.force_login(world.manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(connect_url(world), person_form(world))
    user = User.objects.get(email="nina.novikova@example.ru")
    resend = reverse(
        "clients:card_person_resend",
        kwargs={"pk": world.client_a.pk, "membership_id": user.membership.pk},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resend, **HTMX)
    assert "Новое приглашение отправлено" in response.content.decode()
    assert len(mail.outbox) == 2
    live = [i for i in Invitation.objects.filter(user=user) if not i.is_expired]
    assert len(live) == 1


def test_no_invitation_for_someone_who_already_has_a_password(world, client):
    client.force_login(world.manager_a)
    membership = world.a_buyer.membership
    resend = reverse(
        "clients:card_person_resend",
        kwargs={"pk": world.client_a.pk, "membership_id": membership.pk},
    )
    response = client.post(resend, **HTMX)
    assert "уже задал пароль" in response.content.decode()
    assert not Invitation.objects.filter(user=world.a_buyer).exists()


def test_the_people_tab_shows_access_and_keeps_its_query_count(
    world, client, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    for _n in range(12):
        MembershipFactory(client=world.client_a, legal_entities=[world.entity_a1, world.entity_a2])
    client.force_login(world.manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(connect_url(world), person_form(world))
    url = reverse("clients:card_people", kwargs={"pk": world.client_a.pk})
    with django_assert_max_num_queries(6):
        response = client.get(url, **HTMX)
    page = response.content.decode()
    assert page.count("<tr") == 1 + ClientMembership.objects.filter(client=world.client_a).count()
    for label in (
        "доступ разрешён",
        "один сеанс",
        "отправлено",
        "Подключить к порталу",
        "пароль задан",
    ):
        assert label in page
