"""Cross-client cases for the finance routes that take an object id.

Invoices: an order of client A's first legal entity, with the company's requisites filled
in so that its owner gets the invoice (200). Settlements: a shipment of the same legal
entity with a file. A person of client B and B's manager must get 404 for each, and for
client A's staff finance pages (the overview, the documents, the reconciliation act), and
change nothing.
"""

from okno.core.testing.access import AccessCase
from okno.finance.models import DocumentKind
from okno.finance.tests.factories import document_post, file_attach
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


def _document(w):
    document = document_post(w.contract_a1, DocumentKind.SHIPMENT, "1500.00")
    file_attach(document)
    return document


def _document_id(w):
    return {"pk": _document(w).pk}


def _api_document_id(w):
    return {"document_id": _document(w).pk}


def _file_id(w):
    return {"pk": _document(w).files.get().pk}


def _client_a(w):
    return {"pk": w.client_a.pk}


CASES = [
    AccessCase("finance:order_invoice", _order),
    AccessCase("finance:order_invoice_file", _order_file),
    AccessCase("finance:order_invoice", _order, owner="manager_a"),
    AccessCase("api:order_invoice", _api_order),
    AccessCase("finance:document", _document_id),
    AccessCase("finance:file", _file_id),
    AccessCase("finance:staff_overview", _client_a, owner="manager_a"),
    AccessCase("finance:staff_documents", _client_a, owner="manager_a"),
    AccessCase("finance:staff_reconciliation", _client_a, owner="manager_a"),
    AccessCase("api:finance_document", _api_document_id),
    AccessCase("api:finance_document_file", _api_document_id),
]
