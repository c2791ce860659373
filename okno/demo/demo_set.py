"""The fixed demo accounts and the three demo clients they belong to.

Every account here logs in with `DEMO_PASSWORD`. Client 1 («ТехноСнаб») has two
legal entities and every field filled in, so its client card shows no gaps; its
buyer acts for both legal entities, so the legal-entity switch is visible.
"""

from typing import Any

from okno.accounts.models import User
from okno.clients.models import (
    BankAccount,
    Client,
    ClientMembership,
    Contact,
    Contract,
    DeliveryAddress,
    LegalEntity,
)
from okno.core.roles import CLIENT_ROLE_DEFAULTS, StaffRole
from okno.demo.catalog.reference import Reference
from okno.demo.demo_clients import DEMO_CLIENTS

DEMO_PASSWORD = "Okno2026demo"

STAFF = (
    ("admin@okno.demo", "Соколова Ирина Павловна", StaffRole.ADMIN, "администратор"),
    (
        "manager@okno.demo",
        "Петров Алексей Игоревич",
        StaffRole.MANAGER,
        "менеджер по работе с клиентами (код 1001)",
    ),
    ("operator@okno.demo", "Васильева Мария Сергеевна", StaffRole.OPERATOR, "оператор претензий"),
    (
        "supervisor@okno.demo",
        "Григорьев Дмитрий Олегович",
        StaffRole.SUPERVISOR,
        "руководитель претензионного отдела",
    ),
    ("1c@okno.demo", "Обмен с 1С:Предприятие", StaffRole.INTEGRATION, "интеграция: обмен с 1С"),
)
STAFF_EXTRA: dict[str, dict[str, Any]] = {
    "admin@okno.demo": {"is_staff": True, "is_superuser": True, "position": "Администратор"},
    "manager@okno.demo": {
        "manager_code": "1001",
        "phone": "+79161234501",
        "position": "Менеджер по работе с клиентами",
    },
    "operator@okno.demo": {"position": "Оператор претензионного отдела"},
    "supervisor@okno.demo": {"position": "Руководитель претензионного отдела"},
}

CLIENT_LOGINS = (
    ("client1.admin@okno.demo", "администратор клиента «ТехноСнаб» (два юрлица)"),
    ("client1.buyer@okno.demo", "закупщик «ТехноСнаб», действует за оба юрлица"),
    ("client2.buyer@okno.demo", "закупщик клиента «СтройДвор»"),
    ("person@okno.demo", "физическое лицо — покупатель"),
)

DEMO_LOGINS: list[tuple[str, str]] = [
    *((email, role) for email, _name, _staff_role, role in STAFF[:4]),
    *CLIENT_LOGINS,
    (STAFF[4][0], STAFF[4][3]),
]


def create_staff(stdout) -> dict[str, User]:
    """The demo staff accounts; an existing account is left as it is."""
    users = {}
    for email, full_name, staff_role, _role in STAFF:
        user = User.objects.filter(email=email).first()
        if user is None:
            extra = STAFF_EXTRA.get(email, {})
            user = User.objects.create_user(
                email, DEMO_PASSWORD, full_name=full_name, staff_role=staff_role, **extra
            )
            stdout.write(f"  создан {email}\n")
        users[email] = user
    return users


def create_clients(manager: User, reference: Reference, stdout) -> None:
    """The demo clients; one whose guard login already exists is skipped."""
    for spec in DEMO_CLIENTS:
        if User.objects.filter(email=spec["guard"]).exists():
            continue
        _create_client(spec, manager, reference)
        stdout.write(f"  создан клиент «{spec['client']['name']}»\n")


def complete_demo_contracts(reference: Reference) -> None:
    """Give the demo contracts of a database seeded before contracts had a warehouse the
    warehouse their description names."""
    for spec in DEMO_CLIENTS:
        for fields in spec["entities"].values():
            for contract in fields.get("contracts", []):
                Contract.objects.filter(
                    number=contract["number"], legal_entity__inn=fields["inn"], warehouse=None
                ).update(warehouse=reference.warehouse(contract["warehouse"]))


def _create_client(spec: dict, manager: User, reference: Reference) -> Client:
    client = Client.objects.create(manager=manager, **spec["client"])
    entities = {
        key: _create_legal_entity(client, dict(fields), reference)
        for key, fields in spec["entities"].items()
    }
    for fields in spec["contacts"]:
        Contact.objects.create(client=client, **fields)
    for person in spec["people"]:
        _create_person(client, person, entities)
    return client


def _create_legal_entity(client: Client, fields: dict, reference: Reference) -> LegalEntity:
    bank = fields.pop("bank", None)
    contracts = fields.pop("contracts", [])
    addresses = fields.pop("addresses", [])
    entity = LegalEntity.objects.create(client=client, **fields)
    if bank:
        BankAccount.objects.create(legal_entity=entity, **bank)
    for contract in contracts:
        terms = {
            **contract,
            "price_type": reference.price_type(contract["price_type"]),
            "warehouse": reference.warehouse(contract["warehouse"]),
        }
        Contract.objects.create(client=client, legal_entity=entity, **terms)
    for address in addresses:
        DeliveryAddress.objects.create(client=client, legal_entity=entity, **address)
    return entity


def _create_person(client: Client, person: dict, entities: dict[str, LegalEntity]) -> None:
    role = person["role"]
    user = User.objects.create_user(
        person["email"],
        DEMO_PASSWORD,
        full_name=person["full_name"],
        position=person.get("position", ""),
        phone=person.get("phone") or None,
    )
    flags = {**CLIENT_ROLE_DEFAULTS[role]}
    if "may_view_finance" in person:
        flags["may_view_finance"] = person["may_view_finance"]
    own = [entities[key] for key in person["entities"]]
    membership = ClientMembership.objects.create(
        user=user, client=client, role=role, current_legal_entity=own[0], **flags
    )
    membership.legal_entities.set(own)
    Contact.objects.create(
        client=client,
        user=user,
        full_name=user.full_name,
        position=user.position,
        email=user.email,
        phone=user.phone or "",
    )
