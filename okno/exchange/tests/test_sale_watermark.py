"""The export watermark: an order is sent only when 1C confirms the answer that carried
it — by `mode=success`, or by its next `mode=query` when the integration says so — and an
order changed after 1C took it goes out again."""

import pytest
from lxml import etree

from okno.exchange.models import SaleExport
from okno.exchange.sale import sale_query, sale_success
from okno.exchange.tests.sale_setup import documents, integration_make, query, session_open, text
from okno.orders.models import Order
from okno.orders.services.lifecycle import order_cancel
from okno.orders.tests.store import build_store

pytestmark = pytest.mark.django_db


@pytest.fixture
def store():
    return build_store()


def ids(root) -> list[str]:
    return [text(document, "Ид") for document in documents(root)]


def test_not_sent_before_success_then_sent(store):
    order = store.order((store.product(), "1"))
    integration = integration_make(query_confirms_previous=False)
    session = session_open(integration)
    assert ids(query(integration, session)) == [str(order.pk)]
    order.refresh_from_db()
    assert order.exchange_sent_at is None
    # No success yet: a new query carries the order again, and drops the first batch.
    assert ids(query(integration)) == [str(order.pk)]
    assert list(SaleExport.objects.values_list("status", flat=True)) == ["pending", "dropped"]
    sale_success(session=SaleExport.objects.first().session)
    order.refresh_from_db()
    assert order.exchange_sent_at is not None
    assert order.exchange_sent_version == order.updated_at
    assert ids(query(integration)) == []


def test_success_commits_only_its_own_session(store):
    order = store.order((store.product(), "1"))
    integration = integration_make(query_confirms_previous=False)
    query(integration)
    sale_success(session=session_open(integration))
    order.refresh_from_db()
    assert order.exchange_sent_at is None


def test_the_next_query_confirms_the_previous_batch_for_1c_that_never_says_success(store):
    first = store.order((store.product(), "1"))
    integration = integration_make(query_confirms_previous=True)
    assert ids(query(integration)) == [str(first.pk)]
    second = store.order((store.product(), "1"))
    assert ids(query(integration)) == [str(second.pk)]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.exchange_sent_at is not None
    assert second.exchange_sent_at is None
    statuses = list(SaleExport.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["committed", "pending"]


def test_another_integrations_query_confirms_nothing(store):
    order = store.order((store.product(), "1"))
    query(integration_make(query_confirms_previous=True))
    query(integration_make(query_confirms_previous=True))
    order.refresh_from_db()
    assert order.exchange_sent_at is None


def test_an_order_cancelled_after_sending_goes_out_again(store):
    order = store.order((store.product(), "1"))
    integration = integration_make()
    session = session_open(integration)
    query(integration, session)
    sale_success(session=session)
    order_cancel(actor=store.actor(), order=order, reason="Передумали")
    (document,) = documents(query(integration))
    assert text(document, "Ид") == str(order.pk)
    said = {
        text(item, "Наименование"): text(item, "Значение")
        for item in document.findall("ЗначенияРеквизитов/ЗначениеРеквизита")
    }
    assert (said["Отменен"], said["Статуса заказа ИД"]) == ("true", "cancelled")
    assert said["Причина отмены"] == "Передумали"


def test_drafts_and_orders_cancelled_before_sending_stay_home(store):
    draft = store.order((store.product(), "1"), submit=False)
    cancelled = store.order((store.product(), "1"))
    order_cancel(actor=store.actor(), order=cancelled)
    root = etree.fromstring(sale_query(session=session_open(None)).read())
    assert Order.objects.get(pk=draft.pk).status == "draft"
    assert documents(root) == []
