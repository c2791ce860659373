"""Registration by phone through HTTP, with the memory SMS gateway."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from okno.accounts.models import Consent, PhoneCode, User
from okno.accounts.services import registration
from okno.accounts.tests.conftest import last_code
from okno.accounts.tests.factories import UserFactory
from okno.accounts.tests.helpers import is_logged_in
from okno.audit.models import AuditEvent
from okno.clients.models import Client, ClientMembership, LegalEntity
from okno.core.roles import CLIENT_ROLE_DEFAULTS, ClientRole

pytestmark = pytest.mark.django_db

PHONE = "+79160001122"
PASSWORD = "Zakupka2026x"


@pytest.fixture
def send_phone(client, django_capture_on_commit_callbacks):
    def send(typed="8 (916) 000-11-22", consent=True):
        data = {"phone": typed, **({"consent": "on"} if consent else {})}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("accounts:register"), data)

    return send


@pytest.fixture
def confirmed(client, send_phone, sms_outbox):
    assert send_phone().url == reverse("accounts:register_code")
    response = client.post(
        reverse("accounts:register_code"), {"code": last_code(sms_outbox, PHONE)}
    )
    assert response.url == reverse("accounts:register_details")


def _details(manager, **overrides):
    data = {
        "full_name": "Сидорова Анна Павловна",
        "email": "anna@stroy.example",
        "company_name": "ООО «СтройМир»",
        "inn": "7707083893",
        "manager_code": manager.manager_code,
        "new_password1": PASSWORD,
        "new_password2": PASSWORD,
    }
    return {**data, **overrides}


def test_full_flow_creates_a_company_client_and_logs_in(client, world, confirmed):
    response = client.post(reverse("accounts:register_details"), _details(world.manager_a))
    assert response.status_code == 302, response.content.decode()
    assert is_logged_in(client)
    user = User.objects.get(phone=PHONE)
    assert user.email == "anna@stroy.example"
    membership = ClientMembership.objects.get(user=user)
    assert membership.role == ClientRole.ADMIN
    assert membership.may_order == CLIENT_ROLE_DEFAULTS[ClientRole.ADMIN]["may_order"]
    assert membership.may_view_finance
    assert membership.may_approve_orders
    client_record = membership.client
    assert client_record.kind == Client.Kind.COMPANY
    assert client_record.manager == world.manager_a
    entity = LegalEntity.objects.get(client=client_record)
    assert (entity.kind, entity.name, entity.inn) == ("ooo", "ООО «СтройМир»", "7707083893")
    assert membership.current_legal_entity == entity
    assert Consent.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="registration.completed", client=client_record).exists()
    assert PhoneCode.objects.get(phone=PHONE).used_at is not None


def test_individual_customer_without_company(client, world, confirmed):
    client.post(
        reverse("accounts:register_details"),
        _details(world.manager_a, company_name="", inn="", email=""),
    )
    user = User.objects.get(phone=PHONE)
    assert user.email is None
    record = user.membership.client
    assert record.kind == Client.Kind.INDIVIDUAL
    assert record.name == "Сидорова Анна Павловна"
    assert LegalEntity.objects.get(client=record).kind == LegalEntity.Kind.PERSON


def test_sole_trader_by_twelve_digit_inn(client, world, confirmed):
    client.post(
        reverse("accounts:register_details"),
        _details(world.manager_a, company_name="ИП Сидорова А. П.", inn="500100732259"),
    )
    entity = LegalEntity.objects.get(inn="500100732259")
    assert entity.kind == LegalEntity.Kind.IP


@pytest.mark.parametrize(
    ("overrides", "field_label", "reason"),
    [
        ({"manager_code": "999999"}, "ID менеджера", "не найден"),
        ({"inn": "1234567895"}, "ИНН", "контрольных цифр"),
        ({"inn": "12345"}, "ИНН", "10 или 12 цифр"),
        ({"email": "not-an-email"}, "E-mail", "адрес электронной почты"),
        ({"company_name": "", "inn": "7707083893"}, "Название компании", "укажите название"),
        ({"full_name": ""}, "Фамилия, имя, отчество", "Обязательное поле"),
        ({"new_password1": "short", "new_password2": "short"}, "Новый пароль", "короткий"),
    ],
)
def test_bad_details_name_the_field(client, world, confirmed, overrides, field_label, reason):
    response = client.post(
        reverse("accounts:register_details"), _details(world.manager_a, **overrides)
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert f"{field_label}</a>:" in text
    assert reason in text
    assert not User.objects.filter(phone=PHONE).exists()
    assert not Client.objects.filter(name="ООО «СтройМир»").exists()


def test_inn_of_an_existing_company_is_refused_without_naming_it(client, world, confirmed):
    taken = world.entity_b.inn
    response = client.post(
        reverse("accounts:register_details"), _details(world.manager_a, inn=taken)
    )
    text = response.content.decode()
    assert "ИНН</a>:" in text
    assert "Обратитесь к своему менеджеру" in text
    assert world.client_b.name not in text
    assert world.entity_b.name not in text
    assert "уже работает" not in text
    assert PhoneCode.objects.get(phone=PHONE).used_at is None


def test_staff_without_manager_role_is_not_an_inviting_manager(client, world, confirmed):
    world.operator.manager_code = "777"
    world.operator.save()
    response = client.post(
        reverse("accounts:register_details"), _details(world.manager_a, manager_code="777")
    )
    assert "Менеджер с таким ID не найден" in response.content.decode()


def test_wrong_code_counts_attempts_and_gives_up_after_five(client, send_phone, sms_outbox):
    send_phone()
    right = last_code(sms_outbox, PHONE)
    wrong = "000000" if right != "000000" else "111111"
    first = client.post(reverse("accounts:register_code"), {"code": wrong})
    assert "Неверный код. Осталось попыток: 4." in first.content.decode()
    for _ in range(4):
        client.post(reverse("accounts:register_code"), {"code": wrong})
    assert PhoneCode.objects.get(phone=PHONE).attempts == 5
    response = client.post(reverse("accounts:register_code"), {"code": right})
    assert "Слишком много неверных попыток" in response.content.decode()
    assert client.get(reverse("accounts:register_details")).url == reverse("accounts:register")


def test_expired_code_is_refused(client, send_phone, sms_outbox):
    send_phone()
    PhoneCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(
        reverse("accounts:register_code"), {"code": last_code(sms_outbox, PHONE)}
    )
    assert "Срок действия кода истёк" in response.content.decode()


def test_resend_is_throttled_to_once_a_minute(
    client, send_phone, sms_outbox, django_capture_on_commit_callbacks
):
    send_phone()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:register_resend"), follow=True)
    assert "Новый код можно запросить через" in response.content.decode()
    assert len(sms_outbox) == 1
    PhoneCode.objects.update(created_at=timezone.now() - timedelta(seconds=61))
    cache.clear()  # the resend guard lives a minute too
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:register_resend"))
    assert len(sms_outbox) == 2
    old, new = PhoneCode.objects.order_by("created_at")
    assert old.expires_at <= new.created_at
    response = client.post(
        reverse("accounts:register_code"), {"code": last_code(sms_outbox, PHONE)}
    )
    assert response.url == reverse("accounts:register_details")


def test_the_code_is_stored_hashed(send_phone, sms_outbox):
    send_phone()
    code = last_code(sms_outbox, PHONE)
    assert code not in PhoneCode.objects.get(phone=PHONE).code_hash


def test_registered_phone_gets_the_same_answer_and_an_sms_instead_of_a_code(
    client, send_phone, sms_outbox
):
    UserFactory(phone=PHONE)
    response = send_phone()
    assert response.status_code == 302
    assert response.url == reverse("accounts:register_code")
    (sms,) = sms_outbox
    assert sms.phone == PHONE
    assert "уже зарегистрирован" in sms.text
    assert reverse("accounts:password_reset") in sms.text
    assert not re.search(r"\d{6}", sms.text)
    # The code step answers a guess as it would for a new number.
    guess = client.post(reverse("accounts:register_code"), {"code": "123456"})
    assert "Неверный код. Осталось попыток: 4." in guess.content.decode()


def test_resend_to_a_registered_phone_sends_no_code(
    client, send_phone, sms_outbox, django_capture_on_commit_callbacks
):
    UserFactory(phone=PHONE)
    send_phone()
    PhoneCode.objects.update(created_at=timezone.now() - timedelta(seconds=61))
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:register_resend"), follow=True)
    assert "Мы отправили новый код." in response.content.decode()
    assert len(sms_outbox) == 2
    assert all("уже зарегистрирован" in sms.text for sms in sms_outbox)


@pytest.mark.parametrize(
    ("taken", "field_label", "reason"),
    [
        ({"email": "anna@stroy.example"}, "E-mail", "уже используется"),
        ({"phone": PHONE}, "Номер", "уже зарегистрирован"),
    ],
)
def test_a_login_taken_in_parallel_is_an_error_not_a_500(
    client, world, confirmed, monkeypatch, taken, field_label, reason
):
    """Another registration saves the same login after our check and before our insert."""
    monkeypatch.setattr(registration, "_check_unique", _check_after_the_race())
    UserFactory(**taken)
    response = client.post(reverse("accounts:register_details"), _details(world.manager_a))
    assert response.status_code == 200
    text = response.content.decode()
    assert reason in text
    if "email" in taken:
        assert f"{field_label}</a>:" in text
    assert Client.objects.filter(name="ООО «СтройМир»").count() == 0
    assert User.objects.filter(full_name="Сидорова Анна Павловна").count() == 0
    assert PhoneCode.objects.get(phone=PHONE).used_at is None


def _check_after_the_race():
    """The uniqueness check as a racing request saw it: passes first, sees the row after."""
    real = registration._check_unique
    calls = []

    def check(**kwargs):
        calls.append(kwargs)
        if len(calls) > 1:
            real(**kwargs)

    return check


def test_email_is_stored_lower_case_and_clashes_whatever_the_case(client, world, confirmed):
    UserFactory(email="anna@stroy.example")
    response = client.post(
        reverse("accounts:register_details"), _details(world.manager_a, email="Anna@Stroy.Example")
    )
    assert "уже используется" in response.content.decode()
    response = client.post(
        reverse("accounts:register_details"), _details(world.manager_a, email="Sid@Stroy.Example")
    )
    assert response.status_code == 302
    assert User.objects.get(phone=PHONE).email == "sid@stroy.example"


def test_consent_and_a_valid_phone_are_required(client, send_phone):
    text = send_phone(consent=False).content.decode()
    assert "Без согласия на обработку персональных данных регистрация невозможна" in text
    text = send_phone(typed="12345").content.decode()
    assert "Номер мобильного телефона</a>:" in text
    assert "10 цифр" in text


def test_steps_cannot_be_skipped(client, send_phone):
    assert client.get(reverse("accounts:register_code")).url == reverse("accounts:register")
    send_phone()
    assert client.get(reverse("accounts:register_details")).url == reverse("accounts:register")
