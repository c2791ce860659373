"""A whole 1C session replayed over real HTTP against a running server: the catalog side
with an archive sent in parts of `file_limit` and imported until `success` by the real
importer, then the sale side's order export. And a body sent chunked, as 1C's HTTP client
may: refused clearly by a server that cannot read it, stored by gunicorn, which can."""

from __future__ import annotations

import http.client
import io
import os
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.db import connection

from okno.catalog.models import Price, Product
from okno.exchange.models import ExchangeFile, ExchangeRequest, ExchangeSession, Integration
from okno.exchange.storage import session_folder
from okno.exchange.tests.conftest import PASSWORD, basic

SAMPLES = Path(__file__).parent / "cml" / "dobromyslov__commerceml-parser"
LOOPS_MAX = 500


class HttpOneC:
    """1C's side of the exchange over a real connection: the cookie of `checkauth` on
    every later request, files as raw bodies."""

    def __init__(self, base_url: str, kind: str) -> None:
        parts = urlsplit(base_url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        self.kind = kind
        self.cookie = ""

    def call(self, mode: str, body=None, headers: dict | None = None, **params) -> bytes:
        query = urlencode({"type": self.kind, "mode": mode, **params})
        headers = dict(headers or {})
        if self.cookie:
            headers["Cookie"] = self.cookie
        method = "GET" if body is None else "POST"
        self.connection.request(method, f"/exchange/1c/?{query}", body=body, headers=headers)
        response = self.connection.getresponse()
        assert response.status == 200
        return response.read()

    def checkauth(self) -> list[str]:
        auth = {"Authorization": basic("1c@example.ru", PASSWORD)}
        lines = self.call("checkauth", headers=auth).decode().split("\n")
        assert lines[0] == "success", lines
        self.cookie = f"{lines[1]}={lines[2]}"
        return lines

    def import_until_done(self, filename: str) -> tuple[list[str], int]:
        for loops in range(1, LOOPS_MAX):
            answer = self.call("import", filename=filename).decode()
            status = answer.split("\n")[0]
            assert status in ("progress", "success"), answer
            if status == "success":
                return answer.split("\n"), loops
        raise AssertionError(f"{filename}: no success after {LOOPS_MAX} requests")


def archive_of_samples() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(SAMPLES / "data__import0_1.xml", "import0_1.xml")
        archive.write(SAMPLES / "data__offers0_1.xml", "offers0_1.xml")
        archive.writestr("import_files/9d/9d1e0f.jpg", b"\xff\xd8\xff\xe0 picture")
    return buffer.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_whole_exchange_over_http(live_server, one_c_user, settings):
    settings.OKNO_EXCHANGE_SLICE_SECONDS = 0
    Integration.objects.create(user=one_c_user, name="УТ 11", file_limit=4_000)
    one_c = HttpOneC(live_server.url, "catalog")
    one_c.checkauth()
    init = one_c.call("init", version="2.07").decode().split("\n")
    assert init == ["zip=yes", "file_limit=4000"]
    archive = archive_of_samples()
    limit = int(init[1].partition("=")[2])
    parts = [archive[start : start + limit] for start in range(0, len(archive), limit)]
    assert len(parts) > 1
    for part in parts:
        assert one_c.call("file", body=part, filename="v8_2C7E_125d5b.zip") == b"success"

    products, product_loops = one_c.import_until_done("import0_1.xml")
    # The file has 36 `<Товар>` elements.
    assert Product.objects.filter(external_id__isnull=False).count() == 36
    offers, offer_loops = one_c.import_until_done("offers0_1.xml")
    assert one_c.call("complete") == b"success"

    assert products[1] == "Файл import0_1.xml загружен."
    assert offers[1] == "Файл offers0_1.xml загружен."
    # A slice of 0 s: each request unpacks one of the three entries (`progress`), the third
    # also imports the file — small enough for the importer's one batch per slice.
    assert product_loops == 3
    assert offer_loops == 1
    assert Price.objects.filter(product__external_id__isnull=False).count() >= 44
    session = ExchangeSession.objects.get()
    assert session.status == ExchangeSession.Status.SUCCESS
    assert ExchangeFile.objects.get(name="v8_2C7E_125d5b.zip").parts == len(parts)
    picture = session_folder(session) / "import_files/9d/9d1e0f.jpg"
    assert picture.read_bytes().startswith(b"\xff\xd8")
    log = ExchangeRequest.objects.filter(session=session)
    assert log.filter(mode="file").count() == len(parts)
    assert sum(log.values_list("bytes_in", flat=True)) == len(archive)
    assert set(log.values_list("status", flat=True)) <= {"success", "progress", "zip=yes"}

    sale = HttpOneC(live_server.url, "sale")
    sale.checkauth()
    assert sale.call("init", version="2.09").decode().endswith("\nversion=2.09")
    orders = sale.call("query")
    assert b"<?xml" in orders[:100]
    assert sale.call("success") == b"success"


@pytest.mark.django_db(transaction=True)
def test_a_chunked_body_the_server_cannot_read_is_refused_not_stored_empty(live_server, one_c_user):
    one_c = HttpOneC(live_server.url, "catalog")
    one_c.checkauth()
    answer = one_c.call("file", body=iter([b"<a>", b"</a>"]), filename="import.xml")
    assert answer.decode().startswith("failure\nТело запроса передано частями (chunked)")
    assert not ExchangeFile.objects.exists()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    user = database.get("USER") or "postgres"
    host, port = database.get("HOST") or "127.0.0.1", database.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{database['NAME']}"


@pytest.fixture
def gunicorn_url(transactional_db, exchange_dir):
    """The portal under gunicorn, as production runs it, on the test database."""
    port = free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "okno.settings_test",
        "DATABASE_URL": database_url(),
        "OKNO_EXCHANGE_DIR": str(exchange_dir),
    }
    command = [sys.executable, "-m", "gunicorn", "okno.wsgi:application"]
    server = subprocess.Popen(
        [*command, f"--bind=127.0.0.1:{port}", "--workers=1", "--worker-class=gthread"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_for(port: int) -> None:
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("gunicorn did not start")


def test_gunicorn_delivers_a_chunked_body_and_it_is_stored_whole(gunicorn_url, one_c_user):
    one_c = HttpOneC(gunicorn_url, "catalog")
    one_c.checkauth()
    chunks = [b"<a>", b"x" * 300_000, b"</a>"]
    assert one_c.call("file", body=iter(chunks), filename="import.xml") == b"success"
    assert one_c.call("file", body=iter([b"<!-- 2 -->"]), filename="import.xml") == b"success"
    stored = ExchangeFile.objects.get()
    assert (stored.size, stored.parts) == (300_007 + 10, 2)
    path = session_folder(stored.session) / "import.xml"
    assert path.read_bytes() == b"".join(chunks) + b"<!-- 2 -->"
