"""Factories with valid Russian requisites (ИНН, ОГРН, bank accounts pass their checks)."""

import datetime
import random

import factory

from okno.accounts.tests.factories import StaffFactory, UserFactory
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
from okno.core.requisites import account_with_check, checksum_digit_inn, ogrn_with_check
from okno.core.roles import CLIENT_ROLE_DEFAULTS, ClientRole

_rng = random.Random(2026)


def fake_inn(n: int, *, person: bool = False) -> str:
    body = f"77{n:08d}" if person else f"77{n:07d}"
    return checksum_digit_inn(body)


def fake_ogrn(n: int, *, sole_trader: bool = False) -> str:
    return ogrn_with_check(f"3047700{n:07d}" if sole_trader else f"10277{n:07d}")


class PriceTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceType

    name = factory.Sequence(lambda n: f"Оптовая {n}")
    code = factory.Sequence(lambda n: f"OPT{n}")


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    name = factory.Sequence(lambda n: f"Торговый дом {n}")
    # The client list is searched by the manager's name too: fixed names, not Faker's, so
    # no test's search term turns up in one by chance.
    manager = factory.SubFactory(
        StaffFactory,
        full_name=factory.Iterator(["Соколов Иван", "Лебедева Мария", "Морозов Денис"]),
    )


class LegalEntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalEntity

    client = factory.SubFactory(ClientFactory)
    kind = LegalEntity.Kind.OOO
    name = factory.Sequence(lambda n: f'ООО "Ромашка {n}"')
    full_name = factory.LazyAttribute(
        lambda o: f"Общество с ограниченной ответственностью {o.name}"
    )
    inn = factory.Sequence(lambda n: fake_inn(n + 1))
    kpp = "770101001"
    ogrn = factory.Sequence(lambda n: fake_ogrn(n + 1))
    legal_address = "125009, г. Москва, ул. Тверская, д. 7"


class BankAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BankAccount

    legal_entity = factory.SubFactory(LegalEntityFactory)
    bank_name = 'ПАО "Сбербанк"'
    bik = "044525225"
    corr_account = "30101810400000000225"
    account = factory.Sequence(lambda n: account_with_check("044525225", f"40702810{n:012d}"))


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    legal_entity = factory.SubFactory(LegalEntityFactory)
    client = factory.LazyAttribute(lambda o: o.legal_entity.client)
    number = factory.Sequence(lambda n: f"ОПТ-{n:04d}")
    date = datetime.date(2026, 1, 15)
    price_type = factory.SubFactory(PriceTypeFactory)
    payment_deferral_days = 14


class DeliveryAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliveryAddress

    legal_entity = factory.SubFactory(LegalEntityFactory)
    client = factory.LazyAttribute(lambda o: o.legal_entity.client)
    title = "Склад"
    postal_code = "141009"
    city = "Мытищи"
    address = factory.Sequence(lambda n: f"ул. Промышленная, д. {n + 1}")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    client = factory.SubFactory(ClientFactory)
    # Fixed names, not Faker's: a random patronymic such as «Яковлевич» would be found by
    # the name searches that tests make. Tests that search name the contacts they look for.
    full_name = factory.Iterator(
        ["Смирнова Анна Сергеевна", "Кузнецов Олег Петрович", "Попова Вера Ильинична"]
    )
    position = "Менеджер по закупкам"
    email = factory.Sequence(lambda n: f"contact{n}@example.ru")


class MembershipFactory(factory.django.DjangoModelFactory):
    """A client person with portal access; pass `legal_entities=[...]` to set who they act for."""

    class Meta:
        model = ClientMembership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    client = factory.SubFactory(ClientFactory)
    role = ClientRole.BUYER
    may_order = factory.LazyAttribute(lambda o: CLIENT_ROLE_DEFAULTS[o.role]["may_order"])
    may_view_finance = factory.LazyAttribute(
        lambda o: CLIENT_ROLE_DEFAULTS[o.role]["may_view_finance"]
    )
    may_approve_orders = factory.LazyAttribute(
        lambda o: CLIENT_ROLE_DEFAULTS[o.role]["may_approve_orders"]
    )

    @factory.post_generation
    def legal_entities(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.legal_entities.set(extracted)
