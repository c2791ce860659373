"""The `{"items", "count"}` page of the API lists."""

from ninja import Schema

from okno.clients.models import Client
from okno.core.pagination import Page, page_of, page_schema


class Item(Schema):
    id: int


def test_a_page_has_its_rows_and_the_total(world):
    rows = Client.objects.order_by("pk")
    page = page_of(rows, Page(limit=1, offset=1))
    assert page == {"items": [world.client_b], "count": 2}


def test_the_page_schema_is_named_for_the_api_document():
    schema = page_schema("ItemList", Item)
    assert schema.__name__ == "ItemList"
    assert schema.model_validate({"items": [{"id": 1}], "count": 1}).count == 1


def test_the_last_page_is_counted_without_a_second_query(world, django_assert_num_queries):
    rows = Client.objects.order_by("pk")
    with django_assert_num_queries(1):
        assert page_of(rows, Page(limit=5, offset=1)) == {"items": [world.client_b], "count": 2}
    with django_assert_num_queries(1):
        assert page_of(rows, Page(limit=5, offset=0))["count"] == 2
    with django_assert_num_queries(1):
        assert page_of(rows.filter(name=""), Page(limit=5)) == {"items": [], "count": 0}


def test_a_full_page_or_one_past_the_end_counts_the_rows(world, django_assert_num_queries):
    rows = Client.objects.order_by("pk")
    with django_assert_num_queries(2):
        assert page_of(rows, Page(limit=2, offset=0))["count"] == 2
    with django_assert_num_queries(2):
        assert page_of(rows, Page(limit=2, offset=7)) == {"items": [], "count": 2}
