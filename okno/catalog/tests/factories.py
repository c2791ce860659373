"""Factories for the catalog. Products come with their search keys filled in."""

from decimal import Decimal

import factory

from okno.catalog import models
from okno.catalog.search.keys import article_key, search_text
from okno.clients.tests.factories import ClientFactory, PriceTypeFactory

__all__ = [
    "BarcodeFactory",
    "BrandFactory",
    "ClientArticleFactory",
    "DiscountRuleFactory",
    "PriceFactory",
    "PriceTypeFactory",
    "ProductFactory",
    "ProductGroupFactory",
    "ProductUnitFactory",
    "StockFactory",
    "UnitFactory",
    "WarehouseFactory",
]


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Unit
        django_get_or_create = ["short_name"]

    short_name = "шт"
    name = factory.LazyAttribute(lambda o: {"шт": "Штука"}.get(o.short_name, o.short_name))
    code = factory.LazyAttribute(lambda o: {"шт": "796"}.get(o.short_name, ""))


class ProductGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ProductGroup
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Группа {n}")

    @factory.post_generation
    def tree(self, create, extracted, **kwargs):
        parent_path = self.parent.path if self.parent else "/"
        self.path = f"{parent_path}{self.pk}/"
        self.depth = self.parent.depth + 1 if self.parent else 0
        if create:
            self.save(update_fields=["path", "depth"])


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Brand
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Бренд {n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Product

    article = factory.Sequence(lambda n: f"ART-{n:05d}")
    name = factory.Sequence(lambda n: f"Товар {n}")
    base_unit = factory.SubFactory(UnitFactory)
    brand = None
    group = None
    vat_rate = models.VatRate.VAT_22
    article_key = factory.LazyAttribute(lambda o: article_key(o.article))
    search_text = factory.LazyAttribute(
        lambda o: search_text(article=o.article, name=o.name, brand=o.brand.name if o.brand else "")
    )


class ProductUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ProductUnit

    product = factory.SubFactory(ProductFactory)
    unit = factory.SubFactory(UnitFactory, short_name="упак")
    coefficient = Decimal("10")


class BarcodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Barcode

    product = factory.SubFactory(ProductFactory)
    code = factory.Sequence(lambda n: f"46{n:011d}")


class PriceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Price

    product = factory.SubFactory(ProductFactory)
    price_type = factory.SubFactory(PriceTypeFactory)
    price = Decimal("100.00")


class WarehouseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Warehouse

    name = factory.Sequence(lambda n: f"Склад {n}")
    city = "Москва"


class StockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Stock

    product = factory.SubFactory(ProductFactory)
    warehouse = factory.SubFactory(WarehouseFactory)
    free = Decimal("100")


class DiscountRuleFactory(factory.django.DjangoModelFactory):
    """A rule for everyone on the whole catalog unless told otherwise."""

    class Meta:
        model = models.DiscountRule

    percent = Decimal("5")


class ClientArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ClientArticle

    client = factory.SubFactory(ClientFactory)
    product = factory.SubFactory(ProductFactory)
    article = factory.Sequence(lambda n: f"CL-{n:05d}")
    article_key = factory.LazyAttribute(lambda o: article_key(o.article))
