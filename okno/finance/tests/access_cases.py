"""Cross-client cases for the invoice routes: an order of client A's first legal entity,
with the company's requisites filled in so that its owner gets the invoice (200)."""

from okno.core.testing.access import AccessCase
from okno.finance.tests.invoice_factories import CompanyRequisitesFactory
from okno.payments.tests.factories import order_with_lines


def _order(w):
    CompanyRequisitesFactory()
    order = order_with_lines([("990.00", "1")], legal_entity=w.entity_a1, contract=w.contract_a1)
    return {"pk": order.pk}


def _order_file(w):
    return {**_order(w), "file_format": "xlsx"}


def _api_order(w):
    return {"order_id": _order(w)["pk"]}


CASES = [
    AccessCase("finance:order_invoice", _order),
    AccessCase("finance:order_invoice_file", _order_file),
    AccessCase("finance:order_invoice", _order, owner="manager_a"),
    AccessCase("api:order_invoice", _api_order),
]
