"""The bulk writer: values reach the table exactly as given, whatever the database."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from okno.catalog.models import Brand, Price, PriceType
from okno.catalog.tests.factories import ProductFactory
from okno.core.bulk import rows_insert, rows_select, rows_update, rows_upsert

pytestmark = pytest.mark.django_db

AWKWARD = ["tab\there", "line\nbreak", "back\\slash", "cr\rhere", "\\N", "Саморез 3,8×19", ""]


def test_rows_insert_keeps_text_with_copys_special_characters():
    rows_insert(Brand, ["name"], [(name,) for name in AWKWARD])
    assert sorted(Brand.objects.values_list("name", flat=True)) == sorted(AWKWARD)


def test_rows_insert_writes_none_numbers_and_moments():
    moment = datetime(2026, 11, 24, 9, 30, 15, 123456, tzinfo=UTC)
    product = ProductFactory()
    price_type = PriceType.objects.create(name="Опт", external_id="pt")
    fields = ["product", "price_type", "price", "unit", "coefficient", "updated_at"]
    rows_insert(Price, fields, [(product.id, price_type.id, Decimal("1234.50"), None, 2, moment)])

    price = Price.objects.get(product=product)
    assert (price.price, price.unit_id, price.coefficient) == (Decimal("1234.50"), None, 2)
    assert price.updated_at == moment


def test_rows_upsert_and_update_round_trip_awkward_text():
    rows_insert(Brand, ["name", "external_id"], [("old", "b1")])
    rows_upsert(
        Brand,
        key=["external_id"],
        fields=["external_id", "name"],
        rows=[("b1", "new\tname")],
        update=["name"],
    )
    brand = Brand.objects.get(external_id="b1")
    assert brand.name == "new\tname"
    rows_update(Brand, key="id", fields=["name"], rows=[(brand.id, "back\\slash\n")])
    assert rows_select(Brand, key="id", values=[brand.id], fields=["name"]) == [("back\\slash\n",)]
