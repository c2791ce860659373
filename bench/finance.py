"""Mutual settlements, as `python -m bench --only finance` runs them: one legal entity with
100,000 ledger documents, on a database created fresh for each run (SQLite under
`var/bench/`, PostgreSQL `okno_bench_finance`).

A process of its own migrates the database, creates the client (a legal entity with three
contracts, its accountant) and the company's requisites, writes the settlements file
(`bench.finance_files`, kept under `var/bench/`) and imports it through `okno
import-finance`'s code, which also fills the ledger. Then, through the public surface as the
client's accountant: the balances and receivables (`GET /api/v1/finance/balances` and the
finance page), the archive (the documents page and `GET /api/v1/finance/documents`, the
first page, a search by number and a narrowed page) and the reconciliation act
(`GET /api/v1/finance/reconciliation`): the last year as JSON and as PDF, for one contract
and for all three.

    python -m bench.finance --out FILE [--documents 100000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.exchange import figure_row, rate_row

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = 100_000
CONTRACTS = ("BENCH-C1", "BENCH-C2", "BENCH-C3")
ACCOUNTANT = "accountant@bench.okno"
IMPORT_GOAL = 2_000
BALANCES_GOAL_MS = 50
ARCHIVE_GOAL_MS = 100
ACT_GOAL_MS = 2_000
RUNS = 50
ACT_RUNS = 5


# --- in the measuring process --------------------------------------------------------------


def measure(documents: int) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from bench.finance_files import changes_path, finance_xml
    from okno.finance.importing.load import finance_file_import

    call_command("migrate", "--no-input", "-v", "0")
    call_command("collectstatic", "--no-input", "-v", "0")
    accountant, legal_entity_id = _client()
    today = dt.date.today()
    var_dir = Path(os.environ["OKNO_VAR_DIR"])
    path = var_dir / f"finance-{documents}-{today:%Y%m%d}-3.xml"
    if not changes_path(path).exists():
        finance_xml(path, contracts=list(CONTRACTS), documents=documents, until=today)
    paths = (path, changes_path(path))
    records = sum(p.read_text(encoding="utf-8").count("<document ") for p in paths)

    started = time.perf_counter()
    imports = [finance_file_import(actor=None, path=p) for p in paths]
    seconds = time.perf_counter() - started
    errors = [error for result in imports for error in result.errors]
    if errors:
        raise RuntimeError(f"the import reported {len(errors)}: {errors[:3]}")
    imported = imports[0]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    rows = [rate_row("import-finance", records, seconds, IMPORT_GOAL, "documents")]
    rows += _reads(accountant, legal_entity_id, today)
    return {"database": _database(), "results": rows, "import": imported.as_dict()}


def _client():
    """The legal entity with its three contracts and its accountant on the portal."""
    from okno.accounts.models import User
    from okno.catalog.models import PriceType
    from okno.clients.models import Client, ClientMembership, Contract, LegalEntity
    from okno.core.requisites import checksum_digit_inn, ogrn_with_check
    from okno.core.roles import CLIENT_ROLE_DEFAULTS, ClientRole
    from okno.demo.requisites import company_requisites_ensure

    company_requisites_ensure(stdout=open(os.devnull, "w"))  # noqa: SIM115
    manager = User.objects.create_user(email="manager@bench.okno", password="Bench2026pass")
    client = Client.objects.create(name="Торговый дом «Бенчмарк»", manager=manager)
    legal_entity = LegalEntity.objects.create(
        client=client,
        kind=LegalEntity.Kind.OOO,
        name="ООО «Бенчмарк»",
        full_name="Общество с ограниченной ответственностью «Бенчмарк»",
        inn=checksum_digit_inn("770100001"),
        kpp="770101001",
        ogrn=ogrn_with_check("102770000001"),
        legal_address="125009, г. Москва, ул. Тверская, д. 7",
    )
    price_type = PriceType.objects.create(name="Оптовая", code="BENCH")
    for number, external_id in enumerate(CONTRACTS, start=1):
        Contract.objects.create(
            client=client,
            legal_entity=legal_entity,
            number=f"ОПТ-{number:04d}",
            date=dt.date(2020, number, 15),
            price_type=price_type,
            payment_deferral_days=14 * number,
            external_id=external_id,
        )
    accountant = User.objects.create_user(email=ACCOUNTANT, password="Bench2026pass")
    defaults = CLIENT_ROLE_DEFAULTS[ClientRole.ACCOUNTANT]
    membership = ClientMembership.objects.create(
        user=accountant, client=client, role=ClientRole.ACCOUNTANT, **defaults
    )
    membership.legal_entities.set([legal_entity])
    return accountant, legal_entity.pk


def _reads(accountant, legal_entity_id: int, today: dt.date) -> list[dict]:
    from django.test import Client as Browser

    from bench.orders import result, timed
    from okno.finance.models import SettlementDocument

    browser = Browser()
    browser.force_login(accountant)

    def get(url: str) -> bytes:
        response = browser.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        return response.content

    newest = SettlementDocument.objects.filter(kind="shipment").order_by("-date", "-pk").first()
    number = newest.number[-5:] if newest is not None else "1"
    month = {"date_from": (today - dt.timedelta(days=30)).isoformat(), "kind": "payment"}
    listed = [
        ("GET /api/v1/finance/balances", "/api/v1/finance/balances", BALANCES_GOAL_MS),
        ("GET /finance/ (balances page)", "/finance/", BALANCES_GOAL_MS),
        ("GET /api/v1/finance/documents", "/api/v1/finance/documents", ARCHIVE_GOAL_MS),
        (
            "GET /api/v1/finance/documents?q=…",
            f"/api/v1/finance/documents?q={number}",
            ARCHIVE_GOAL_MS,
        ),
        (
            "GET /api/v1/finance/documents?kind&date_from",
            f"/api/v1/finance/documents?{urlencode(month)}",
            ARCHIVE_GOAL_MS,
        ),
        ("GET /finance/documents/", "/finance/documents/", ARCHIVE_GOAL_MS),
        ("GET /finance/documents/?q=…", f"/finance/documents/?q={number}", ARCHIVE_GOAL_MS),
    ]
    rows = []
    for name, url, goal in listed:
        rows.append(result(name, timed(lambda url=url: get(url), RUNS), goal))
    rows += _acts(get, legal_entity_id, today)
    documents = SettlementDocument.objects.count()
    rows.append(figure_row("ledger documents", documents, documents))
    return rows


def _acts(get, legal_entity_id: int, today: dt.date) -> list[dict]:
    """The act for the last year, of all contracts and of the first: as JSON (its figures
    are the ledger's queries) and as PDF, which the goal is for."""
    from bench.orders import result, timed
    from okno.clients.models import Contract

    year = (today.replace(day=1) - dt.timedelta(days=365)).replace(day=1)
    first = Contract.objects.get(external_id=CONTRACTS[0]).pk

    def act(file_format: str, contract_id: int | None) -> str:
        query = {
            "legal_entity_id": legal_entity_id,
            "date_from": year.isoformat(),
            "date_to": today.isoformat(),
            "format": file_format,
        }
        if contract_id is not None:
            query["contract_id"] = contract_id
        return f"/api/v1/finance/reconciliation?{urlencode(query)}"

    rows = []
    for scope, contract_id in (("all contracts", None), ("one contract", first)):
        lines = len(json.loads(get(act("json", contract_id)))["lines"])
        size = len(get(act("pdf", contract_id))) // 1024
        for file_format, label in (("json", "JSON"), ("pdf", f"PDF, {size} KB")):
            url = act(file_format, contract_id)
            name = f"act, a year of {scope} as {label} ({lines} lines)"
            rows.append(result(name, timed(lambda url=url: get(url), ACT_RUNS), ACT_GOAL_MS))
    return rows


def _database() -> dict:
    from django.db import connection

    from okno.finance.models import LedgerEntry, SettlementDocument

    version = (
        ".".join(map(str, connection.Database.sqlite_version_info))
        if connection.vendor == "sqlite"
        else str(connection.pg_version)
    )
    return {
        "vendor": connection.vendor,
        "version": version,
        "documents": SettlementDocument.objects.count(),
        "entries": LedgerEntry.objects.count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.finance")
    parser.add_argument("--documents", type=int, default=DOCUMENTS)
    parser.add_argument("--out", required=True)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "okno.settings")
    import django

    django.setup()
    measured = measure(options.documents)
    Path(options.out).write_text(json.dumps(measured, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
