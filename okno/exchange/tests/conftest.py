"""Fixtures of the exchange's protocol tests: the integration user 1C logs in as, a
folder of its own for received files, a 1C-like client over Django's test client, and
stand-ins for the importer and the order export where a test looks at the protocol only;
and a spy on the products and offers the reader leaves out unparsed."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from okno.accounts.tests.factories import PASSWORD, StaffFactory
from okno.core.roles import StaffRole
from okno.exchange.cml.dispatch import ObjectReader
from okno.exchange.models import ImportJob
from okno.exchange.protocol import importing as protocol_importing
from okno.exchange.protocol import modes
from okno.exchange.storage import exchange_file_path

URL = "/exchange/1c/"


@pytest.fixture(autouse=True)
def exchange_dir(settings, tmp_path):
    settings.OKNO_EXCHANGE_DIR = tmp_path / "exchange"
    return settings.OKNO_EXCHANGE_DIR


@pytest.fixture
def left_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the products and offers left out unparsed (see unchanged.py)."""
    ids: list[str] = []
    left_out_told(monkeypatch, ids.extend)
    return ids


def left_out_told(monkeypatch: pytest.MonkeyPatch, tell: Callable[[list[str]], object]) -> None:
    """Tells `tell` the ids of the products and offers left out unparsed, where the reader
    makes their records: an object read whole is never among them."""
    made = ObjectReader._left_out_records

    def records(reader: ObjectReader, left_out: list, *, first: int):
        tell([item.external_id for item in left_out if item.read is None])
        return made(reader, left_out, first=first)

    monkeypatch.setattr(ObjectReader, "_left_out_records", records)


@pytest.fixture
def one_c_user(db):
    return StaffFactory(email="1c@example.ru", staff_role=StaffRole.INTEGRATION, manager_code=None)


def basic(login: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()


class OneC:
    """Calls the endpoint the way 1C does: `checkauth` with Basic credentials, then every
    request with the cookie of its answer; files as raw POST bodies."""

    def __init__(self, client, kind: str = "catalog") -> None:
        self.client = client
        self.kind = kind

    def checkauth(self, login: str = "1c@example.ru", password: str = PASSWORD, **headers):
        headers = headers or {"HTTP_AUTHORIZATION": basic(login, password)}
        response = self.client.get(URL, {"type": self.kind, "mode": "checkauth"}, **headers)
        lines = text(response).split("\n")
        if lines[0] == "success":
            self.client.cookies[lines[1]] = lines[2]
        return response

    def get(self, mode: str, **params):
        return self.client.get(URL, {"type": self.kind, "mode": mode, **params})

    def file(self, filename: str, content: bytes):
        query = f"?type={self.kind}&mode=file&filename={filename}"
        return self.client.generic(
            "POST", URL + query, content, content_type="application/octet-stream"
        )


def text(response) -> str:
    charset = response.get("Content-Type", "").partition("charset=")[2] or "utf-8"
    return response.content.decode(charset)


@pytest.fixture
def one_c(client, one_c_user):
    return OneC(client)


@dataclass
class FakeImporter:
    """Stands in for the importer where a test looks at the protocol only: each slice
    writes `per_slice` objects of a file of `total` objects; a file holding `broken` fails
    like a malformed file."""

    total: int = 3
    per_slice: int = 1
    steps: list[str] = field(default_factory=list)
    deactivated_since: list = field(default_factory=list)

    def import_step(self, *, job: ImportJob, deadline: float) -> None:
        self.steps.append(job.file.name)
        if b"broken" in exchange_file_path(job.file).read_bytes():
            job.status = ImportJob.Status.FAILED
            job.message = f"{job.file.name}:3:5 /КоммерческаяИнформация/Каталог: unexpected end"
        else:
            job.checkpoint = min(self.total, job.checkpoint + self.per_slice)
            job.phase = "products"
            job.counts = {"products": {"created": job.checkpoint, "updated": 0}}
            done = job.checkpoint >= self.total
            job.status = ImportJob.Status.DONE if done else ImportJob.Status.RUNNING
        job.finished_at = timezone.now() if job.status != ImportJob.Status.RUNNING else None
        job.save()

    def catalog_deactivate(self, *, since) -> int:
        self.deactivated_since.append(since)
        return 7


@pytest.fixture
def importer(monkeypatch):
    fake = FakeImporter()
    monkeypatch.setattr(protocol_importing, "import_step", fake.import_step)
    monkeypatch.setattr(modes, "catalog_deactivate", fake.catalog_deactivate)
    return fake


@dataclass
class FakeSale:
    """Stands in for the order export where a test looks at the protocol only: the calls
    the protocol makes, and fixed answers."""

    calls: list[str] = field(default_factory=list)

    def sale_query(self, *, session) -> bytes:
        self.calls.append("query")
        return '<?xml version="1.0" encoding="windows-1251"?><КоммерческаяИнформация/>'.encode(
            "windows-1251"
        )

    def sale_success(self, *, session) -> None:
        self.calls.append("success")

    def sale_info(self, *, integration) -> bytes:
        self.calls.append("info")
        return "<Справочник/>".encode("windows-1251")

    def sale_content_type(self, *, integration) -> str:
        return "application/xml; charset=windows-1251"


@pytest.fixture
def sale(monkeypatch):
    fake = FakeSale()
    for name in ("sale_query", "sale_success", "sale_info", "sale_content_type"):
        monkeypatch.setattr(modes, name, getattr(fake, name))
    return fake
