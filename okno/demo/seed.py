"""Demo and benchmark data: `okno seed --scale small|medium|large` and the first `okno demo`.

Every scale first makes the fixed demo accounts (see `DEMO_LOGINS`, password
`DEMO_PASSWORD`), then generated clients up to the scale's count. Running it again
adds only what is missing.
"""

import sys
import time

from django.db import transaction

from okno.accounts.models import User
from okno.catalog.models import PriceType
from okno.core.roles import StaffRole
from okno.demo import data
from okno.demo.demo_set import DEMO_LOGINS, DEMO_PASSWORD, create_clients, create_staff
from okno.demo.generate import generate_clients

__all__ = ["DEMO_LOGINS", "DEMO_PASSWORD", "SCALES", "seed", "seed_demo_if_empty"]

# How many generated clients each scale has (large: about 80,000 legal entities).
SCALES = {"small": 50, "medium": 2_000, "large": 60_000}

EXTRA_MANAGERS = (
    ("manager2@okno.demo", "Ковалёва Анна Сергеевна", "1002"),
    ("manager3@okno.demo", "Белов Кирилл Андреевич", "1003"),
    ("manager4@okno.demo", "Тарасова Юлия Викторовна", "1004"),
    ("manager5@okno.demo", "Зайцев Роман Олегович", "1005"),
)


def seed_demo_if_empty(stdout=sys.stdout) -> bool:
    """On a database with no users, load the demo set and a small number of clients."""
    if User.objects.exists():
        return False
    seed("small", stdout=stdout)
    return True


def seed(scale: str = "small", stdout=sys.stdout) -> None:
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    started = time.perf_counter()
    stdout.write(f"Демо-данные (масштаб {scale}):\n")
    with transaction.atomic():
        price_types = _price_types()
        staff = create_staff(stdout)
        manager = staff["manager@okno.demo"]
        create_clients(manager, price_types, stdout)
        managers = [manager, *_extra_managers(stdout)]
    ordered = [price_types[name] for name, _code in data.PRICE_TYPES]
    generate_clients(target=SCALES[scale], managers=managers, price_types=ordered, stdout=stdout)
    stdout.write(f"Готово за {time.perf_counter() - started:.1f} с.\n")


def _price_types() -> dict[str, PriceType]:
    """The four price types of the demo company's 1C, by name."""
    found = {}
    for name, code in data.PRICE_TYPES:
        found[name] = PriceType.objects.filter(name=name).first() or PriceType.objects.create(
            name=name, code=code
        )
    return found


def _extra_managers(stdout) -> list[User]:
    """More account managers for generated clients, so a manager sees only a share of them."""
    managers = []
    for email, full_name, code in EXTRA_MANAGERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email,
                DEMO_PASSWORD,
                full_name=full_name,
                staff_role=StaffRole.MANAGER,
                manager_code=code,
                position="Менеджер по работе с клиентами",
            )
            stdout.write(f"  создан {email}\n")
        managers.append(user)
    return managers
