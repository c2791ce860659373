"""`make bench`: the catalog's benchmarks on a database of their own, SQLite and, when asked,
PostgreSQL; a table on the console and the figures in `bench/results/<timestamp>.json`.

    python -m bench [--scale small|medium|large] [--db sqlite,postgres]
                    [--only search,page,price_list,cart,checkout,quick,history,export,
                            http,exchange,finance,sla,desk_reports,desk]

Each database is seeded once (`okno seed`) and measured in a process of its own, so one
database's caches and memory do not count against the other. The 1C exchange (`exchange`,
see `bench.exchange`), the settlements (`finance`, see `bench.finance`) and the SLA sweep
(`sla`, see `bench.sla`), the supervisor's month report (`desk_reports`, see
`bench.desk_reports`) and the operators' workspace over a million appeals (`desk`, see
`bench.desk`) run on databases of their own, created fresh for each run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from bench.exchange import bench_exchange
from bench.fresh import measured_afresh

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var" / "bench"
RESULTS_DIR = ROOT / "bench" / "results"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/okno_bench"
# Benchmarks measured in a process of their own on a database made for the run.
FRESH_DATABASE = ("finance", "sla", "desk_reports", "desk")
# Benchmarks that build a database of their own instead of the seeded one.
OWN_DATABASES = ("exchange", *FRESH_DATABASE)
COLUMNS = ("benchmark", "database", "n", "p50 ms", "p95 ms", "goal", "result")


def parse_options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--scale", default="medium", choices=("small", "medium", "large"))
    parser.add_argument("--db", help="sqlite,postgres (default: sqlite, and postgres if asked)")
    parser.add_argument("--postgres", action="store_true", help=f"also {POSTGRES_URL}")
    benchmarks = "search,page,price_list,cart,checkout,quick,history,export"
    parser.add_argument(
        "--only",
        default=benchmarks,
        help=f"{benchmarks}; http, exchange, finance, sla, desk_reports, desk on request",
    )
    parser.add_argument(
        "--exchange-threads", type=int, default=4, help="threads of each server worker (exchange)"
    )
    options = parser.parse_args()
    if options.db is None:
        with_postgres = options.postgres or "BENCH_DATABASE_URL" in os.environ
        options.db = "sqlite,postgres" if with_postgres else "sqlite"
    return options


def database_url(database: str, scale: str) -> str:
    if database == "sqlite":
        return f"sqlite:///{VAR_DIR / f'okno-{scale}.sqlite3'}"
    if database == "postgres":
        return os.environ.get("BENCH_DATABASE_URL", POSTGRES_URL)
    raise SystemExit(f"unknown database {database!r}; choose sqlite or postgres")


def postgres_create(url: str) -> None:
    """Create the benchmark database when the server has none of that name."""
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    server = urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if found.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def measure(database: str, options: argparse.Namespace) -> dict:
    """The seeded database's benchmarks, then the exchange's on databases of its own."""
    names = options.only.split(",")
    seeded = [name for name in names if name not in OWN_DATABASES]
    measured: dict = {"database": {}, "results": []}
    if seeded:
        measured = measure_seeded(database, options.scale, ",".join(seeded))
    if "exchange" in names:
        exchange = bench_exchange(
            database=database,
            database_url=exchange_database_url(database, options.scale),
            scale=options.scale,
            var_dir=VAR_DIR,
            threads=options.exchange_threads,
        )
        measured["database"] = measured["database"] or exchange["database"]
        measured["results"] += exchange["results"]
    for name in FRESH_DATABASE:
        if name in names:
            fresh = measured_afresh(
                f"bench.{name}",
                database=database,
                database_url=own_database_url(database, options.scale, name),
                var_dir=VAR_DIR,
            )
            measured["database"] = measured["database"] or fresh["database"]
            measured["results"] += fresh["results"]
    for row in measured["results"]:
        row["database"] = database
    return measured


def exchange_database_url(database: str, scale: str) -> str:
    """The exchange benchmark's own database, next to the seeded one."""
    return own_database_url(database, scale, "exchange")


def own_database_url(database: str, scale: str, name: str) -> str:
    """A benchmark's own database `name`, next to the seeded one. Those made fresh for each
    run do not depend on the scale: their database is one for all."""
    if database == "sqlite":
        suffix = name if name in FRESH_DATABASE else f"{name}-{scale}"
        return f"sqlite:///{VAR_DIR / f'okno-{suffix}.sqlite3'}"
    url = urlsplit(database_url(database, scale))
    return url._replace(path=f"{url.path}_{name}").geturl()


def measure_seeded(database: str, scale: str, only: str) -> dict:
    """Seed the database if it needs it, then run the benchmarks in a fresh process."""
    url = database_url(database, scale)
    if database == "postgres":
        postgres_create(url)
    env = {**os.environ, "DATABASE_URL": url, "OKNO_VAR_DIR": str(VAR_DIR), "OKNO_DEBUG": "0"}
    command = [sys.executable, "-m", "bench.measure", "--scale", scale]
    subprocess.run([*command, "--prepare"], env=env, cwd=ROOT, check=True)
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run([*command, "--only", only, "--out", out.name], env=env, cwd=ROOT, check=True)
        return json.loads(Path(out.name).read_text(encoding="utf-8"))


def table_row(row: dict) -> tuple[str, ...]:
    name = row["benchmark"]
    if "requests_per_s" in row:  # under load through HTTP
        name += f" ({row['requests_per_s']} req/s, {row['errors']} errors)"
    if row["p95_ms"] is None:  # a single value, not timings
        figures = ("", str(row["value"]))
    else:
        figures = (f"{row['p50_ms']:.1f}", f"{row['p95_ms']:.1f}")
    verdict = {True: "pass", False: "FAIL"}.get(row["passed"], "—")
    return (name, row["database"], str(row["n"]), *figures, row["goal"], verdict)


def print_table(rows: list[dict]) -> None:
    lines = [COLUMNS, *map(table_row, rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(COLUMNS))]
    for line in lines:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))


def main() -> None:
    options = parse_options()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    started = datetime.now().astimezone()
    databases = {name: measure(name, options) for name in options.db.split(",")}
    rows = [row for measured in databases.values() for row in measured["results"]]
    print_table(rows)
    report = {
        "started": started.isoformat(timespec="seconds"),
        "scale": options.scale,
        "machine": {
            "cpus": os.cpu_count(),
            "processor": platform.processor() or platform.machine(),
            "python": platform.python_version(),
        },
        "databases": {name: measured["database"] for name, measured in databases.items()},
        "results": rows,
    }
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{started:%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\n{path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
