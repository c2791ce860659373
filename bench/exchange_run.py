"""The measuring process of the exchange benchmark (see `bench.exchange`), with Django set
up on a fresh benchmark database: prepare it, write or reuse the files, run the server and
three exchanges, and turn what was timed into the table's rows."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from bench.cml_client import ExchangeFailed, OneC
from bench.exchange import (
    CHARACTERISTICS,
    FILE_LIMIT,
    LOGIN,
    OFFERS_GOAL,
    PASSWORD,
    PRODUCTS_GOAL,
    RSS_GOAL_MB,
    SAMPLE_S,
    failure_row,
    figure_row,
    rate_row,
    ratio_row,
)
from bench.http_load import HOST, START_TIMEOUT_S, _children, _free_port, _stop_server
from okno.accounts.models import User
from okno.catalog.models import Price, Product, Stock
from okno.core.roles import StaffRole
from okno.exchange.generate import CatalogSpec, GeneratedFile, cml_archive_write, cml_files_write
from okno.exchange.models import ExchangeSession, Integration

ROUNDS = (("first", False), ("again", False), ("zip", True))
PROBLEMS = (ExchangeFailed, OSError, http.client.HTTPException, RuntimeError)


def exchange_measure(
    *, shape: str, version: str, products: int, workers: int, threads: int
) -> dict:
    """Everything measured for one shape of files: {"database": …, "results": rows}."""
    prepare()
    files, archive = files_ready(version=version, products=products)
    rounds: dict[str, dict] = {}
    problem = ""
    log_path = Path(settings.VAR_DIR) / f"exchange-server-{shape}.log"
    port = _free_port()
    with log_path.open("wb") as log:
        server = start_server(port, log, workers, threads)
        sampler = MemorySampler(server.pid)
        try:
            wait_until_serving(server, port, log_path)
            sampler.start()
            for label, zipped in ROUNDS:
                sampler.phase = label
                rounds[label] = exchange_round(port, files, archive if zipped else None, shape)
        except PROBLEMS as error:
            problem = f"{type(error).__name__}: {error}"
        finally:
            sampler.stopped.set()
            worker_figures = workers_state(server.pid)
            _stop_server(server)
    shutil.rmtree(settings.OKNO_EXCHANGE_DIR, ignore_errors=True)  # the received copies
    server_shape = f"{workers} workers × {threads} threads"
    rows = shape_rows(shape, files, rounds, worker_figures, server_shape)
    if "reader" in sampler.peaks:
        peak = sampler.peaks["reader"]
        name = f"exchange {shape}: file reader process peak RSS, MB"
        rows.append(figure_row(name, 1, peak, f"≤ {RSS_GOAL_MB} MB", peak <= RSS_GOAL_MB))
    crashes = worker_crashes(log_path)
    if crashes:
        name = f"exchange {shape}: workers lost ({crashes[0][:60]})"
        rows.append(figure_row(name, len(crashes), len(crashes), "none", False))
    if problem:
        print(f"exchange {shape}: {problem}", file=sys.stderr)
        rows.append(failure_row(f"exchange {shape}", files[0].products, problem))
    rows[0]["details"] = {
        "rounds": rounds,
        "workers": worker_figures,
        "rss_peaks_mb": sampler.peaks,
        "files": [{**asdict(f), "path": f.path.name} for f in files],
        "catalog": catalog_counts(),
        "worker_crashes": crashes,
    }
    return {"database": database_figures(), "results": rows}


def prepare() -> None:
    """Migrate the fresh database and create 1C's integration user with the exchange's
    part size; nothing is left of an earlier run's received files."""
    shutil.rmtree(settings.OKNO_EXCHANGE_DIR, ignore_errors=True)
    call_command("migrate", "--no-input", "-v", "0")
    user = User.objects.create_user(
        LOGIN, PASSWORD, full_name="Обмен с 1С:Предприятие", staff_role=StaffRole.INTEGRATION
    )
    Integration.objects.create(name="1С", user=user, file_limit=FILE_LIMIT, allow_zip=True)


def files_ready(*, version: str, products: int) -> tuple[list[GeneratedFile], Path]:
    """The generated files and their archive, written once per specification and reused
    (the same specification gives the same bytes)."""
    spec = CatalogSpec(products=products, version=version, characteristics=CHARACTERISTICS)
    folder = Path(settings.VAR_DIR) / "exchange-files" / f"{version}-{products}"
    manifest = folder / "manifest.json"
    archive = folder / "v8_1A2B_1.zip"
    if manifest.exists() and json.loads(manifest.read_text())["spec"] == repr(spec):
        listed = json.loads(manifest.read_text())["files"]
        files = [GeneratedFile(**{**item, "path": folder / item["path"]}) for item in listed]
        return files, archive
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    files = cml_files_write(spec=spec, folder=folder)
    cml_archive_write(files=files, path=archive)
    print(f"exchange files written in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    listed = [{**asdict(f), "path": f.path.name} for f in files]
    manifest.write_text(json.dumps({"spec": repr(spec), "files": listed}, ensure_ascii=False))
    return files, archive


# --- the server ------------------------------------------------------------------------------


def start_server(port: int, log, workers: int, threads: int) -> subprocess.Popen:
    """`okno serve` as a deployment runs it; the environment (the benchmark database's
    DATABASE_URL, OKNO_VAR_DIR, OKNO_DEBUG=0) is this process's."""
    command = [sys.executable, "-m", "okno.cli", "serve", f"--host={HOST}", f"--port={port}"]
    command += [f"--workers={workers}", f"--threads={threads}"]
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)


def wait_until_serving(server: subprocess.Popen, port: int, log_path: Path) -> None:
    """Until the server answers the exchange's address at all."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            tail = log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise RuntimeError(f"the server exited with {server.returncode}:\n{tail}")
        probe = http.client.HTTPConnection(HOST, port, timeout=10)
        try:
            probe.request("GET", "/exchange/1c/?type=catalog&mode=init")
            status = probe.getresponse().status
        except OSError:
            time.sleep(0.2)
            continue
        finally:
            probe.close()
        if status == 404:
            raise RuntimeError("the server has no /exchange/1c/")
        return
    raise RuntimeError(f"the server did not answer in {START_TIMEOUT_S:.0f} s")


class MemorySampler(threading.Thread):
    """Samples the workers' resident memory (VmRSS) four times a second; `peaks` holds the
    largest seen in each exchange."""

    def __init__(self, master_pid: int) -> None:
        super().__init__(daemon=True)
        self.master_pid = master_pid
        self.phase = "start"
        self.peaks: dict[str, float] = {}
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(SAMPLE_S):
            for pid in _children(self.master_pid):
                self._sample(pid, self.phase)
                # A worker's file readers (okno/exchange/importing/reading.py).
                for reader in _children(pid):
                    self._sample(reader, "reader")

    def _sample(self, pid: int, key: str) -> None:
        megabytes = _status_mb(pid, "VmRSS:")
        if megabytes > self.peaks.get(key, 0.0):
            self.peaks[key] = round(megabytes, 1)


def _status_mb(pid: int, key: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return 0.0


def workers_state(master_pid: int) -> list[dict]:
    """Each worker's peak memory (VmHWM) and CPU seconds: which worker did the work."""
    ticks = _clock_ticks()
    workers = []
    for pid in _children(master_pid):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        cpu_s = round((int(fields[11]) + int(fields[12])) / ticks, 1)  # utime + stime
        workers.append({"pid": pid, "peak_mb": round(_status_mb(pid, "VmHWM:"), 1), "cpu_s": cpu_s})
    return workers


def worker_crashes(log_path: Path) -> list[str]:
    """The server log's account of each worker that died or was killed mid-request, with
    the line before it (what the process said as it died)."""
    lines = log_path.read_text(encoding="utf-8", errors="replace").splitlines()
    found = []
    for number, line in enumerate(lines):
        if "was sent SIG" in line or "WORKER TIMEOUT" in line:
            said = lines[number - 1] if number and "] [" not in lines[number - 1] else ""
            found.append(f"{said} {line.split('] ', 3)[-1]}".strip())
    return found


def _clock_ticks() -> int:
    return os.sysconf("SC_CLK_TCK")


# --- one exchange ----------------------------------------------------------------------------


def exchange_round(port: int, files: list[GeneratedFile], archive: Path | None, shape: str) -> dict:
    """checkauth, init, the files (or their archive) in parts, each file imported until
    `success`; the package exchange ends with deactivate and complete."""
    one_c = OneC(HOST, port, LOGIN, PASSWORD)
    try:
        one_c.checkauth()
        allow_zip, file_limit = one_c.init()
        zipped = archive is not None and allow_zip
        started = time.perf_counter()
        sent = [archive] if zipped and archive else [f.path for f in files]
        names = [archive.name] if zipped and archive else [f.name for f in files]
        parts = sum(
            one_c.upload(path, name, file_limit) for path, name in zip(sent, names, strict=True)
        )
        upload_s = time.perf_counter() - started
        runs = [one_c.import_file(f.name) for f in files]
        finish_s = one_c.finish_package() if shape == "package" else 0.0
    finally:
        one_c.close()
    return {
        "zip": zipped,
        "file_limit": file_limit,
        "parts": parts,
        "upload_mb": round(sum(path.stat().st_size for path in sent) / 2**20, 1),
        "upload_s": round(upload_s, 2),
        "imports": {run.name: asdict(run) for run in runs},
        "deactivate_complete_s": round(finish_s, 2),
        "requests": one_c.requests,
        "sent_again": one_c.log,
        "counts": session_counts(),
    }


def session_counts() -> dict:
    """The import jobs' counts of the latest session, by file, as the portal stored them."""
    session = ExchangeSession.objects.order_by("-started_at", "-pk").first()
    if session is None:
        return {}
    return {job.file.name: job.counts for job in session.imports.select_related("file")}


def catalog_counts() -> dict:
    return {
        "products": Product.objects.count(),
        "products_from_1c": Product.objects.exclude(external_id=None).count(),
        "prices": Price.objects.count(),
        "stocks": Stock.objects.count(),
    }


def database_figures() -> dict:
    if connection.vendor == "sqlite":
        version = ".".join(map(str, connection.Database.sqlite_version_info))
    else:
        version = str(connection.pg_version)
    return {"vendor": connection.vendor, "version": version, "products": Product.objects.count()}


# --- the rows ----------------------------------------------------------------------------------


def shape_rows(shape, files, rounds, worker_figures, server_shape: str) -> list[dict]:
    products_file, offer_files = files[0], files[1:]
    products, offers = products_file.products, offer_files[0].offers
    rows = []
    first, again, zipped = rounds.get("first"), rounds.get("again"), rounds.get("zip")
    if first:
        imports = first["imports"]
        products_s = imports[products_file.name]["seconds"]
        offers_s = sum(imports[f.name]["seconds"] for f in offer_files)
        name = f"exchange {shape}: products/s, {products_file.name.split('___')[0]}"
        rows.append(rate_row(name, products, products_s, PRODUCTS_GOAL, "products"))
        prices = max(f.prices for f in offer_files) // max(offers, 1)
        stocks = max(f.stocks for f in offer_files) // max(offers, 1)
        per_offer = f"{prices} prices + {stocks} stocks"
        name = f"exchange {shape}: offers/s ({per_offer})"
        rows.append(rate_row(name, offers, offers_s, OFFERS_GOAL, "offers"))
    if first and again:
        first_s = _import_seconds(first)
        again_s = _import_seconds(again)
        rows.append(ratio_row(f"exchange {shape}: re-import unchanged", products, first_s, again_s))
    if zipped:
        label = "from one zip" if zipped["zip"] else "zip not offered"
        seconds = round(_import_seconds(zipped), 1)
        rows.append(figure_row(f"exchange {shape}: re-import {label}, s", products, seconds))
    if first and worker_figures:
        peak = max(worker["peak_mb"] for worker in worker_figures)
        name = f"exchange {shape}: worker peak RSS, MB ({server_shape})"
        goal = f"≤ {RSS_GOAL_MB} MB"
        rows.append(figure_row(name, len(worker_figures), peak, goal, peak <= RSS_GOAL_MB))
    return rows or [figure_row(f"exchange {shape}", products, "nothing measured")]


def _import_seconds(exchange: dict) -> float:
    return sum(run["seconds"] for run in exchange["imports"].values())
