"""What the demo clients add to the catalog: discount rules (for a client or for everyone;
on a group, a brand, a product or the whole catalog; with quantity breaks) and the
clients' own article numbers."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from okno.catalog.models import ClientArticle, DiscountRule, Product
from okno.catalog.search.keys import article_key
from okno.clients.models import Client, ClientMembership
from okno.demo.catalog.plans import CODE_PREFIX
from okno.demo.catalog.reference import Reference
from okno.demo.generate import GENERATED_PREFIX

TECHNOSNAB = "client1.admin@okno.demo"
STROYDVOR = "client2.buyer@okno.demo"
# Product numbers the product rules and own articles are about: all below the smallest
# catalog a scale makes, so every scale has them.
RULE_PRODUCTS = (3, 17, 40, 88, 121, 150, 199, 230, 262, 297)
# Own-article prefixes of «СтройДвор», by top group.
STROYDVOR_PREFIXES = {"1": "КР", "2": "ЭЛ", "3": "ИН", "4": "СТ", "5": "ЛК", "6": "СМ"}


def extras_ensure(*, reference: Reference, products: int, stdout) -> None:
    """Discount rules and own articles, once: a database that has any is left as it is."""
    clients = _demo_clients()
    with transaction.atomic():
        if not DiscountRule.objects.exists():
            rules = _rules(reference, clients, products)
            DiscountRule.objects.bulk_create(rules)
            stdout.write(f"  правил скидок: {len(rules)}\n")
        articles = _own_articles(reference, clients, products)
        if articles:
            ClientArticle.objects.bulk_create(articles)
            stdout.write(f"  артикулов клиентов: {len(articles)}\n")


def _demo_clients() -> dict[str, int]:
    """Client ids of «ТехноСнаб» and «СтройДвор», by the login that marks each."""
    memberships = ClientMembership.objects.filter(user__email__in=[TECHNOSNAB, STROYDVOR])
    return {
        str(email): client_id
        for email, client_id in memberships.values_list("user__email", "client_id")
    }


def _products(numbers) -> list[int]:
    codes = [f"{CODE_PREFIX}{n + 1:08d}" for n in numbers]
    return list(
        Product.objects.filter(code__in=codes).order_by("code").values_list("id", flat=True)
    )


def _rule(percent: str, **fields) -> DiscountRule:
    return DiscountRule(percent=Decimal(percent), **fields)


def _rules(ref: Reference, clients: dict[str, int], products: int) -> list[DiscountRule]:
    groups, brands = ref.groups, ref.brands
    today = timezone.localdate()
    month = today.replace(day=1)
    rules = [
        # Everyone: bolts DIN 933 from a thousand pieces, a promotion on a brand this month,
        # one rule that has expired and one switched off.
        _rule("3", group_id=groups["1-1-1"], min_quantity=Decimal(1000)),
        _rule("5", group_id=groups["1-1-1"], min_quantity=Decimal(10000)),
        _rule(
            "5",
            brand_id=brands["Stayer"],
            valid_from=month,
            valid_until=month + datetime.timedelta(days=45),
        ),
        _rule("10", brand_id=brands["Bosch"], valid_until=month - datetime.timedelta(days=1)),
        _rule("8", group_id=groups["3"], is_active=False),
    ]
    for product_id in _products(n for n in RULE_PRODUCTS if n < products):
        rules += [
            _rule("2", product_id=product_id, min_quantity=Decimal(10)),
            _rule("4", product_id=product_id, min_quantity=Decimal(50)),
        ]
    rules += _client_rules(ref, clients, products)
    return rules


def _client_rules(ref: Reference, clients: dict[str, int], products: int) -> list[DiscountRule]:
    groups, brands = ref.groups, ref.brands
    rules = []
    if TECHNOSNAB in clients:
        client = clients[TECHNOSNAB]
        rules += [
            _rule("3", client_id=client, group_id=groups["1"]),
            _rule("5", client_id=client, group_id=groups["1"], min_quantity=Decimal(5000)),
            _rule("7", client_id=client, group_id=groups["1"], min_quantity=Decimal(20000)),
            _rule("4", client_id=client, brand_id=brands["IEK"]),
        ]
        rules += [
            _rule("6", client_id=client, product_id=product_id, min_quantity=Decimal(100))
            for product_id in _products(n for n in RULE_PRODUCTS[:3] if n < products)
        ]
    if STROYDVOR in clients:
        client = clients[STROYDVOR]
        rules += [
            _rule("6", client_id=client, brand_id=brands["Knauf"]),
            _rule("2", client_id=client, group_id=groups["2-1"]),
            _rule("4", client_id=client, group_id=groups["2-1"], min_quantity=Decimal(1000)),
            _rule("3", client_id=client, group_id=groups["6"]),
        ]
    generated = Client.objects.filter(external_id__startswith=GENERATED_PREFIX)
    for n, client_id in enumerate(
        generated.order_by("external_id").values_list("id", flat=True)[:10]
    ):
        rules.append(_rule(str(1 + n % 3), client_id=client_id))
    return rules


def _own_articles(ref: Reference, clients: dict[str, int], products: int) -> list[ClientArticle]:
    """«ТехноСнаб» keeps its own numbering for 150 products, «СтройДвор» for 100, coded by
    the top group; a client that already has own articles gets no more."""
    have = set(
        ClientArticle.objects.filter(client_id__in=clients.values()).values_list(
            "client_id", flat=True
        )
    )
    top_prefix = {str(ref.groups[key]): prefix for key, prefix in STROYDVOR_PREFIXES.items()}
    wanted = {
        TECHNOSNAB: range(0, min(products, 3000), 20),
        STROYDVOR: range(5, min(products, 3000), 30),
    }
    articles = []
    for login, numbers in wanted.items():
        client_id = clients.get(login)
        if client_id is None or client_id in have:
            continue
        rows = Product.objects.filter(
            code__in=[f"{CODE_PREFIX}{n + 1:08d}" for n in numbers]
        ).values_list("id", "group__path")
        for seq, (product_id, path) in enumerate(sorted(rows), start=1):
            if login == TECHNOSNAB:
                article = f"ТС-{1000 + seq * 7:06d}"
            else:
                article = f"СД.{top_prefix.get(path.split('/')[1], 'ПР')}.{seq:04d}"
            articles.append(
                ClientArticle(
                    client_id=client_id,
                    product_id=product_id,
                    article=article,
                    article_key=article_key(article),
                )
            )
    return articles
