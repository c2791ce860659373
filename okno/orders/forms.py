"""Forms of the cart and the checkout; the rules themselves live in the services."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okno.core.forms import BootstrapForm
from okno.orders.models import Order
from okno.orders.services.carts import CART_NAME_MAX


class CartNameForm(BootstrapForm):
    name = forms.CharField(label=_("Название корзины"), max_length=CART_NAME_MAX)


class CheckoutForm(BootstrapForm):
    """The checkout's choices; the lists are the person's own legal entities, the chosen
    entity's contracts and addresses, and the warehouses."""

    legal_entity = forms.TypedChoiceField(label=_("Юрлицо"), coerce=int)
    contract = forms.TypedChoiceField(label=_("Договор"), coerce=int)
    delivery = forms.ChoiceField(
        label=_("Получение"),
        choices=Order.Delivery.choices,
        widget=forms.RadioSelect,
        initial=Order.Delivery.DELIVERY,
    )
    address = forms.TypedChoiceField(
        label=_("Адрес доставки"), coerce=int, required=False, empty_value=None
    )
    warehouse = forms.TypedChoiceField(
        label=_("Склад отгрузки"), coerce=int, required=False, empty_value=None
    )
    desired_date = forms.DateField(
        label=_("Желаемая дата"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    comment = forms.CharField(
        label=_("Комментарий"), required=False, max_length=2000, widget=forms.Textarea({"rows": 2})
    )
    confirm_credit = forms.BooleanField(
        label=_("Понимаю предупреждение и всё равно отправляю заказ"), required=False
    )

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_entity"].choices = options.legal_entities
        self.fields["contract"].choices = options.contracts
        self.fields["address"].choices = [("", _("— выберите —")), *options.addresses]
        self.fields["warehouse"].choices = options.warehouses
        self.fields["desired_date"].widget.attrs["min"] = timezone.localdate().isoformat()
