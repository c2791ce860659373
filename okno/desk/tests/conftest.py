"""Fixtures of the desk tests: the shared two-client world, a delivered order of client A,
the API as whoever is logged in, the e-mail channel's real servers (IMAP, SMTP) and a
fake of Telegram's Bot API."""

import uuid

import pytest

from okno.desk.defaults import desk_defaults_ensure
from okno.desk.models import AppealKind, Mailbox, TelegramBot
from okno.desk.tests import mailservers
from okno.desk.tests.fake_telegram import FakeBotApi, serve
from okno.desk.tests.helpers import shipped_order
from okno.desk.tests.mailservers import dovecot_start, smtp_sink_start
from okno.orders.tests.calls import Api


@pytest.fixture(autouse=True)
def desk_defaults(db):
    """The kinds, topics and claim rules the migration adds (a transactional test elsewhere
    may have emptied the tables since)."""
    desk_defaults_ensure()


@pytest.fixture
def delivered(world):
    """Client A's order delivered yesterday: (order, shipment)."""
    return shipped_order(legal_entity=world.entity_a1, contract=world.contract_a1)


@pytest.fixture
def api(client):
    return Api(client)


@pytest.fixture(scope="session")
def dovecot():
    """A real IMAP server (dovecot) for this test process; fails, never skips, without it."""
    server = dovecot_start()
    yield server
    server.stop()


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server the portal sends through; `.letters` are what it was given."""
    sink = smtp_sink_start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    yield sink
    sink.controller.stop()


@pytest.fixture
def mailbox(dovecot):
    """A mailbox of the desk on a folder of its own in the test's dovecot."""
    folder = f"Desk{uuid.uuid4().hex[:10]}"
    dovecot.folder_create(folder)
    return Mailbox.objects.create(
        name="Претензии",
        address="claims@okno.local",
        imap_host="127.0.0.1",
        imap_port=dovecot.port,
        imap_ssl=False,
        imap_user=mailservers.USER,
        imap_password=mailservers.PASSWORD,
        folder=folder,
        kind=AppealKind.objects.get(code="question"),
    )


@pytest.fixture
def bot_api(settings):
    """Telegram's Bot API as a local fake (see fake_telegram.py)."""
    fake = FakeBotApi()
    server = serve(fake)
    settings.OKNO_TELEGRAM_API_URL = fake.base_url
    settings.OKNO_TELEGRAM_TIMEOUT = 5
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def bot(bot_api):
    """The desk's bot, taking updates by webhook."""
    return TelegramBot.objects.create(
        name="Поддержка",
        username="okno_support_bot",
        token=bot_api.token,
        webhook_secret="s3cret-Token_1",
        kind=AppealKind.objects.get(code="question"),
    )
