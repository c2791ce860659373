"""The catalog table's rows, rendered with Jinja2.

Fifty rows of several cells, each with a price per packaging unit, are the catalog page's
first cost: Django's template engine spent about 20 ms on them, Jinja2 (which compiles a
template to Python) spends a few. Only the rows are Jinja2; the page around them and every
translated word (handed over as `labels`) stay in Django's templates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.formats import localize
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from okno.catalog.selectors import CatalogRow
from okno.core.money import format_money, format_quantity

_environment = Environment(
    loader=PackageLoader("okno.catalog", "jinja2"),
    autoescape=True,
    undefined=StrictUndefined,
    auto_reload=False,
)
# The same filters as the Django templates' `money` and `qty`, and `{{ value }}`'s own
# localisation of a number there.
_environment.filters.update(money=format_money, qty=format_quantity, number=localize)

LABELS = (
    "article",
    "name",
    "unit",
    "price",
    "stock",
    "quantity",
    "no_price",
    "archived",
    "min",
    "step",
    "add",
)


def render_rows(
    rows: Sequence[CatalogRow],
    *,
    product_url: str,
    labels: Mapping[str, str],
    can_order: bool = False,
) -> Markup:
    """The `<tr>` of each row, as HTML safe to put in a template; with `can_order` each row
    has a button that puts its quantity in the cart."""
    template = _environment.get_template("catalog/rows.html")
    html = template.render(rows=rows, product_url=product_url, labels=labels, can_order=can_order)
    return Markup(html)
