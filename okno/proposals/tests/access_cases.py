"""Cross-client cases for every route of commercial proposals and their invoices.

Client A's proposal for its first legal entity, made and sent by A's manager (a draft for
the manager's editing routes). A person of client B and B's manager must get 404 for each
and change nothing.
"""

from okno.core.testing.access import AccessCase
from okno.finance.tests.invoice_factories import CompanyRequisitesFactory
from okno.proposals.tests.factories import offered_product, proposal_made


def _sent(w):
    CompanyRequisitesFactory()
    return {"pk": proposal_made(w).pk}


def _sent_file(w):
    return {**_sent(w), "file_format": "pdf"}


def _draft(w):
    return {"pk": proposal_made(w, send=False).pk}


def _draft_line(w):
    proposal = proposal_made(w, send=False)
    return {"pk": proposal.pk, "line_id": proposal.lines.get().pk}


def _draft_for_adding(w):
    found = _draft(w)
    offered_product(w.contract_a1, "10.00", article="ACCESS-ADD")
    return found


def _client_a(w):
    return {"client_id": w.client_a.pk}


def _api(w):
    return {"proposal_id": _sent(w)["pk"]}


_POST = ("POST",)

CASES = [
    AccessCase("proposals:proposal", _sent),
    AccessCase("proposals:proposal", _draft, owner="manager_a"),
    AccessCase("proposals:new", _client_a, owner="manager_a", methods=("GET", "POST")),
    AccessCase(
        "proposals:edit",
        _draft,
        owner="manager_a",
        methods=_POST,
        data={"valid_until": "2099-01-01", "comment": "Изменено"},
    ),
    AccessCase("proposals:products", _draft, owner="manager_a"),
    AccessCase(
        "proposals:line_add",
        _draft_for_adding,
        owner="manager_a",
        methods=_POST,
        data={"find": "ACCESS-ADD", "quantity": "1"},
    ),
    AccessCase(
        "proposals:line_change",
        _draft_line,
        owner="manager_a",
        methods=_POST,
        data={"quantity": "3"},
    ),
    AccessCase("proposals:send", _draft, owner="manager_a", methods=_POST),
    AccessCase("proposals:withdraw", _sent, owner="manager_a", methods=_POST),
    AccessCase("proposals:accept", _sent, methods=_POST),
    AccessCase("proposals:reject", _sent, methods=_POST, data={"reason": "Дорого"}),
    AccessCase("finance:proposal_invoice", _sent),
    AccessCase("finance:proposal_invoice", _sent, owner="manager_a"),
    AccessCase("finance:proposal_invoice_file", _sent_file),
    AccessCase("api:proposal_detail", _api),
    AccessCase("api:proposal_accept", _api),
    AccessCase("api:proposal_reject", _api, data={"reason": "Дорого"}),
    AccessCase("api:proposal_invoice", _api),
]
