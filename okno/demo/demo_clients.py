"""The three demo clients, described as data: «ТехноСнаб» (two legal entities, nothing
missing), «СтройДвор» (a dealer) and an individual customer.

The settlement accounts are made up but valid for their real banks.
"""

import datetime
from decimal import Decimal
from typing import Any

from okno.clients.models import Client, Contract, LegalEntity
from okno.core.requisites import account_with_check, checksum_digit_inn, ogrn_with_check
from okno.core.roles import ClientRole
from okno.demo.data import BANKS


def _inn(body: str) -> str:
    return checksum_digit_inn(body)


def _account(bank: int, body: str) -> dict:
    """Bank details in one of the real banks, with a made-up but valid settlement account."""
    b = BANKS[bank]
    return {
        "bank_name": b.name,
        "bik": b.bik,
        "corr_account": b.corr_account,
        "account": account_with_check(b.bik, body),
    }


TECHNOSNAB: dict[str, Any] = {
    "guard": "client1.admin@okno.demo",
    "client": {
        "name": "ТехноСнаб",
        "kind": Client.Kind.COMPANY,
        "email": "zakaz@tehnosnab.ru",
        "phone": "+74957851230",
        "notes": "Ключевой клиент, закупки каждую неделю.",
    },
    "entities": {
        "ooo": {
            "kind": LegalEntity.Kind.OOO,
            "name": "ООО «ТехноСнаб»",
            "full_name": "Общество с ограниченной ответственностью «ТехноСнаб»",
            "inn": _inn("771490001"),
            "kpp": "771401001",
            "ogrn": ogrn_with_check("115774690001"),
            "legal_address": "125040, г. Москва, ул. Правды, д. 8, к. 13, офис 412",
            "postal_address": "125040, г. Москва, ул. Правды, д. 8, к. 13, офис 412",
            "director": "Орлова Елена Николаевна",
            "bank": _account(0, "40702810038000012345"),
            "contracts": [
                {
                    "number": "ТС-2025/014",
                    "date": datetime.date(2025, 2, 10),
                    "price_type": "Оптовая",
                    "warehouse": "Москва",
                    "discount_percent": Decimal("3.00"),
                    "payment_deferral_days": 30,
                    "credit_limit": Decimal("1500000.00"),
                    "credit_mode": Contract.CreditMode.BLOCK,
                }
            ],
            "addresses": [
                {
                    "title": "Склад в Подольске",
                    "postal_code": "142103",
                    "city": "Подольск",
                    "address": "ул. Комсомольская, д. 1, стр. 3",
                    "contact_name": "Лебедев Сергей Михайлович",
                    "contact_phone": "+79035550123",
                    "comment": "Въезд с ул. Железнодорожной, разгрузка с 9:00 до 17:00.",
                    "is_default": True,
                },
                {
                    "title": "Офис",
                    "postal_code": "125040",
                    "city": "Москва",
                    "address": "ул. Правды, д. 8, к. 13, офис 412",
                    "contact_name": "Смирнов Павел Андреевич",
                    "contact_phone": "+79167772031",
                    "comment": "Пропуск заказывать накануне.",
                },
            ],
        },
        "ip": {
            "kind": LegalEntity.Kind.IP,
            "name": "ИП Кузнецов А. В.",
            "full_name": "Индивидуальный предприниматель Кузнецов Андрей Викторович",
            "inn": _inn("7714900002"),
            "kpp": "",
            "ogrn": ogrn_with_check("31971000900002"),
            "legal_address": "300041, г. Тула, пр-т Ленина, д. 45, кв. 12",
            "postal_address": "300041, г. Тула, пр-т Ленина, д. 45, кв. 12",
            "director": "Кузнецов Андрей Викторович",
            "bank": _account(2, "40802810002500054321"),
            "contracts": [
                {
                    "number": "ИП-2025/007",
                    "date": datetime.date(2025, 9, 1),
                    "price_type": "Мелкооптовая",
                    "warehouse": "Москва",
                    "discount_percent": Decimal("0"),
                    "payment_deferral_days": 14,
                    "credit_limit": Decimal("300000.00"),
                    "credit_mode": Contract.CreditMode.WARN,
                }
            ],
            "addresses": [
                {
                    "title": "Магазин в Туле",
                    "postal_code": "300041",
                    "city": "Тула",
                    "address": "пр-т Ленина, д. 45",
                    "contact_name": "Кузнецов Андрей Викторович",
                    "contact_phone": "+79105551847",
                    "comment": "Разгрузка со двора.",
                    "is_default": True,
                }
            ],
        },
    },
    "contacts": [
        {
            "full_name": "Никитина Татьяна Сергеевна",
            "position": "Главный бухгалтер",
            "email": "buh@tehnosnab.ru",
            "phone": "+79162223344",
        },
        {
            "full_name": "Лебедев Сергей Михайлович",
            "position": "Заведующий складом",
            "phone": "+79035550123",
            "is_representative": True,
            "power_of_attorney": "№ 14 от 09.01.2026",
            # Relative to the day of seeding, so the demo never shows it expired.
            "power_of_attorney_until": datetime.date.today() + datetime.timedelta(days=300),
        },
    ],
    "people": [
        {
            "email": "client1.admin@okno.demo",
            "full_name": "Орлова Елена Николаевна",
            "position": "Генеральный директор",
            "phone": "+79161110101",
            "role": ClientRole.ADMIN,
            "entities": ["ooo", "ip"],
        },
        {
            "email": "client1.buyer@okno.demo",
            "full_name": "Смирнов Павел Андреевич",
            "position": "Менеджер по закупкам",
            "phone": "+79167772031",
            "role": ClientRole.BUYER,
            "entities": ["ooo", "ip"],
        },
    ],
}

STROYDVOR: dict[str, Any] = {
    "guard": "client2.buyer@okno.demo",
    "client": {
        "name": "СтройДвор",
        "kind": Client.Kind.COMPANY,
        "email": "opt@stroydvor66.ru",
        "phone": "+73432870415",
        "is_dealer": True,
    },
    "entities": {
        "ooo": {
            "kind": LegalEntity.Kind.OOO,
            "name": "ООО «СтройДвор»",
            "full_name": "Общество с ограниченной ответственностью «СтройДвор»",
            "inn": _inn("667190004"),
            "kpp": "667101001",
            "ogrn": ogrn_with_check("118665890004"),
            "legal_address": "620102, г. Екатеринбург, ул. Шаумяна, д. 73, офис 5",
            "postal_address": "620102, г. Екатеринбург, ул. Шаумяна, д. 73, офис 5",
            "director": "Захаров Михаил Игоревич",
            "bank": _account(8, "40702810016540098765"),
            "contracts": [
                {
                    "number": "СД-118/2025",
                    "date": datetime.date(2025, 4, 1),
                    "price_type": "Дилерская",
                    "warehouse": "Екатеринбург",
                    "discount_percent": Decimal("5.00"),
                    "payment_deferral_days": 45,
                    "credit_limit": Decimal("3000000.00"),
                    "credit_mode": Contract.CreditMode.WARN,
                }
            ],
            "addresses": [
                {
                    "title": "Склад на Монтажников",
                    "postal_code": "620050",
                    "city": "Екатеринбург",
                    "address": "ул. Монтажников, д. 4, стр. 2",
                    "contact_name": "Волкова Наталья Игоревна",
                    "contact_phone": "+79221234567",
                    "is_default": True,
                }
            ],
        }
    },
    "contacts": [
        {
            "full_name": "Захаров Михаил Игоревич",
            "position": "Генеральный директор",
            "email": "director@stroydvor66.ru",
            "phone": "+79122001122",
        }
    ],
    "people": [
        {
            "email": "client2.buyer@okno.demo",
            "full_name": "Волкова Наталья Игоревна",
            "position": "Специалист отдела снабжения",
            "phone": "+79221234567",
            "role": ClientRole.BUYER,
            "entities": ["ooo"],
        }
    ],
}

PERSON: dict[str, Any] = {
    "guard": "person@okno.demo",
    "client": {
        "name": "Морозов Игорь Сергеевич",
        "kind": Client.Kind.INDIVIDUAL,
        "email": "person@okno.demo",
        "phone": "+79172345678",
    },
    "entities": {
        "person": {
            "kind": LegalEntity.Kind.PERSON,
            "name": "Морозов Игорь Сергеевич",
            "full_name": "Морозов Игорь Сергеевич",
            "inn": _inn("1655900003"),
            "kpp": "",
            "ogrn": "",
            "legal_address": "420111, Республика Татарстан, г. Казань, ул. Баумана, д. 19, кв. 7",
            "postal_address": "420111, Республика Татарстан, г. Казань, ул. Баумана, д. 19, кв. 7",
            "contracts": [
                {
                    "number": "Р-2026/0031",
                    "date": datetime.date(2026, 1, 20),
                    "price_type": "Розничная",
                    "warehouse": "Казань",
                    "credit_mode": Contract.CreditMode.BLOCK,
                }
            ],
            "addresses": [
                {
                    "title": "Дом",
                    "postal_code": "420111",
                    "city": "Казань",
                    "address": "ул. Баумана, д. 19, кв. 7",
                    "contact_name": "Морозов Игорь Сергеевич",
                    "contact_phone": "+79172345678",
                    "comment": "Домофон 7, позвонить за час.",
                    "is_default": True,
                }
            ],
        }
    },
    "contacts": [],
    "people": [
        {
            "email": "person@okno.demo",
            "full_name": "Морозов Игорь Сергеевич",
            "phone": "+79172345678",
            "role": ClientRole.BUYER,
            "entities": ["person"],
            "may_view_finance": True,
        }
    ],
}

DEMO_CLIENTS = (TECHNOSNAB, STROYDVOR, PERSON)
