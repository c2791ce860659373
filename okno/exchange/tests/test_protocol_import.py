"""`import` a slice at a time, `deactivate` and `complete`: what 1C is answered, and that
the first line is never anything but success, progress or failure."""

import time
from datetime import UTC, datetime

import pytest

from okno.exchange.log.selectors import session_rows
from okno.exchange.models import ExchangeRequest, ExchangeSession, ImportJob, Integration
from okno.exchange.protocol import importing as protocol_importing
from okno.exchange.protocol import modes
from okno.exchange.tests.conftest import text

pytestmark = pytest.mark.django_db


def test_import_answers_progress_until_done_then_success_with_counts(one_c, importer):
    one_c.checkauth()
    one_c.file("import0_1.xml", "<КоммерческаяИнформация/>".encode())
    answers = [text(one_c.get("import", filename="import0_1.xml")) for _ in range(3)]
    assert answers[0] == "progress\nФайл import0_1.xml: products, записано объектов: 1."
    assert answers[1] == "progress\nФайл import0_1.xml: products, записано объектов: 2."
    assert answers[2] == ("success\nФайл import0_1.xml загружен.\nтовары: создано 3")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE
    session = ExchangeSession.objects.get()
    assert session.status == ExchangeSession.Status.SUCCESS
    assert session_rows([session])[0].counts["created"] == 3
    assert Integration.objects.get().last_success_at is not None
    # 1C asking again after success is answered success, with no more work done.
    assert text(one_c.get("import", filename="import0_1.xml")).startswith("success\n")
    assert len(importer.steps) == 3
    statuses = list(ExchangeRequest.objects.filter(mode="import").values_list("status", flat=True))
    assert statuses == ["progress", "progress", "success", "success"]


def test_import_gets_the_configured_slice(one_c, importer, settings, monkeypatch):
    settings.OKNO_EXCHANGE_SLICE_SECONDS = 2.5
    seen = []

    def step(*, job, deadline):
        seen.append(deadline - time.monotonic())
        importer.import_step(job=job, deadline=deadline)

    monkeypatch.setattr(protocol_importing, "import_step", step)
    one_c.checkauth()
    one_c.file("import.xml", b"<x/>")
    one_c.get("import", filename="import.xml")
    assert 2.0 < seen[0] <= 2.5


def test_a_file_that_fails_to_import_answers_failure_with_where(one_c, importer):
    one_c.checkauth()
    one_c.file("offers0_1.xml", b"<broken")
    response = text(one_c.get("import", filename="offers0_1.xml"))
    assert response == (
        "failure\noffers0_1.xml:3:5 /КоммерческаяИнформация/Каталог: unexpected end"
    )
    session = ExchangeSession.objects.get()
    assert session.status == ExchangeSession.Status.FAILURE
    assert "unexpected end" in session.message
    assert Integration.objects.get().last_success_at is None


def test_a_fault_of_the_importer_is_a_failure_not_a_page(one_c, importer, monkeypatch):
    def explode(*, job, deadline):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(protocol_importing, "import_step", explode)
    one_c.checkauth()
    one_c.file("import.xml", b"<x/>")
    response = one_c.get("import", filename="import.xml")
    assert response.status_code == 200
    assert text(response) == "failure\nВнутренняя ошибка импорта: division by zero"
    assert ImportJob.objects.get().status == ImportJob.Status.FAILED


def test_any_fault_of_the_portal_is_answered_failure(one_c, importer, monkeypatch):
    def explode(request):
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(modes.CATALOG_MODES, "import", explode)
    one_c.checkauth()
    response = one_c.get("import", filename="import.xml")
    assert response.status_code == 200
    assert text(response).split("\n")[0] == "failure"
    assert ExchangeRequest.objects.filter(mode="import").get().status == "failure"


def test_import_of_a_file_never_received_fails(one_c, importer):
    one_c.checkauth()
    assert text(one_c.get("import", filename="offers.xml")) == (
        "failure\nФайл offers.xml в этом сеансе обмена не получен."
    )
    assert text(one_c.get("import", filename="../offers.xml")).startswith(
        "failure\nНедопустимое имя файла"
    )


def test_deactivate_passes_the_timestamp_of_checkauth(one_c, importer):
    checkauth = text(one_c.checkauth()).split("\n")
    timestamp = checkauth[4].partition("=")[2]
    answer = text(one_c.get("deactivate", timestamp=timestamp))
    assert answer == "success\nСнято с продажи товаров: 7."
    assert importer.deactivated_since == [datetime.fromtimestamp(int(timestamp), tz=UTC)]


def test_deactivate_without_a_timestamp_uses_the_session_start(one_c, importer):
    one_c.checkauth()
    one_c.get("deactivate")
    assert importer.deactivated_since == [ExchangeSession.objects.get().started_at]


def test_complete_ends_the_session_well(one_c):
    one_c.checkauth()
    assert text(one_c.get("complete")) == "success"
    session = ExchangeSession.objects.get()
    assert session.status == ExchangeSession.Status.SUCCESS
    assert session.finished_at is not None
    assert Integration.objects.get().last_success_at == session.finished_at


def test_answers_in_windows_1251_when_the_integration_wants_them(one_c, one_c_user, importer):
    Integration.objects.create(user=one_c_user, name="УТ 10.3", encoding="windows-1251")
    one_c.checkauth()
    one_c.file("import.xml", b"<broken")
    response = one_c.get("import", filename="import.xml")
    assert response["Content-Type"] == "text/plain; charset=windows-1251"
    assert response.content.startswith(b"failure\nimport.xml:3:5 /")
    assert "/КоммерческаяИнформация/Каталог" in response.content.decode("windows-1251")
    response = one_c.get("dance")
    assert response.content == "failure\nНеизвестный режим обмена: dance".encode("windows-1251")
