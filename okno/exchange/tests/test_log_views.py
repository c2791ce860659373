"""The exchange log pages: who may open them, the list and its filters, a session's page,
downloading a stored file, the integrations' settings."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from okno.audit.models import AuditEvent
from okno.exchange.models import ExchangeSession, Integration
from okno.exchange.tests.log_factories import (
    ExchangeRequestFactory,
    ExchangeSessionFactory,
    ImportJobFactory,
    IntegrationFactory,
    stored_file,
)

pytestmark = pytest.mark.django_db

LIST = reverse("exchange_log:list")
INTEGRATIONS = reverse("exchange_log:integrations")


@pytest.fixture(autouse=True)
def exchange_dir(settings, tmp_path):
    settings.OKNO_EXCHANGE_DIR = tmp_path / "exchange"
    return settings.OKNO_EXCHANGE_DIR


@pytest.fixture
def admin_client(world, client):
    client.force_login(world.admin)
    return client


def _at(day: str, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.strptime(day, "%d.%m.%Y").replace(hour=hour))


@pytest.fixture
def log():
    """Three sessions on three days: a catalog that succeeded, orders, a failed catalog."""
    integration = IntegrationFactory(name="1С:УТ 11 склад")
    good = ExchangeSessionFactory(
        integration=integration,
        status=ExchangeSession.Status.SUCCESS,
        started_at=_at("01.03.2026"),
        finished_at=_at("01.03.2026") + timedelta(seconds=95),
    )
    products = stored_file(good, "import.xml", b"<?xml version='1.0'?><import/>")
    offers = stored_file(good, "offers.xml", b"<?xml version='1.0'?><offers/>", parts=3)
    ImportJobFactory(
        file=products,
        status="done",
        checkpoint=120,
        duration_ms=4200,
        counts={
            "group": {"created": 4, "updated": 0, "unchanged": 1, "deactivated": 0, "errors": 0},
            "product": {"created": 100, "updated": 15, "unchanged": 5, "deactivated": 2},
        },
    )
    ImportJobFactory(
        file=offers,
        status="done",
        counts={"offer": {"created": 0, "updated": 110, "unchanged": 10, "errors": 1}},
    )
    ExchangeRequestFactory(session=good, mode="checkauth", status="success")
    ExchangeRequestFactory(
        session=good, mode="file", filename="offers.xml", bytes_in=2048, duration_ms=31
    )
    sale = ExchangeSessionFactory(
        integration=integration,
        kind=ExchangeSession.Kind.SALE,
        status=ExchangeSession.Status.SUCCESS,
        started_at=_at("05.03.2026"),
    )
    failed = ExchangeSessionFactory(
        integration=integration,
        status=ExchangeSession.Status.FAILURE,
        started_at=_at("10.03.2026"),
        message="offers.xml:18:7 /КоммерческаяИнформация: unknown price type 'a4f'",
    )
    return {"good": good, "sale": sale, "failed": failed, "integration": integration}


def test_anonymous_is_sent_to_login(client):
    assert client.get(LIST).url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", ["a_admin", "a_buyer", "manager_a", "operator"])
def test_list_pages_refuse_others_with_403(world, client, log, who):
    client.force_login(getattr(world, who))
    assert client.get(LIST).status_code == 403
    assert client.get(INTEGRATIONS).status_code == 403


def test_integration_user_gets_403_and_404(client, log):
    client.force_login(log["integration"].user)
    assert client.get(LIST).status_code == 403
    session_url = reverse("exchange_log:session", args=[log["good"].pk])
    assert client.get(session_url).status_code == 404


def test_administrators_see_the_link_in_the_header(admin_client, world, client):
    assert "Обмен с 1С" in admin_client.get(reverse("audit:list")).content.decode()
    client.force_login(world.manager_a)
    assert LIST not in client.get(reverse("clients:staff_home")).content.decode()


def _sessions(response) -> list[int]:
    return [row.session.pk for row in response.context["rows"]]


def test_list_shows_sessions_newest_first_with_summed_counts(admin_client, log):
    response = admin_client.get(LIST)
    assert response.status_code == 200
    assert _sessions(response) == [log["failed"].pk, log["sale"].pk, log["good"].pk]
    good = next(row for row in response.context["rows"] if row.session == log["good"])
    assert good.counts == {
        "created": 104,
        "updated": 125,
        "unchanged": 16,
        "deactivated": 2,
        "errors": 1,
    }
    assert good.duration == timedelta(seconds=95)
    text = response.content.decode()
    assert "1 мин 35 с" in text
    assert "unknown price type" in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "failure"}, ["failed"]),
        ({"kind": "sale"}, ["sale"]),
        ({"date_from": "02.03.2026", "date_to": "06.03.2026"}, ["sale"]),
        ({"date_from": "05.03.2026"}, ["failed", "sale"]),
        ({"kind": "catalog", "status": "success"}, ["good"]),
    ],
)
def test_filters(admin_client, log, query, expected):
    response = admin_client.get(LIST, query)
    assert _sessions(response) == [log[name].pk for name in expected]


def test_filter_by_integration(admin_client, log):
    other = ExchangeSessionFactory()
    response = admin_client.get(LIST, {"integration": other.integration_id})
    assert _sessions(response) == [other.pk]


def test_reversed_dates_are_an_error_and_do_not_filter(admin_client, log):
    response = admin_client.get(LIST, {"date_from": "10.03.2026", "date_to": "01.03.2026"})
    assert "поменяйте их местами" in response.content.decode()
    assert len(_sessions(response)) == 3


def test_pages_of_fifty(admin_client, log):
    integration = log["integration"]
    ExchangeSessionFactory.create_batch(50, integration=integration, started_at=_at("20.03.2026"))
    first = admin_client.get(LIST)
    assert len(_sessions(first)) == 50
    second = admin_client.get(LIST, {"page": 2})
    assert _sessions(second) == [log["failed"].pk, log["sale"].pk, log["good"].pk]


def test_list_queries_do_not_grow_with_sessions(admin_client, log, django_assert_max_num_queries):
    for _number in range(20):
        session = ExchangeSessionFactory(integration=log["integration"])
        ImportJobFactory(file=stored_file(session, "import.xml", b"<x/>"))
    with django_assert_max_num_queries(12):
        assert admin_client.get(LIST).status_code == 200


def test_htmx_request_gets_the_results_alone(admin_client, log):
    response = admin_client.get(LIST, {"status": "failure"}, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert 'id="exchange-sessions"' in text
    assert "<form" not in text


def test_session_page_shows_requests_files_and_jobs(admin_client, log):
    good = log["good"]
    response = admin_client.get(reverse("exchange_log:session", args=[good.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    detail = response.context["detail"]
    assert [row.job.file.name for row in detail.jobs] == ["import.xml", "offers.xml"]
    assert detail.jobs[0].counts["created"] == 104
    assert detail.counts["errors"] == 1
    assert [r.mode for r in detail.requests] == ["checkauth", "file"]
    for shown in ("import.xml", "offers.xml", "4 с", "1 мин 35 с", "checkauth", "2,0"):
        assert shown in text
    for stored in good.files.all():
        assert reverse("exchange_log:file", args=[stored.pk]) in text
    assert "Загрузить ещё раз" in text


def test_failed_session_page_shows_its_message(admin_client, log):
    response = admin_client.get(reverse("exchange_log:session", args=[log["failed"].pk]))
    text = response.content.decode()
    assert "offers.xml:18:7" in text
    assert "Загрузить ещё раз" not in text  # nothing stored to import again


def test_unknown_session_is_404(admin_client, log):
    assert admin_client.get(reverse("exchange_log:session", args=[10**6])).status_code == 404


def test_file_download_streams_the_stored_bytes(admin_client, log):
    stored = log["good"].files.get(name="offers.xml")
    response = admin_client.get(reverse("exchange_log:file", args=[stored.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"<?xml version='1.0'?><offers/>"
    assert 'filename="offers.xml"' in response["Content-Disposition"]


@pytest.mark.parametrize("name", ["../../secret.txt", "../1/import.xml", "/etc/hostname"])
def test_file_names_leading_out_of_the_folder_are_refused(admin_client, exchange_dir, name):
    session = ExchangeSessionFactory()
    exchange_dir.mkdir(parents=True, exist_ok=True)
    (exchange_dir.parent / "secret.txt").write_bytes(b"secret")
    stored = stored_file(ExchangeSessionFactory(), "import.xml", b"other session")
    stored.pk = None
    stored.session = session
    stored.name = name
    stored.save()
    response = admin_client.get(reverse("exchange_log:file", args=[stored.pk]))
    assert response.status_code == 404


def test_file_gone_from_disk_is_404(admin_client, log, exchange_dir):
    stored = log["good"].files.get(name="import.xml")
    (exchange_dir / str(log["good"].pk) / "import.xml").unlink()
    assert admin_client.get(reverse("exchange_log:file", args=[stored.pk])).status_code == 404


def test_integrations_list(admin_client, log):
    response = admin_client.get(INTEGRATIONS)
    text = response.content.decode()
    assert "1С:УТ 11 склад" in text
    assert log["integration"].user.email in text
    assert reverse("exchange_log:integration", args=[log["integration"].pk]) in text


def test_integration_settings_are_saved_and_audited(admin_client, log):
    integration = log["integration"]
    url = reverse("exchange_log:integration", args=[integration.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "encoding": "windows-1251",
            "allow_zip": "",
            "file_limit": "1048576",
            "sale_version": "2.10",
            "query_confirms_previous": "on",
            "alert_after_hours": "6",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    integration.refresh_from_db()
    assert integration.encoding == Integration.Encoding.CP1251
    assert integration.allow_zip is False
    assert integration.file_limit == 1048576
    assert integration.sale_version == "2.10"
    assert integration.alert_after_hours == 6
    event = AuditEvent.objects.get(action="integration.updated")
    assert event.changes["encoding"] == ["utf-8", "windows-1251"]
    assert "is_active" not in event.changes


def test_integration_settings_errors_change_nothing(admin_client, log):
    integration = log["integration"]
    url = reverse("exchange_log:integration", args=[integration.pk])
    response = admin_client.post(
        url, {"encoding": "koi8-r", "file_limit": "10", "sale_version": "два", "is_active": "on"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Не меньше 1024 байт." in text
    assert "два числа через точку" in text
    integration.refresh_from_db()
    assert integration.encoding == "utf-8"
    assert not AuditEvent.objects.filter(action="integration.updated").exists()
