"""Filters every template has: money, quantities, dates in the company's time zone."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from okno.core.money import format_money, format_quantity

register = template.Library()


# A currency given by its ISO code (as 1C and contracts keep it) is shown by its sign.
CURRENCY_SIGNS = {"RUB": "₽", "USD": "$", "EUR": "€", "CNY": "¥"}


@register.filter
def money(value, currency="₽"):
    return format_money(value, CURRENCY_SIGNS.get(currency, currency))


@register.filter
def qty(value):
    return format_quantity(value)


@register.filter
def ru_date(value):
    """дд.мм.гггг; aware datetimes are shown in the company's time zone."""
    if not value:
        return ""
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return date_format(value, "d.m.Y")


@register.filter
def ru_datetime(value):
    if not value:
        return ""
    return date_format(timezone.localtime(value), "d.m.Y H:i")


@register.filter
def minutes(value):
    """`90` → «1 ч 30 мин», `45` → «45 мин», `0` → «0 мин»."""
    hours, rest = divmod(int(value or 0), 60)
    if not hours:
        return _("%(minutes)s мин") % {"minutes": rest}
    if not rest:
        return _("%(hours)s ч") % {"hours": hours}
    return _("%(hours)s ч %(minutes)s мин") % {"hours": hours, "minutes": rest}


@register.simple_tag(takes_context=True)
def active(context, *prefixes, excluding: str = ""):
    """'active' when the current path starts with one of the URL prefixes (navigation), but
    not with one of `excluding` (space-separated): the pages under a prefix that have a
    navigation item of their own."""
    path = context["request"].path
    if any(path.startswith(other) for other in excluding.split()):
        return ""
    return "active" if any(path.startswith(p) for p in prefixes) else ""
