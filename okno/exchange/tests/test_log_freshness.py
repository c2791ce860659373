"""«Данные на дд.мм.гггг HH:MM» on the catalog page: the last successful exchange of any
integration, in the company's time zone, looked up once and then taken from the cache."""

from datetime import UTC, datetime

import pytest

from okno.catalog.tests.shop import build_shop
from okno.catalog.versions import catalog_changed
from okno.exchange.log.freshness import exchange_data_as_of
from okno.exchange.tests.log_factories import IntegrationFactory

pytestmark = pytest.mark.django_db

CATALOG = "/catalog/"
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "catalog-results"}


@pytest.fixture
def buyer_client(client):
    client.force_login(build_shop().buyer)
    return client


def test_the_catalog_shows_the_last_successful_exchange_in_company_time(buyer_client):
    IntegrationFactory(last_success_at=datetime(2026, 3, 10, 6, 5, tzinfo=UTC))
    IntegrationFactory(last_success_at=datetime(2026, 3, 10, 9, 42, tzinfo=UTC))
    IntegrationFactory(last_success_at=None)
    response = buyer_client.get(CATALOG)
    # 09:42 UTC is 12:42 in Moscow
    assert "Данные на 10.03.2026 12:42" in response.text


def test_nothing_is_shown_before_the_first_successful_exchange(buyer_client):
    IntegrationFactory(last_success_at=None)
    response = buyer_client.get(CATALOG)
    assert response.status_code == 200
    assert "Данные на" not in response.text


def test_the_results_alone_carry_no_line(buyer_client):
    IntegrationFactory(last_success_at=datetime(2026, 3, 10, 9, 42, tzinfo=UTC))
    assert "Данные на" not in buyer_client.get(CATALOG, **HTMX).text


def test_the_time_is_cached_until_the_catalog_changes(django_assert_num_queries):
    integration = IntegrationFactory(last_success_at=None)
    with django_assert_num_queries(1):
        assert exchange_data_as_of() is None
    with django_assert_num_queries(0):
        assert exchange_data_as_of() is None
    integration.last_success_at = datetime(2026, 3, 10, 9, 42, tzinfo=UTC)
    integration.save(update_fields=["last_success_at"])
    catalog_changed()
    with django_assert_num_queries(1):
        assert exchange_data_as_of() == datetime(2026, 3, 10, 9, 42, tzinfo=UTC)
    with django_assert_num_queries(0):
        assert exchange_data_as_of() == datetime(2026, 3, 10, 9, 42, tzinfo=UTC)
