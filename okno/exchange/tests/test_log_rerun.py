"""Re-running a session's import from its stored files: a new catalog session with the same
files in its own folder, an import job per file in the order an import needs them, each
stepped by the importer until done."""

import sys
import types

import pytest
from django.urls import reverse

from okno.audit.models import AuditEvent
from okno.exchange.log.services import import_order, rerun_files
from okno.exchange.models import ExchangeSession, ImportJob
from okno.exchange.storage import exchange_file_path
from okno.exchange.tests.log_factories import (
    ExchangeSessionFactory,
    ImportJobFactory,
    stored_file,
)

pytestmark = pytest.mark.django_db

IMPORTER = "okno.exchange.importing"


@pytest.fixture(autouse=True)
def exchange_dir(settings, tmp_path):
    settings.OKNO_EXCHANGE_DIR = tmp_path / "exchange"
    return settings.OKNO_EXCHANGE_DIR


class Importer:
    """Stands in for the importer's `import_step`: each step reads the job's file from the
    re-run's folder and takes two slices to finish it (`fail` names a file that fails)."""

    def __init__(self, fail: str = ""):
        self.fail = fail
        self.steps: list[tuple[str, bytes]] = []

    def __call__(self, *, job: ImportJob, deadline: float) -> None:
        self.steps.append((job.file.name, exchange_file_path(job.file).read_bytes()))
        if job.file.name == self.fail:
            job.status = ImportJob.Status.FAILED
            job.message = f"{job.file.name}:3:5 /КоммерческаяИнформация: unknown root"
        elif job.status == ImportJob.Status.PENDING:
            job.status = ImportJob.Status.RUNNING
            job.checkpoint = 10
        else:
            job.status = ImportJob.Status.DONE
            job.checkpoint = 20
            job.counts = {"product": {"created": 20}}
        job.save()


@pytest.fixture
def importer(monkeypatch):
    """The importer module with `import_step` replaced, whether or not it is installed."""
    fake = Importer()
    module = types.ModuleType(IMPORTER)
    module.import_step = fake  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, IMPORTER, module)
    return fake


@pytest.fixture
def admin_client(world, client):
    client.force_login(world.admin)
    return client


@pytest.fixture
def received():
    """A catalog session that received offers before the classifier (1C sends them in any
    order over a package), an image from its archive, and imported both XML files."""
    session = ExchangeSessionFactory(status=ExchangeSession.Status.FAILURE, version="2.08")
    offers = stored_file(session, "offers0_1.xml", b"<offers/>", parts=2)
    products = stored_file(session, "import0_1.xml", b"<import/>", from_archive="v8.zip")
    stored_file(session, "import_files/9d/picture.jpg", b"\xff\xd8jpeg", from_archive="v8.zip")
    ImportJobFactory(file=offers, status="done")
    ImportJobFactory(file=products, status="failed", message="deadlock")
    return session


def test_import_order_puts_the_classifier_first():
    names = ["rests___1.xml", "offers___2.xml", "documents___3.xml", "import___4.xml"]
    assert sorted(names, key=import_order) == [
        "import___4.xml",
        "offers___2.xml",
        "rests___1.xml",
        "documents___3.xml",
    ]


def test_rerun_files_without_jobs_are_the_xml_files_outside_image_folders():
    session = ExchangeSessionFactory()
    stored_file(session, "offers.xml", b"<o/>")
    stored_file(session, "import_files/a.xml", b"<a/>")
    stored_file(session, "import.xml", b"<i/>")
    stored_file(session, "v8_1.zip", b"PK")
    assert [f.name for f in rerun_files(session)] == ["import.xml", "offers.xml"]


def _rerun(admin_client, session, django_capture_on_commit_callbacks):
    url = reverse("exchange_log:session_rerun", args=[session.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url)
    rerun = ExchangeSession.objects.get(rerun_of=session)
    assert response.status_code == 302
    assert response.url == reverse("exchange_log:session", args=[rerun.pk])
    rerun.refresh_from_db()
    return rerun


def test_rerun_imports_the_stored_files_in_a_new_session(
    admin_client, received, importer, django_capture_on_commit_callbacks
):
    rerun = _rerun(admin_client, received, django_capture_on_commit_callbacks)
    assert rerun.kind == ExchangeSession.Kind.CATALOG
    assert rerun.integration_id == received.integration_id
    assert rerun.status == ExchangeSession.Status.SUCCESS
    assert rerun.finished_at is not None
    assert importer.steps == [
        ("import0_1.xml", b"<import/>"),
        ("import0_1.xml", b"<import/>"),
        ("offers0_1.xml", b"<offers/>"),
        ("offers0_1.xml", b"<offers/>"),
    ]
    jobs = list(rerun.imports.order_by("id"))
    assert [(job.file.name, job.status, job.checkpoint) for job in jobs] == [
        ("import0_1.xml", "done", 20),
        ("offers0_1.xml", "done", 20),
    ]
    assert all(job.started_at and job.finished_at for job in jobs)
    picture = rerun.files.get(name="import_files/9d/picture.jpg")
    assert picture.from_archive == "v8.zip"
    assert exchange_file_path(picture).read_bytes() == b"\xff\xd8jpeg"
    assert rerun.files.get(name="offers0_1.xml").parts == 2
    assert AuditEvent.objects.filter(action="exchange.rerun").count() == 1
    # the repeated session keeps its own jobs and files
    assert received.imports.count() == 2
    assert received.files.count() == 3


def test_rerun_stops_at_the_first_failed_file(
    admin_client, received, importer, django_capture_on_commit_callbacks
):
    importer.fail = "import0_1.xml"
    rerun = _rerun(admin_client, received, django_capture_on_commit_callbacks)
    assert rerun.status == ExchangeSession.Status.FAILURE
    assert "import0_1.xml:3:5" in rerun.message
    assert [name for name, _content in importer.steps] == ["import0_1.xml"]
    statuses = list(rerun.imports.order_by("id").values_list("status", flat=True))
    assert statuses == ["failed", "pending"]


def test_rerun_page_shows_both_sessions_linked(
    admin_client, received, importer, django_capture_on_commit_callbacks
):
    rerun = _rerun(admin_client, received, django_capture_on_commit_callbacks)
    text = admin_client.get(reverse("exchange_log:session", args=[rerun.pk])).content.decode()
    assert reverse("exchange_log:session", args=[received.pk]) in text
    original = reverse("exchange_log:session", args=[received.pk])
    assert (
        reverse("exchange_log:session", args=[rerun.pk])
        in admin_client.get(original).content.decode()
    )


def test_a_file_missing_from_the_disk_fails_the_rerun(
    admin_client, received, importer, exchange_dir, django_capture_on_commit_callbacks
):
    (exchange_dir / str(received.pk) / "offers0_1.xml").unlink()
    rerun = _rerun(admin_client, received, django_capture_on_commit_callbacks)
    assert rerun.status == ExchangeSession.Status.FAILURE
    assert rerun.message == f"Файла offers0_1.xml больше нет в папке сеанса №{received.pk}."
    assert importer.steps == []


def test_session_with_nothing_to_import_is_refused(admin_client, importer):
    empty = ExchangeSessionFactory(kind=ExchangeSession.Kind.SALE)
    response = admin_client.post(reverse("exchange_log:session_rerun", args=[empty.pk]))
    assert response.status_code == 302
    assert not ExchangeSession.objects.filter(rerun_of=empty).exists()
    page = admin_client.get(response.url).content.decode()
    assert "нет файлов, которые можно загрузить ещё раз" in page


def test_rerun_needs_post(admin_client, received):
    url = reverse("exchange_log:session_rerun", args=[received.pk])
    assert admin_client.get(url).status_code == 405
    assert not ExchangeSession.objects.filter(rerun_of=received).exists()


def test_manager_cannot_rerun(client, world, received):
    client.force_login(world.manager_a)
    response = client.post(reverse("exchange_log:session_rerun", args=[received.pk]))
    assert response.status_code == 404
    assert not ExchangeSession.objects.filter(rerun_of=received).exists()


def test_an_unexpected_error_of_the_importer_ends_the_session(
    admin_client, received, importer, django_capture_on_commit_callbacks
):
    def broken(*, job, deadline):
        raise RuntimeError("database is locked")

    sys.modules[IMPORTER].import_step = broken  # type: ignore[attr-defined]
    rerun = _rerun(admin_client, received, django_capture_on_commit_callbacks)
    assert rerun.status == ExchangeSession.Status.FAILURE
    assert rerun.message == "RuntimeError: database is locked"


def test_a_finished_rerun_is_not_run_again(
    admin_client, received, importer, django_capture_on_commit_callbacks
):
    from okno.exchange.log.rerun import session_rerun_execute

    rerun = _rerun(admin_client, received, django_capture_on_commit_callbacks)
    steps = len(importer.steps)
    session_rerun_execute(session_id=rerun.pk)
    assert len(importer.steps) == steps
