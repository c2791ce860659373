"""`okno seed`: every demo login works, requisites are valid, a re-run adds nothing."""

import dataclasses

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from okno.accounts.models import User
from okno.catalog.models import PriceType
from okno.clients.models import (
    BankAccount,
    Client,
    ClientMembership,
    Contact,
    Contract,
    DeliveryAddress,
    LegalEntity,
)
from okno.clients.selectors.records import client_missing_fields
from okno.core import requisites
from okno.core.actor import actor_for_user
from okno.core.roles import ClientRole, StaffRole
from okno.demo import seed as seed_module
from okno.demo.seed import DEMO_LOGINS, DEMO_PASSWORD, seed, seed_demo_if_empty

pytestmark = pytest.mark.django_db

ISSUE_LOGINS = {
    "admin@okno.demo",
    "manager@okno.demo",
    "operator@okno.demo",
    "supervisor@okno.demo",
    "client1.admin@okno.demo",
    "client1.buyer@okno.demo",
    "client2.buyer@okno.demo",
    "person@okno.demo",
    "1c@okno.demo",
}
MODELS = (
    User,
    PriceType,
    Client,
    LegalEntity,
    BankAccount,
    Contract,
    DeliveryAddress,
    Contact,
    ClientMembership,
)


@pytest.fixture
def seeded(monkeypatch):
    _scale(monkeypatch, "small", clients=30)
    seed("small", stdout=_Quiet())


def _scale(monkeypatch, name: str, *, clients: int) -> None:
    """A scale with `clients` generated clients, and a catalog and orders kept small for speed."""
    size = dataclasses.replace(
        seed_module.SCALES[name],
        clients=clients,
        products=200,
        orders=clients * 3,
        orders_sqlite=clients * 3,
    )
    monkeypatch.setitem(seed_module.SCALES, name, size)


class _Quiet:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_every_demo_login_exists_and_logs_in_with_the_demo_password(seeded):
    assert {login for login, _role in DEMO_LOGINS} == ISSUE_LOGINS
    request = RequestFactory().post("/accounts/login/")
    for login, _role in DEMO_LOGINS:
        user = authenticate(request, login=login, password=DEMO_PASSWORD)
        assert user is not None, login
        assert user.email == login


def test_staff_roles(seeded):
    admin = User.objects.get(email="admin@okno.demo")
    assert admin.staff_role == StaffRole.ADMIN
    assert admin.is_staff
    assert admin.is_superuser
    manager = User.objects.get(email="manager@okno.demo")
    assert (manager.staff_role, manager.manager_code) == (StaffRole.MANAGER, "1001")
    assert manager.phone.startswith("+7")
    roles = dict(
        User.objects.filter(email__endswith="@okno.demo").values_list("email", "staff_role")
    )
    assert roles["operator@okno.demo"] == StaffRole.OPERATOR
    assert roles["supervisor@okno.demo"] == StaffRole.SUPERVISOR
    assert roles["1c@okno.demo"] == StaffRole.INTEGRATION


def test_client_one_buyer_acts_for_two_legal_entities_and_its_card_is_complete(seeded):
    buyer = actor_for_user(User.objects.get(email="client1.buyer@okno.demo"))
    admin = actor_for_user(User.objects.get(email="client1.admin@okno.demo"))
    assert buyer.client_role == ClientRole.BUYER
    assert admin.client_role == ClientRole.ADMIN
    assert buyer.client_id == admin.client_id
    assert len(buyer.legal_entity_ids) == 2
    client = Client.objects.get(pk=buyer.client_id)
    assert client_missing_fields(client=client) == []
    other = actor_for_user(User.objects.get(email="client2.buyer@okno.demo"))
    assert other.client_id not in (None, buyer.client_id)


def test_the_person_is_an_individual_customer(seeded):
    actor = actor_for_user(User.objects.get(email="person@okno.demo"))
    client = Client.objects.get(pk=actor.client_id)
    assert client.kind == Client.Kind.INDIVIDUAL
    (entity,) = client.legal_entities.all()
    assert entity.kind == LegalEntity.Kind.PERSON


def test_some_generated_clients_show_the_missing_fields_hint(seeded):
    with_gaps = [c for c in Client.objects.all() if client_missing_fields(client=c)]
    assert 0 < len(with_gaps) < Client.objects.count() / 2


def _check_legal_entity(entity: LegalEntity) -> None:
    if entity.kind == LegalEntity.Kind.IP:
        requisites.check_inn(entity.inn, length=12)
        requisites.check_ogrnip(entity.ogrn)
    elif entity.kind == LegalEntity.Kind.PERSON:
        requisites.check_inn(entity.inn, length=12)
    else:
        requisites.check_inn(entity.inn, length=10)
        requisites.check_kpp(entity.kpp)
        requisites.check_ogrn(entity.ogrn)


def test_requisites_of_every_legal_entity_and_bank_account_pass_their_checks(seeded):
    for entity in LegalEntity.objects.all():
        _check_legal_entity(entity)
    for account in BankAccount.objects.all():
        requisites.check_bik(account.bik)
        requisites.check_correspondent_account(account.corr_account, account.bik)
        requisites.check_settlement_account(account.account, account.bik)
    assert BankAccount.objects.exists()


def test_contracts_carry_price_types_and_terms(seeded):
    assert set(PriceType.objects.values_list("name", flat=True)) == {
        "Розничная",
        "Мелкооптовая",
        "Оптовая",
        "Крупный опт",
        "Дилерская",
        "Интернет-магазин",
    }
    assert Contract.objects.filter(price_type__isnull=True).count() == 0
    assert Contract.objects.filter(discount_percent__gt=0).exists()
    assert Contract.objects.filter(payment_deferral_days__gt=0, credit_limit__gt=0).exists()


def test_a_second_run_adds_nothing(seeded):
    before = _counts()
    seed("small", stdout=_Quiet())
    assert _counts() == before


def test_a_bigger_scale_only_adds_the_missing_clients(seeded, monkeypatch):
    _scale(monkeypatch, "medium", clients=40)
    generated = Client.objects.filter(external_id__startswith="gen-")
    assert generated.count() == 30
    seed("medium", stdout=_Quiet())
    assert generated.count() == 40
    assert User.objects.filter(email="admin@okno.demo").count() == 1


def test_demo_loads_only_into_an_empty_database(monkeypatch):
    _scale(monkeypatch, "small", clients=5)
    assert seed_demo_if_empty(stdout=_Quiet()) is True
    before = _counts()
    assert seed_demo_if_empty(stdout=_Quiet()) is False
    assert _counts() == before


def test_an_unknown_scale_is_refused():
    with pytest.raises(ValueError, match="huge"):
        seed("huge", stdout=_Quiet())
