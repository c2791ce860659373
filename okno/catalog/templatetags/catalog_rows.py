"""`{% catalog_rows %}`: the catalog table's rows from the page's context, by Jinja2."""

from django import template

from okno.catalog.rows import LABELS, render_rows
from okno.core.roles import Perm

register = template.Library()


@register.simple_tag(takes_context=True)
def catalog_rows(context):
    """The rows of `catalog`, with the `label_…` words the template translated."""
    labels = {name: context[f"label_{name}"] for name in LABELS}
    actor = context.get("actor")
    can_order = actor is not None and actor.can(Perm.ORDER_PLACE)
    return render_rows(
        context["catalog"].rows,
        product_url=context["product_url"],
        labels=labels,
        can_order=can_order,
    )
