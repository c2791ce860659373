"""Alerts to administrators: a failed exchange session is told once; an active integration
silent for its `alert_after_hours` is told once per silence."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from okno.accounts.tests.factories import AdminFactory
from okno.exchange.log.alerts import exchange_alerts_send
from okno.exchange.models import ExchangeSession
from okno.exchange.tasks import exchange_alerts_check
from okno.exchange.tests.log_factories import ExchangeSessionFactory, IntegrationFactory

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)


@pytest.fixture
def admins(world):
    """The world's administrator, a second one, and one whose access was turned off."""
    AdminFactory(email="second.admin@example.ru")
    AdminFactory(email="former.admin@example.ru", is_active=False)
    return sorted([world.admin.email, "second.admin@example.ru"])


@pytest.fixture
def integration():
    """An integration that exchanged well a moment ago, so it raises no alert of its own."""
    return IntegrationFactory(name="1С:УТ 11 офис", last_success_at=timezone.now())


def _send(django_capture_on_commit_callbacks, **kwargs) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return exchange_alerts_send(**kwargs)


def test_a_failed_session_is_told_once(admins, integration, django_capture_on_commit_callbacks):
    failed = ExchangeSessionFactory(
        integration=integration,
        status=ExchangeSession.Status.FAILURE,
        message="offers.xml:18:7 /КоммерческаяИнформация: unknown price type 'a4f'\nдалее",
    )
    ExchangeSessionFactory(integration=integration, status=ExchangeSession.Status.SUCCESS)
    assert _send(django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert sorted(letter.to) == admins
    assert letter.subject == "Окно: обмен с 1С завершился ошибкой"
    assert f"Сеанс №{failed.pk} — 1С:УТ 11 офис, Каталог" in letter.body
    assert "unknown price type 'a4f'" in letter.body
    assert f"/exchange/log/{failed.pk}/" in letter.body
    failed.refresh_from_db()
    assert failed.alerted_at is not None
    assert _send(django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1


def test_several_failures_go_in_one_letter(admins, integration, django_capture_on_commit_callbacks):
    first, second = ExchangeSessionFactory.create_batch(
        2, integration=integration, status=ExchangeSession.Status.FAILURE
    )
    _send(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Окно: сеансов обмена с 1С с ошибкой — 2"
    assert f"№{first.pk}" in mail.outbox[0].body
    assert f"№{second.pk}" in mail.outbox[0].body


def test_a_failed_rerun_raises_no_alert(admins, integration, django_capture_on_commit_callbacks):
    original = ExchangeSessionFactory(integration=integration, alerted_at=timezone.now())
    ExchangeSessionFactory(
        integration=integration, status=ExchangeSession.Status.FAILURE, rerun_of=original
    )
    assert _send(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_a_silent_integration_is_told_once_per_silence(admins, django_capture_on_commit_callbacks):
    now = timezone.now()
    silent = IntegrationFactory(
        name="1С:ERP", last_success_at=now - 25 * HOUR, alert_after_hours=24
    )
    IntegrationFactory(last_success_at=now - 20 * HOUR, alert_after_hours=72)
    IntegrationFactory(last_success_at=now - 48 * HOUR, is_active=False)
    IntegrationFactory(last_success_at=now - 48 * HOUR, alert_after_hours=0)
    assert _send(django_capture_on_commit_callbacks, now=now) == 1
    letter = mail.outbox[0]
    assert letter.subject == "Окно: давно не было обмена с 1С (1С:ERP)"
    assert "не обменивалась с порталом успешно уже 25 ч." in letter.body
    assert "/exchange/log/" in letter.body
    assert _send(django_capture_on_commit_callbacks, now=now + HOUR) == 0
    # 1C came back, then fell silent again: a new silence, a new letter
    silent.last_success_at = now + 2 * HOUR
    silent.save(update_fields=["last_success_at"])
    assert _send(django_capture_on_commit_callbacks, now=now + 3 * HOUR) == 0
    assert _send(django_capture_on_commit_callbacks, now=now + 27 * HOUR) == 1
    assert len(mail.outbox) == 2


def test_an_integration_that_never_exchanged_counts_from_its_connection(
    admins, django_capture_on_commit_callbacks
):
    now = timezone.now()
    IntegrationFactory(name="1С:УНФ", created_at=now - 30 * HOUR, alert_after_hours=24)
    assert _send(django_capture_on_commit_callbacks, now=now) == 1
    assert "подключена 30 ч. назад, но успешного обмена ещё не было" in mail.outbox[0].body


def test_without_administrators_nothing_is_sent_or_remembered(
    integration, django_capture_on_commit_callbacks
):
    failed = ExchangeSessionFactory(integration=integration, status=ExchangeSession.Status.FAILURE)
    assert _send(django_capture_on_commit_callbacks) == 0
    failed.refresh_from_db()
    assert failed.alerted_at is None


def test_the_periodic_task_sends_the_letters(
    admins, integration, django_capture_on_commit_callbacks
):
    ExchangeSessionFactory(integration=integration, status=ExchangeSession.Status.FAILURE)
    with django_capture_on_commit_callbacks(execute=True):
        exchange_alerts_check.call_local()
    assert len(mail.outbox) == 1
