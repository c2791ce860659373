"""The measurements, run in a process of their own whose settings point at one benchmark
database (see `bench.__main__`): `--prepare` migrates and seeds it, otherwise the chosen
benchmarks run and their results are written as JSON to `--out`."""

from __future__ import annotations

import argparse
import json
import os
import resource
from collections.abc import Callable
from functools import partial

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "okno.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.http_load import bench_http  # noqa: E402
from bench.orders import ORDER_BENCHMARKS, result, timed  # noqa: E402
from bench.orders_export import EXPORT_BENCHMARKS  # noqa: E402
from okno.accounts.models import User  # noqa: E402
from okno.catalog.models import Barcode, Product, ProductGroup  # noqa: E402
from okno.catalog.price_list_xlsx import price_list_xlsx  # noqa: E402
from okno.catalog.search.keys import other_layout  # noqa: E402
from okno.catalog.search.query import search_products  # noqa: E402
from okno.catalog.selectors import catalog_page, catalog_price_list  # noqa: E402
from okno.core.actor import actor_for_user  # noqa: E402
from okno.demo.seed import SCALES, seed  # noqa: E402
from okno.orders.models import Order  # noqa: E402

SEARCH_GOAL_MS = 30
PAGE_GOAL_MS = 50
RSS_GOAL_MB = 300
PRICE_LIST_GOAL_MS = 60_000
PRICE_LIST_RSS_GOAL_MB = 150
SEARCH_ROUNDS = 10
PAGE_RUNS = 100
PRICE_LIST_RUNS = 3
# A buyer of «ТехноСнаб»: contract prices of their own price type, a contract discount,
# discount rules and the stock of the contract's warehouse.
BUYER = "client1.buyer@okno.demo"
# Two-word names as a buyer types them: other word forms than the catalog's names.
NAME_QUERIES = (
    "выключателя автоматического",
    "трубы канализационной",
    "гвоздей строительных",
    "лампами светодиодными",
    "болтов нержавеющих",
)
PAGE_QUERY = "лампа светодиодная"


def prepare(scale: str) -> None:
    """Migrate, collect static files (the pages use hashed names, as in production), seed
    the scale unless the database already holds its products and, on PostgreSQL, gather
    the planner's statistics as autovacuum would."""
    call_command("migrate", "--no-input", "-v", "0")
    call_command("collectstatic", "--no-input", "-v", "0")
    size = SCALES[scale]
    if Product.objects.count() < size.products or Order.objects.count() < size.orders_here() / 2:
        seed(scale)
    if connection.vendor == "postgresql":
        # A server with autovacuum keeps the planner's statistics; one without it (or one
        # that has not got to the freshly seeded tables yet) plans on empty guesses.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def search_queries() -> list[str]:
    """Exact articles, article starts, names in other word forms, words typed in the other
    keyboard layout and barcodes, taken from across the seeded catalog."""
    ids = list(Product.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
    picked = [ids[i * len(ids) // 5] for i in range(5)]
    articles = list(Product.objects.filter(pk__in=picked).values_list("article", flat=True))
    codes = list(Barcode.objects.order_by("pk").values_list("code", flat=True)[:5000:1000])
    wrong_layout = [other_layout(words) or words for words in NAME_QUERIES]
    return [
        *articles,
        *(article[: max(3, len(article) // 2)] for article in articles),
        *NAME_QUERIES,
        *wrong_layout,
        *codes,
    ]


def bench_search(buyer: User) -> list[dict]:
    """`search_products` over the active catalog, the first page of 50 rows fetched."""
    client_id = actor_for_user(buyer).client_id
    queries = search_queries()
    products = Product.objects.filter(is_active=True)
    samples = []
    for query in queries:

        def run(query: str = query) -> None:
            list(search_products(products, query, client_id=client_id)[:50])

        samples += timed(run, SEARCH_ROUNDS)
    return [result(f"search ({len(queries)} queries)", samples, SEARCH_GOAL_MS)]


def bench_page(buyer: User) -> list[dict]:
    """The catalog page of 50 rows for a client: the selector alone and the whole GET."""
    group = ProductGroup.objects.filter(depth=1).order_by("pk").first()
    group_id = group.pk if group is not None else None
    actor = actor_for_user(buyer)
    browser = Client()
    browser.force_login(buyer)

    def get(url: str) -> None:
        response = browser.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")

    cases: list[tuple[str, Callable[[], object]]] = [
        ("page selector", lambda: catalog_page(actor, per_page=50)),
        ("page selector, search", lambda: catalog_page(actor, query=PAGE_QUERY, per_page=50)),
        ("page selector, group", lambda: catalog_page(actor, group_id=group_id, per_page=50)),
        ("GET /catalog/", lambda: get("/catalog/")),
        ("GET /catalog/?q=…", lambda: get(f"/catalog/?q={PAGE_QUERY}")),
        ("GET /catalog/?group=…", lambda: get(f"/catalog/?group={group_id}")),
    ]
    return [result(name, timed(call, PAGE_RUNS), PAGE_GOAL_MS) for name, call in cases]


def bench_price_list(buyer: User) -> list[dict]:
    """The buyer's price list of the whole catalog written as an Excel file, and how much
    the measuring process's peak memory grew while it was written (the catalog's size
    must not show in it)."""
    actor = actor_for_user(buyer)
    products = Product.objects.filter(is_active=True).count()
    before = _rss_megabytes()

    def export() -> None:
        with price_list_xlsx(catalog_price_list(actor)):
            pass

    samples = timed(export, PRICE_LIST_RUNS)
    grown = _rss_megabytes() - before
    return [
        result(f"price list ({products} products)", samples, PRICE_LIST_GOAL_MS),
        single("price list, peak RSS growth, MB", grown, PRICE_LIST_RSS_GOAL_MB),
    ]


def _rss_megabytes() -> float:
    # Linux reports ru_maxrss in kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def single(benchmark: str, megabytes: float, goal_mb: float) -> dict:
    """A result that is one figure in megabytes, not timings."""
    return {
        "benchmark": benchmark,
        "n": 1,
        "p50_ms": None,
        "p95_ms": None,
        "value": round(megabytes, 1),
        "goal": f"≤ {goal_mb} MB",
        "passed": megabytes <= goal_mb,
    }


def peak_rss() -> dict:
    return single("peak RSS, MB", _rss_megabytes(), RSS_GOAL_MB)


BENCHMARKS = {
    "search": bench_search,
    "page": bench_page,
    "price_list": bench_price_list,
    **ORDER_BENCHMARKS,
    **EXPORT_BENCHMARKS,
    # Not among `python -m bench`'s defaults: about a minute and a half of load.
    "http": partial(bench_http, query=PAGE_QUERY),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="medium", choices=SCALES)
    parser.add_argument("--prepare", action="store_true")
    parser.add_argument("--only", default=",".join(BENCHMARKS))
    parser.add_argument("--out")
    options = parser.parse_args()
    if options.prepare:
        prepare(options.scale)
        return
    buyer = User.objects.get(email=BUYER)
    results = []
    for name in options.only.split(","):
        results += BENCHMARKS[name](buyer)
    results.append(peak_rss())
    database = {
        "vendor": connection.vendor,
        "version": ".".join(map(str, connection.Database.sqlite_version_info))
        if connection.vendor == "sqlite"
        else str(connection.pg_version),
        "products": Product.objects.count(),
    }
    with open(options.out, "w", encoding="utf-8") as out:
        json.dump({"database": database, "results": results}, out, ensure_ascii=False)


if __name__ == "__main__":
    main()
