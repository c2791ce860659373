"""The reconciliation act page: the form (a legal entity, a contract or all, the period, the
format) and the act on screen, or the act as PDF or XLSX. A client's person who may read
settlements makes their own; staff make one for a client they see under /finance/staff/."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from okno.clients.models import Client
from okno.core.errors import DomainError
from okno.core.schemas import parse_id
from okno.core.scoping import get_visible_or_404
from okno.finance.forms import ReconciliationForm
from okno.finance.reconciliation.act import reconciliation_act
from okno.finance.reconciliation.files import act_file_response
from okno.finance.views.ledger import (
    contract_choices,
    finance_page,
    finance_url,
    legal_entity_choices,
)


@require_GET
@finance_page
def reconciliation(request):
    if not request.actor.is_client:
        return redirect("core:home")
    return _reconciliation(request, client=None)


@require_GET
@finance_page
def staff_reconciliation(request, pk: int):
    client = get_visible_or_404(Client, request.actor, pk=pk)
    return _reconciliation(request, client=client)


def _reconciliation(request, *, client: Client | None):
    actor = request.actor
    legal_entities = legal_entity_choices(actor, client)
    contracts = contract_choices(actor, client)
    _not_theirs_404(request.GET, legal_entities, contracts)
    form = ReconciliationForm(
        request.GET if "legal_entity" in request.GET else None,
        legal_entities=legal_entities,
        contracts=contracts,
        initial=ReconciliationForm.initial_for(timezone.localdate(), legal_entities),
    )
    context = {
        "form": form,
        "client": client,
        "contracts": contracts,
        "overview_url": finance_url(request, client, "overview"),
        "act": None,
    }
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            act = reconciliation_act(
                actor=actor,
                legal_entity_id=data["legal_entity"],
                contract_id=data["contract"],
                date_from=data["date_from"],
                date_to=data["date_to"],
            )
        except DomainError as refusal:
            context["refusal"] = refusal.message
            return TemplateResponse(
                request, "finance/reconciliation/page.html", context, status=refusal.status
            )
        if data["format"] in ("pdf", "xlsx"):
            return act_file_response(act, data["format"])
        context["act"] = act
        context["files"] = {name: _file_url(request, name) for name in ("pdf", "xlsx")}
    return TemplateResponse(request, "finance/reconciliation/page.html", context)


def _not_theirs_404(query, legal_entities, contracts) -> None:
    """A legal entity or contract id that is not among the page's answers 404, as another
    client's object does everywhere (a malformed one is the form's error)."""
    for name, choices in (("legal_entity", legal_entities), ("contract", contracts)):
        number = parse_id(query.get(name))
        if number is not None and number not in {choice[0] for choice in choices}:
            raise Http404


def _file_url(request, file_format: str) -> str:
    query = request.GET.copy()
    query["format"] = file_format
    return f"{request.path}?{urlencode(sorted(query.items()))}"
