"""Two clients and the staff around them, for tests of who may see what.

Client A has two legal entities; `a_admin` acts for both, `a_buyer` for the first only.
Client B has one legal entity and its own admin. `manager_a` manages client A,
`manager_b` manages client B and must see nothing of A.
"""

from dataclasses import dataclass

from okno.accounts.models import User
from okno.accounts.tests.factories import AdminFactory, StaffFactory
from okno.clients.models import Client, Contact, Contract, DeliveryAddress, LegalEntity
from okno.clients.tests.factories import (
    BankAccountFactory,
    ClientFactory,
    ContactFactory,
    ContractFactory,
    DeliveryAddressFactory,
    LegalEntityFactory,
    MembershipFactory,
)
from okno.core.roles import ClientRole, StaffRole


@dataclass
class World:
    client_a: Client
    entity_a1: LegalEntity
    entity_a2: LegalEntity
    contract_a1: Contract
    address_a1: DeliveryAddress
    contact_a: Contact
    a_admin: User
    a_buyer: User
    client_b: Client
    entity_b: LegalEntity
    b_admin: User
    manager_a: User
    manager_b: User
    operator: User
    admin: User
    extra: dict


def build_world() -> World:
    manager_a = StaffFactory(full_name="Менеджер А")
    manager_b = StaffFactory(full_name="Менеджер Б")
    client_a = ClientFactory(name="Клиент А", manager=manager_a)
    entity_a1 = LegalEntityFactory(client=client_a)
    entity_a2 = LegalEntityFactory(client=client_a)
    BankAccountFactory(legal_entity=entity_a1)
    client_b = ClientFactory(name="Клиент Б", manager=manager_b)
    entity_b = LegalEntityFactory(client=client_b)
    a_admin = MembershipFactory(client=client_a, role=ClientRole.ADMIN).user
    a_buyer = MembershipFactory(
        client=client_a, role=ClientRole.BUYER, legal_entities=[entity_a1]
    ).user
    b_admin = MembershipFactory(client=client_b, role=ClientRole.ADMIN).user
    return World(
        client_a=client_a,
        entity_a1=entity_a1,
        entity_a2=entity_a2,
        contract_a1=ContractFactory(legal_entity=entity_a1),
        address_a1=DeliveryAddressFactory(legal_entity=entity_a1, is_default=True),
        contact_a=ContactFactory(client=client_a),
        a_admin=a_admin,
        a_buyer=a_buyer,
        client_b=client_b,
        entity_b=entity_b,
        b_admin=b_admin,
        manager_a=manager_a,
        manager_b=manager_b,
        operator=StaffFactory(staff_role=StaffRole.OPERATOR, manager_code=None),
        admin=AdminFactory(),
        extra={},
    )
