"""`search_text` starts with the product's name, so search ranks a name starting with the
first word by comparing the start of `search_text`: every product's text is written again
in the new order (the search index follows by its triggers on SQLite, by itself on
PostgreSQL)."""

from collections import defaultdict

from django.db import migrations

from okno.catalog.search.keys import search_text

BATCH = 2000


def write_name_first(apps, schema_editor):
    Product = apps.get_model("catalog", "Product")
    Barcode = apps.get_model("catalog", "Barcode")
    using = schema_editor.connection.alias
    products = Product.objects.using(using).order_by("pk")
    last = 0
    while True:
        batch = list(
            products.filter(pk__gt=last)
            .select_related("brand")
            .only("id", "article", "name", "brand__name", "search_text")[:BATCH]
        )
        if not batch:
            return
        last = batch[-1].pk
        codes = defaultdict(list)
        barcodes = Barcode.objects.using(using).filter(product_id__in=[p.pk for p in batch])
        for product_id, code in barcodes.values_list("product_id", "code"):
            codes[product_id].append(code)
        changed = []
        for product in batch:
            text = search_text(
                article=product.article,
                name=product.name,
                brand=product.brand.name if product.brand else "",
                barcodes=codes[product.pk],
            )
            if text != product.search_text:
                product.search_text = text
                changed.append(product)
        Product.objects.using(using).bulk_update(changed, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_product_on_sale_by_name_index")]

    operations = [migrations.RunPython(write_name_first, migrations.RunPython.noop)]
