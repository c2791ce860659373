"""The 1C catalog exchange through HTTP, as `python -m bench --only exchange` runs it.

For each shape of files (the 2.07 pair and the 2.09 package, see
`okno.exchange.generate`) on a database created fresh for it, a process of its own
migrates the database, creates the integration user, writes the files (kept under
`var/bench` for the next run) and starts the production server as a deployment runs it:
`okno serve`, gunicorn with 2 gthread workers of 4 threads. 1C's side
(`bench.cml_client`) talks over one keep-alive connection, so one worker serves the whole
exchange, though any of its threads may take each request. It runs three exchanges of
the same files: the first import into the empty catalog, the re-import of the unchanged
files, and the re-import sent as one zip archive. Measured: products per second of the
products file, offers per second of the offers files (names, 20 prices and 10 warehouse
stocks each), the first import's time over the re-import's, the workers' peak memory
(VmHWM; VmRSS sampled per exchange in the JSON), and any worker the server lost.

    python -m bench.exchange --shape 2.07|package --scale small|medium|large --out FILE
                             [--workers 2] [--threads 4]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent

SCALES = {"small": 2_000, "medium": 20_000, "large": 200_000}
SHAPES = {"2.07": "2.07", "package": "2.09"}
CHARACTERISTICS = 0.1  # a tenth of the products sold in three sizes
WORKERS = 2
THREADS = 4
FILE_LIMIT = 4 * 1024 * 1024
LOGIN = "1c@okno.demo"
PASSWORD = "Okno2026demo"
PRODUCTS_GOAL = 5_000
OFFERS_GOAL = 4_000
RSS_GOAL_MB = 250
REIMPORT_GOAL = 3.0
SAMPLE_S = 0.25


def parse_options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.exchange")
    parser.add_argument("--shape", choices=SHAPES, required=True)
    parser.add_argument("--scale", choices=SCALES, default="small")
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--threads", type=int, default=THREADS)
    parser.add_argument("--out", required=True)
    return parser.parse_args()


def main() -> None:
    options = parse_options()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "okno.settings")
    import django

    django.setup()
    from bench.exchange_run import exchange_measure

    measured = exchange_measure(
        shape=options.shape,
        version=SHAPES[options.shape],
        products=SCALES[options.scale],
        workers=options.workers,
        threads=options.threads,
    )
    Path(options.out).write_text(json.dumps(measured, ensure_ascii=False), encoding="utf-8")


# --- the rows of the table -----------------------------------------------------------------


def rate_row(name: str, count: int, seconds: float, goal: int, unit: str) -> dict:
    rate = round(count / seconds) if seconds else 0
    return {
        "benchmark": f"{name} ({count} in {seconds:.1f} s)",
        "n": count,
        "p50_ms": None,
        "p95_ms": None,
        "value": rate,
        "goal": f"≥ {goal} {unit}/s",
        "passed": rate >= goal,
    }


def ratio_row(name: str, count: int, first_s: float, again_s: float) -> dict:
    ratio = round(first_s / again_s, 2) if again_s else 0.0
    return {
        "benchmark": f"{name} ({first_s:.1f} s, again {again_s:.1f} s)",
        "n": count,
        "p50_ms": None,
        "p95_ms": None,
        "value": ratio,
        "goal": f"≥ {REIMPORT_GOAL:g}× faster",
        "passed": ratio >= REIMPORT_GOAL,
    }


def figure_row(name: str, count: int, value: float, goal: str = "—", passed=None) -> dict:
    return {
        "benchmark": name,
        "n": count,
        "p50_ms": None,
        "p95_ms": None,
        "value": value,
        "goal": goal,
        "passed": passed,
    }


def failure_row(name: str, count: int, message: str) -> dict:
    row = figure_row(name, count, "failed", "works", False)
    row["error"] = message
    return row


def exchange_environment(*, database_url: str, var_dir: Path) -> dict[str, str]:
    """The environment of the measuring process and the server it starts."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "OKNO_VAR_DIR": str(var_dir),
        "OKNO_DEBUG": "0",
        "OKNO_EXCHANGE_DIR": str(var_dir / "exchange-received"),
        "PYTHONUNBUFFERED": "1",
    }


def bench_exchange(
    *, database: str, database_url: str, scale: str, var_dir: Path, threads: int = THREADS
) -> dict:
    """Both shapes on `database`, each on a database created fresh for it and measured in
    a process of its own; {"database": …, "results": [rows]}."""
    measured: dict = {"database": {}, "results": []}
    for shape in SHAPES:
        url = fresh_database(database, database_url)
        env = exchange_environment(database_url=url, var_dir=var_dir)
        command = [sys.executable, "-m", "bench.exchange", "--shape", shape, "--scale", scale]
        command += ["--threads", str(threads)]
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            finished = subprocess.run([*command, "--out", out.name], env=env, cwd=ROOT)
            if finished.returncode != 0:
                message = f"the measuring process exited with {finished.returncode}"
                measured["results"].append(failure_row(f"exchange {shape}", 0, message))
                continue
            shape_measured = json.loads(Path(out.name).read_text(encoding="utf-8"))
        measured["database"] = shape_measured["database"]
        measured["results"] += shape_measured["results"]
    return measured


def fresh_database(database: str, url: str) -> str:
    """An empty database of the exchange benchmark: the SQLite file removed, or the
    PostgreSQL database dropped and created again. Only this benchmark's own database."""
    if database == "sqlite":
        path = Path("/" + urlsplit(url).path.lstrip("/"))
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        return url
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    if not name.endswith("_exchange"):
        raise SystemExit(f"{name!r} is not an exchange benchmark's database; not dropping it")
    server = urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        identifier = sql.Identifier(name)
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(identifier))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(identifier))
    return url


if __name__ == "__main__":
    main()
