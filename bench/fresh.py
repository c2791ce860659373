"""A benchmark measured in a process of its own on a database created fresh for the run
(SQLite's file removed, PostgreSQL's database dropped and created): the settlements, the
SLA sweep and the supervisor's reports run so."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from bench.exchange import failure_row

ROOT = Path(__file__).resolve().parent.parent


def measured_afresh(module: str, *, database: str, database_url: str, var_dir: Path) -> dict:
    """Run `python -m <module> --out FILE` on a fresh database; the rows it measured, or a
    failure row naming the exit code."""
    if database == "sqlite":
        Path(urlsplit(database_url).path).unlink(missing_ok=True)
    else:
        postgres_recreate(database_url)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "OKNO_VAR_DIR": str(var_dir),
        "OKNO_DEBUG": "0",
    }
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [sys.executable, "-m", module, "--out", out.name]
        finished = subprocess.run(command, env=env, cwd=ROOT, check=False)
        if finished.returncode != 0:
            name = module.rsplit(".", 1)[-1]
            row = failure_row(name, 0, f"exit {finished.returncode}")
            return {"database": {}, "results": [row]}
        return json.loads(Path(out.name).read_text(encoding="utf-8"))


def postgres_recreate(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    server = urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
