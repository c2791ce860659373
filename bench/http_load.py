"""The catalog through HTTP, run by `bench.measure` on a seeded database: the production
server (`okno serve`: gunicorn, WSGI, 2 gthread workers of 4 threads, DEBUG off, static
files by WhiteNoise) on a free local port, the demo buyer logged in through the login form,
and a load generator asking for the catalog's pages and the order history for a fixed time:
first one connection alone (a request's own time, which the p95 goals are about), then a
few keep-alive connections at once (how many requests a second the two workers serve; the
time then includes waiting for a free worker). Per URL and load: requests per second, p50
and p95 of the answer's time as the client sees it and the errors; then the workers' peak
memory.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings

from okno.accounts.models import User
from okno.catalog.models import ProductGroup
from okno.demo.demo_set import DEMO_PASSWORD

WORKERS = 2
THREADS = 4
CONCURRENCY = 4
WARM_UP_S = 3.0
DURATION_S = 15.0
PAGE_GOAL_MS = 50
HISTORY_GOAL_MS = 100
RSS_GOAL_MB = 300
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 30.0
HOST = "127.0.0.1"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STATIC_LINK = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def bench_http(buyer: User, *, query: str) -> list[dict]:
    """The buyer's catalog (plain, a search, a group) and order history under load."""
    group = ProductGroup.objects.filter(depth=1).order_by("pk").first()
    cases = [  # (the row's name, the URL, the goal)
        ("/catalog/", "/catalog/", PAGE_GOAL_MS),
        ("/catalog/?q=…", f"/catalog/?q={quote(query)}", PAGE_GOAL_MS),
        ("/catalog/?group=…", f"/catalog/?group={group.pk if group else ''}", PAGE_GOAL_MS),
        ("/orders/", "/orders/", HISTORY_GOAL_MS),
    ]
    port = _free_port()
    log_path = Path(settings.VAR_DIR) / "http_load-server.log"
    with log_path.open("wb") as log:
        server = _start_server(port, log)
        try:
            _wait_until_serving(server, port, log_path)
            cookies = _log_in(port, buyer.email)
            _check_static(port, cookies)
            rows = [
                _load(port, cookies, name, url, goal_ms, connections=connections)
                for connections in (1, CONCURRENCY)
                for name, url, goal_ms in cases
            ]
            rows.append(_workers_peak_rss(server.pid))
        finally:
            _stop_server(server)
    return rows


# --- the server -----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _start_server(port: int, log) -> subprocess.Popen:
    """`okno serve` as the README runs it in production; the environment (the benchmark
    database's DATABASE_URL, OKNO_VAR_DIR, OKNO_DEBUG=0) is this process's."""
    command = [
        sys.executable,
        "-m",
        "okno.cli",
        "serve",
        f"--host={HOST}",
        f"--port={port}",
        f"--workers={WORKERS}",
        f"--threads={THREADS}",
    ]
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=os.environ.copy())


def _wait_until_serving(server: subprocess.Popen, port: int, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            tail = log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise RuntimeError(f"the server exited with {server.returncode}:\n{tail}")
        connection = http.client.HTTPConnection(HOST, port, timeout=10)
        try:
            status, _, _ = _request(connection, "/accounts/login/")
        except OSError:
            time.sleep(0.2)
            continue
        finally:
            connection.close()
        if status == 200:
            return
        raise RuntimeError(f"GET /accounts/login/ answered {status}")
    raise RuntimeError(f"the server did not answer in {START_TIMEOUT_S:.0f} s")


def _stop_server(server: subprocess.Popen) -> None:
    """SIGTERM is gunicorn's graceful stop; a server that does not stop in time is killed."""
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _workers_peak_rss(master_pid: int) -> dict:
    """The largest peak resident memory (VmHWM) of the server's worker processes."""
    workers = _children(master_pid)
    peaks = [_peak_rss_mb(pid) for pid in workers]
    worst = max(peaks, default=0.0)
    return {
        "benchmark": f"http: worker peak RSS, MB ({len(workers)} workers)",
        "n": len(workers),
        "p50_ms": None,
        "p95_ms": None,
        "value": round(worst, 1),
        "workers_mb": [round(peak, 1) for peak in peaks],
        "goal": f"≤ {RSS_GOAL_MB} MB",
        "passed": bool(workers) and worst <= RSS_GOAL_MB,
    }


def _children(parent: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The command name in brackets may hold spaces; the parent's pid follows it.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            children.append(int(stat.parent.name))
    return sorted(children)


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB
    return 0.0


# --- HTTP ------------------------------------------------------------------------------------


def _request(
    connection: http.client.HTTPConnection,
    path: str,
    *,
    cookies: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """One request on the connection; the answer read whole so the connection can be reused.
    Returns the status, the cookies the answer set and the body."""
    headers = {"Host": f"{HOST}:{connection.port}"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request("POST" if form is not None else "GET", path, body=body, headers=headers)
    response = connection.getresponse()
    content = response.read()
    jar = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return response.status, {name: morsel.value for name, morsel in jar.items()}, content


def _log_in(port: int, email: str) -> dict[str, str]:
    """The login form as a browser sends it: its CSRF token and cookie, then the POST."""
    connection = http.client.HTTPConnection(HOST, port)
    status, cookies, page = _request(connection, "/accounts/login/")
    token = CSRF_FIELD.search(page.decode())
    if status != 200 or token is None:
        raise RuntimeError(f"the login page answered {status} without a CSRF token")
    form = {"csrfmiddlewaretoken": token.group(1), "login": email, "password": DEMO_PASSWORD}
    status, set_cookies, _ = _request(connection, "/accounts/login/", cookies=cookies, form=form)
    cookies.update(set_cookies)
    if status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"logging in as {email} answered {status} without a session")
    status, _, _ = _request(connection, "/catalog/", cookies=cookies)
    if status != 200:
        raise RuntimeError(f"GET /catalog/ after logging in answered {status}")
    connection.close()
    return cookies


def _check_static(port: int, cookies: dict[str, str]) -> None:
    """A static file the catalog links to is served (WhiteNoise, hashed name)."""
    connection = http.client.HTTPConnection(HOST, port)
    _, _, page = _request(connection, "/catalog/", cookies=cookies)
    link = STATIC_LINK.search(page.decode())
    if link is None:
        raise RuntimeError("the catalog page links to no static file")
    status, _, _ = _request(connection, link.group(1))
    connection.close()
    if status != 200:
        raise RuntimeError(f"GET {link.group(1)} answered {status}")


# --- the load --------------------------------------------------------------------------------


@dataclass
class _Samples:
    """What the connections saw during the measured window."""

    started: float
    stopped: float
    timings_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _load(
    port: int, cookies: dict[str, str], name: str, url: str, goal_ms: float, *, connections: int
) -> dict:
    """`connections` keep-alive connections asking for `url` one request after another:
    a warm-up, then the measured window; only requests started in the window count. The
    p95 goal is judged on one connection alone; under several, the throughput is the
    figure (each request also waits for the others)."""
    now = time.perf_counter()
    samples = _Samples(started=now + WARM_UP_S, stopped=now + WARM_UP_S + DURATION_S)
    threads = [
        threading.Thread(target=_connection_loop, args=(port, cookies, url, samples))
        for _ in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    timings = samples.timings_ms or [0.0]
    p95 = statistics.quantiles(timings, n=100, method="inclusive")[94] if len(timings) > 1 else 0
    alone = connections == 1
    return {
        "benchmark": f"http GET {name}" + ("" if alone else f", {connections} connections"),
        "url": url,
        "n": len(samples.timings_ms),
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(p95, 2),
        "requests_per_s": round(len(samples.timings_ms) / DURATION_S, 1),
        "errors": len(samples.errors),
        "first_errors": samples.errors[:5],
        "concurrency": connections,
        "server": f"gunicorn gthread, {WORKERS} workers × {THREADS} threads",
        "goal": f"p95 ≤ {goal_ms} ms" if alone else "requests/s",
        "passed": not samples.errors and bool(samples.timings_ms) and (p95 <= goal_ms or not alone),
    }


def _connection_loop(port: int, cookies: dict[str, str], url: str, samples: _Samples) -> None:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        while (started := time.perf_counter()) < samples.stopped:
            try:
                status, _, _ = _request(connection, url, cookies=cookies)
                problem = None if status == 200 else f"status {status}"
            except (OSError, http.client.HTTPException) as error:
                problem = f"{type(error).__name__}: {error}"
                connection.close()  # the next request opens a new connection
            elapsed_ms = (time.perf_counter() - started) * 1000
            if started < samples.started:
                continue
            with samples.lock:
                if problem is None:
                    samples.timings_ms.append(elapsed_ms)
                else:
                    samples.errors.append(problem)
    finally:
        connection.close()
