"""Cross-client cases for every route of the dealer's section that takes an object id.

Client A of the shared world is made a dealer with a customer (and a document of its
first legal entity, priced at its contract's price type). The pages and the API are owned
by A's admin; client B's admin and B's manager must get 404 and change nothing.
"""

from decimal import Decimal

from okno.catalog.tests.factories import PriceFactory, ProductFactory
from okno.clients.models import Client
from okno.core.actor import actor_for_user
from okno.core.testing.access import AccessCase
from okno.dealers.models import DealerCustomer
from okno.dealers.services import RetailLineInput, retail_document_create
from okno.dealers.tests.factories import DealerCustomerFactory


def _a_customer(w) -> DealerCustomer:
    Client.objects.filter(pk=w.client_a.pk).update(is_dealer=True)
    return DealerCustomerFactory(dealer=w.client_a, name="Покупатель дилера А")


def _customer(w):
    return {"customer_id": _a_customer(w).pk}


def _document(w):
    customer = _a_customer(w)
    product = ProductFactory()
    PriceFactory(product=product, price_type=w.contract_a1.price_type, price=Decimal("100"))
    document = retail_document_create(
        actor=actor_for_user(w.a_admin),
        customer=customer,
        kind="offer",
        lines=[RetailLineInput(product_id=product.pk, quantity=Decimal("2"))],
    )
    return {"document_id": document.pk}


_CUSTOMER_FORM = {"name": "Новое имя", "phone": "+7 916 111-22-33", "default_markup": "15"}
_FORM = ("GET", "POST")

CASES = [
    AccessCase("dealers:customer", _customer),
    AccessCase("dealers:customer_edit", _customer, methods=_FORM, data=_CUSTOMER_FORM),
    AccessCase("dealers:customer_deactivate", _customer, methods=("POST",)),
    AccessCase("dealers:document", _document),
    AccessCase(
        "dealers:document_edit",
        _document,
        methods=_FORM,
        data={"save": "1", "kind": "sale_slip", "date": "2026-03-01", "markup_percent": "30"},
    ),
    AccessCase("dealers:document_print", _document),
    AccessCase("api:dealer_customer_detail", _customer, data=_CUSTOMER_FORM),
    AccessCase("api:dealer_customer_update", _customer, data={"name": "Новое имя"}),
    AccessCase("api:dealer_document_detail", _document),
]
