"""Generated clients for demos and benchmarks: thousands of rows, written in batches.

Client number `i` always gets the same data (a random generator seeded by `i`),
so a re-run continues where the last one stopped and never duplicates. Its legal
entities are numbered `2i` and `2i + 1`; the number picks the tax office and the
serial part of ИНН, so every ИНН is unique and passes its check digits. A few
clients are left with gaps (no bank account or legal address, no contract, nobody
connected to the portal) so the client card's missing-fields hint has something to
show. The others have their director connected as client admin, with the demo password.
"""

import datetime
import functools
import random
import time
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

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
from okno.core.requisites import account_with_check, checksum_digit_inn, ogrn_with_check
from okno.core.roles import CLIENT_ROLE_DEFAULTS, ClientRole
from okno.demo import data
from okno.demo.demo_set import DEMO_PASSWORD

GENERATED_PREFIX = "gen-"
BATCH = 2000


def generated_count() -> int:
    return Client.objects.filter(external_id__startswith=GENERATED_PREFIX).count()


def generate_clients(*, target: int, managers: list[User], price_types: list[PriceType], stdout):
    """Add generated clients until there are `target` of them."""
    done = generated_count()
    if done >= target:
        stdout.write(f"  сгенерированных клиентов уже {done}, добавлять нечего\n")
        return
    started = time.perf_counter()
    for start in range(done, target, BATCH):
        stop = min(start + BATCH, target)
        with transaction.atomic():
            _write_batch(range(start, stop), managers, price_types)
        elapsed = time.perf_counter() - started
        stdout.write(f"  клиенты: {stop:,} из {target:,} ({elapsed:.1f} с)\n".replace(",", " "))
        stdout.flush()


def _write_batch(numbers: range, managers: list[User], price_types: list[PriceType]) -> None:
    plans = [_plan(i, managers) for i in numbers]
    Client.objects.bulk_create([p["client"] for p in plans])
    for p in plans:
        for entity in p["entities"]:
            entity.client = p["client"]
    LegalEntity.objects.bulk_create([e for p in plans for e in p["entities"]])
    User.objects.bulk_create([p["user"] for p in plans if p["user"]])
    ClientMembership.objects.bulk_create(
        _membership(p["user"], p["client"], p["entities"][0]) for p in plans if p["user"]
    )
    banks, contracts, addresses, contacts = [], [], [], []
    for p in plans:
        rng, client = p["rng"], p["client"]
        contacts.append(_contact(rng, client, p["director"], p["user"]))
        for n, entity in enumerate(p["entities"]):
            gaps = p["gaps"] if n == 0 else set()
            if "bank" not in gaps and entity.kind != LegalEntity.Kind.PERSON:
                banks.append(_bank_account(rng, entity, p["numbers"][n]))
            if "contract" not in gaps:
                contracts.append(_contract(rng, client, entity, price_types, p["numbers"][n]))
            addresses.extend(_addresses(rng, client, entity, p["cities"][n]))
    BankAccount.objects.bulk_create(banks)
    Contract.objects.bulk_create(contracts)
    DeliveryAddress.objects.bulk_create(addresses)
    Contact.objects.bulk_create(contacts)


def _gaps(i: int) -> set[str]:
    gaps = set()
    if i % 9 == 4:
        gaps.add("email")
    if i % 13 == 5:
        gaps |= {"bank", "legal_address"}
    if i % 17 == 6:
        gaps.add("contract")
    if i % 11 == 3:
        gaps.add("access")
    return gaps


def _plan(i: int, managers: list[User]) -> dict:
    """Everything about client number `i`, as unsaved model instances."""
    rng = random.Random(i)
    gaps = _gaps(i)
    individual = i % 21 == 6  # never i % 3 == 1, the clients with two entities
    numbers = [2 * i] if individual or i % 3 != 1 else [2 * i, 2 * i + 1]
    director = _person_name(rng)
    brand = rng.choice(data.NAME_HEADS) + rng.choice(data.NAME_TAILS)
    cities = [data.OFFICES[n % len(data.OFFICES)][0] for n in numbers]
    if individual:
        entities = [_person_entity(rng, numbers[0], director)]
    else:
        entities = [_company_entity(rng, numbers[0], brand, director)]
        if len(numbers) == 2:
            entities.append(_sole_trader(rng, numbers[1], _person_name(rng)))
    if "legal_address" in gaps:
        entities[0].legal_address = entities[0].postal_address = ""
    manager = managers[0] if i % 2 == 0 else managers[1 + (i // 2) % (len(managers) - 1)]
    site = data.translit(brand)
    client = Client(
        name=director if individual else brand,
        kind=Client.Kind.INDIVIDUAL if individual else Client.Kind.COMPANY,
        manager=manager,
        email="" if "email" in gaps else f"info@{site}.ru",
        phone="" if "email" in gaps else _phone(rng),
        is_dealer=rng.random() < 0.1,
        external_id=f"{GENERATED_PREFIX}{i:07d}",
    )
    return {
        "rng": rng,
        "client": client,
        "user": None if "access" in gaps else _portal_user(i, director, site),
        "entities": entities,
        "numbers": numbers,
        "cities": cities,
        "director": director,
        "gaps": gaps,
    }


def _person_name(rng: random.Random) -> str:
    surname = rng.choice(data.SURNAMES)
    if rng.random() < 0.5:
        return f"{surname[0]} {rng.choice(data.MALE_NAMES)} {rng.choice(data.MALE_PATRONYMICS)}"
    return f"{surname[1]} {rng.choice(data.FEMALE_NAMES)} {rng.choice(data.FEMALE_PATRONYMICS)}"


def _phone(rng: random.Random) -> str:
    return f"+79{rng.randint(0, 999_999_999):09d}"


def _office(n: int) -> tuple[data.City, str, int]:
    """The city, tax office and serial of legal entity number `n` (serials stay below 90000)."""
    city, office = data.OFFICES[n % len(data.OFFICES)]
    return city, office, n // len(data.OFFICES)


def _postal(rng: random.Random, city: data.City) -> str:
    return rng.choice(city.postal) + f"{rng.randint(0, 160):03d}"


def _address(rng: random.Random, city: data.City) -> str:
    street = rng.choice(data.STREETS)
    return f"{_postal(rng, city)}, г. {city.name}, {street}, д. {rng.randint(1, 120)}"


def _company_entity(rng: random.Random, n: int, brand: str, director: str) -> LegalEntity:
    city, office, serial = _office(n)
    kind = LegalEntity.Kind.AO if rng.random() < 0.08 else LegalEntity.Kind.OOO
    form = (
        "Акционерное общество"
        if kind == LegalEntity.Kind.AO
        else ("Общество с ограниченной ответственностью")
    )
    address = _address(rng, city)
    year = rng.randint(3, 23)
    return LegalEntity(
        kind=kind,
        name=f"{kind.label} «{brand}»",
        full_name=f"{form} «{brand}»",
        inn=checksum_digit_inn(f"{office}{serial:05d}"),
        kpp=f"{office}01001",
        ogrn=ogrn_with_check(f"1{year:02d}{city.region}{n:07d}"),
        legal_address=address,
        postal_address=address,
        director=director,
    )


def _sole_trader(rng: random.Random, n: int, owner: str) -> LegalEntity:
    city, office, serial = _office(n)
    surname, first, patronymic = owner.split()
    address = _address(rng, city) + f", кв. {rng.randint(1, 200)}"
    return LegalEntity(
        kind=LegalEntity.Kind.IP,
        name=f"ИП {surname} {first[0]}. {patronymic[0]}.",
        full_name=f"Индивидуальный предприниматель {owner}",
        inn=checksum_digit_inn(f"{office}{serial:06d}"),
        ogrn=ogrn_with_check(f"3{rng.randint(5, 23):02d}{city.region}{n:09d}"),
        legal_address=address,
        postal_address=address,
        director=owner,
    )


def _person_entity(rng: random.Random, n: int, name: str) -> LegalEntity:
    city, office, serial = _office(n)
    address = _address(rng, city) + f", кв. {rng.randint(1, 200)}"
    return LegalEntity(
        kind=LegalEntity.Kind.PERSON,
        name=name,
        full_name=name,
        inn=checksum_digit_inn(f"{office}{serial:06d}"),
        legal_address=address,
        postal_address=address,
    )


def _bank_account(rng: random.Random, entity: LegalEntity, n: int) -> BankAccount:
    city, _office_code, _serial = _office(n)
    bank = data.BANKS[city.bank if rng.random() < 0.6 else rng.choice(data.MOSCOW_BANKS)]
    ledger = "40802810" if entity.kind == LegalEntity.Kind.IP else "40702810"
    body = f"{ledger}0{rng.randint(0, 9999):04d}{n:07d}"
    return BankAccount(
        legal_entity=entity,
        bank_name=bank.name,
        bik=bank.bik,
        corr_account=bank.corr_account,
        account=account_with_check(bank.bik, body),
    )


_DISCOUNTS = [Decimal(d) for d in ("0", "0", "2", "3", "5", "7", "10")]
_DEFERRALS = (0, 0, 7, 14, 14, 30, 30, 45, 60)


def _contract(rng, client, entity, price_types, n: int) -> Contract:
    person = entity.kind == LegalEntity.Kind.PERSON
    date = datetime.date(2023, 1, 9) + datetime.timedelta(days=rng.randint(0, 1100))
    deferral = 0 if person else rng.choice(_DEFERRALS)
    limit = 0 if person or deferral == 0 else rng.randint(1, 60) * 50_000
    return Contract(
        client=client,
        legal_entity=entity,
        number=f"{'Р' if person else 'ОПТ'}-{date.year}/{n:05d}",
        date=date,
        price_type=price_types[0] if person else rng.choice(price_types[1:]),
        discount_percent=Decimal("0") if person else rng.choice(_DISCOUNTS),
        payment_deferral_days=deferral,
        credit_limit=Decimal(limit),
        credit_mode=rng.choice(list(Contract.CreditMode)),
    )


def _addresses(rng, client, entity, city: data.City) -> list[DeliveryAddress]:
    count = 1 if rng.random() < 0.7 else 2
    return [
        DeliveryAddress(
            client=client,
            legal_entity=entity,
            title="Склад" if k == 0 else "Магазин",
            postal_code=_postal(rng, city),
            city=city.name,
            address=f"{rng.choice(data.STREETS)}, д. {rng.randint(1, 150)}",
            contact_name=_person_name(rng),
            contact_phone=_phone(rng),
            is_default=k == 0,
        )
        for k in range(count)
    ]


def _portal_user(i: int, full_name: str, site: str) -> User:
    """The client's director, connected to the portal as its client admin."""
    surname = data.translit(full_name.split()[0])
    return User(
        email=f"{surname}.{i}@{site}.ru",
        phone=f"+7999{i:07d}",
        full_name=full_name,
        position="Генеральный директор",
        password=_password_hash(),
    )


@functools.cache
def _password_hash() -> str:
    """One hash of the demo password for every generated person: hashing is slow on purpose."""
    return make_password(DEMO_PASSWORD)


def _membership(user: User, client: Client, entity: LegalEntity) -> ClientMembership:
    return ClientMembership(
        user=user,
        client=client,
        role=ClientRole.ADMIN,
        current_legal_entity=entity,
        **CLIENT_ROLE_DEFAULTS[ClientRole.ADMIN],
    )


def _contact(rng, client, director: str, user: User | None) -> Contact:
    return Contact(
        client=client,
        user=user,
        full_name=director,
        position="Генеральный директор" if client.kind == Client.Kind.COMPANY else "",
        email=client.email,
        phone=client.phone or _phone(rng),
    )
