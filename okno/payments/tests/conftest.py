import pytest

from okno.payments.tests.factories import build_individual
from okno.payments.tests.fake_yookassa import SECRET_KEY, SHOP_ID, FakeYooKassa, serve


@pytest.fixture
def buyer(db):
    """An individual customer with a person who pays (see factories.build_individual)."""
    return build_individual(name="Иванов Иван")


@pytest.fixture
def yookassa(settings):
    """YooKassa as the payment provider, its API a local fake (see fake_yookassa.py); the
    sender's address is not checked unless a test turns it on."""
    fake = FakeYooKassa()
    server = serve(fake)
    settings.OKNO_PAYMENT_PROVIDER = "yookassa"
    settings.OKNO_YOOKASSA_API_URL = fake.base_url + "v3/"
    settings.OKNO_YOOKASSA_SHOP_ID = SHOP_ID
    settings.OKNO_YOOKASSA_SECRET_KEY = SECRET_KEY
    settings.OKNO_YOOKASSA_TIMEOUT = 0.5
    settings.OKNO_YOOKASSA_ATTEMPTS = 3
    settings.OKNO_YOOKASSA_CHECK_IP = False
    yield fake
    server.shutdown()
    server.server_close()
