"""The pages of commercial proposals, one set for both sides: the manager builds, sends and
withdraws a proposal; the client's person reads it and accepts or rejects it.

Every page with an id looks the proposal up through `visible_to` first (a client never
sees a draft), so another client's proposal is a 404, exactly like a missing one; then the
service refuses what the actor's role may not do.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from okno.catalog.models import Product
from okno.catalog.search.keys import article_key
from okno.core.errors import DomainError, InvalidInput, NotAllowed
from okno.core.schemas import parse_id, search_term
from okno.finance.invoice.selectors import proposal_invoiceable
from okno.proposals.models import Proposal, ProposalStatus
from okno.proposals.selectors import (
    client_for_proposal,
    clients_to_choose,
    contracts_to_choose,
    product_suggestions,
    proposal_get,
    proposal_history,
    proposal_lines,
    proposal_list,
)
from okno.proposals.services import (
    proposal_accept,
    proposal_create,
    proposal_line_add,
    proposal_line_change,
    proposal_may_answer,
    proposal_reject,
    proposal_send,
    proposal_update,
    proposal_withdraw,
)

PAGE_SIZE = 50


def _refused(request, error: DomainError, proposal_id: int) -> HttpResponse:
    """A refused action: the reason as a message on the proposal's page (403 stays 403)."""
    if isinstance(error, NotAllowed):
        raise PermissionDenied(error.message)
    messages.error(request, error.message)
    return redirect("proposals:proposal", pk=proposal_id)


def _require_staff(request) -> None:
    if not request.actor.is_staff:
        raise PermissionDenied(_("Эта страница — для менеджера клиента."))


@login_required
@require_GET
def proposal_index(request):
    """Proposals newest first: a client's person sees those sent to them, the manager
    those of their clients (filtered by status and client)."""
    actor = request.actor
    if not (actor.is_client or actor.is_staff):
        return redirect("core:home")
    status = request.GET.get("status") or None
    if status not in ProposalStatus.values:
        status = None
    new_for = parse_id(request.GET.get("new")) if actor.is_staff else None
    if new_for is not None:
        return redirect("proposals:new", client_id=new_for)
    client_id = parse_id(request.GET.get("client")) if actor.is_staff else None
    rows = proposal_list(actor=actor, status=status, client_id=client_id)
    context = {
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "status": status or "",
        "statuses": ProposalStatus.choices,
        "clients": clients_to_choose(actor=actor) if actor.is_staff else [],
        "client_id": client_id,
    }
    return render(request, "proposals/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_new(request, client_id: int):
    """A new draft for a client of the manager: its legal entity, contract, date, comment."""
    client = client_for_proposal(actor=request.actor, client_id=client_id)
    _require_staff(request)
    contracts = contracts_to_choose(actor=request.actor, client=client)
    error = None
    if request.method == "POST":
        contract_id = parse_id(request.POST.get("contract_id"))
        chosen = next((found for found in contracts if found.pk == contract_id), None)
        try:
            if chosen is None:
                raise InvalidInput(_("Выберите договор клиента."), field="contract_id")
            created = proposal_create(
                actor=request.actor,
                legal_entity_id=chosen.legal_entity_id,
                contract_id=chosen.pk,
                valid_until=_date(request.POST.get("valid_until")),
                comment=request.POST.get("comment", ""),
            )
        except DomainError as refusal:
            if isinstance(refusal, NotAllowed):
                raise PermissionDenied(refusal.message) from refusal
            error = refusal.message
        else:
            messages.success(request, _("Черновик %(number)s создан.") % {"number": created})
            return redirect("proposals:proposal", pk=created.pk)
    context = {"client": client, "contracts": contracts, "error": error, "form": request.POST}
    return render(request, "proposals/new.html", context, status=422 if error else 200)


@login_required
@require_GET
def proposal_page(request, pk: int):
    """The proposal: its lines and money; the manager edits a draft here, the client
    answers a sent one."""
    proposal = proposal_get(actor=request.actor, proposal_id=pk)
    context = {
        "proposal": proposal,
        "lines": proposal_lines(proposal),
        "history": proposal_history(proposal) if request.actor.is_staff else [],
        "is_draft": proposal.status == ProposalStatus.DRAFT,
        "may_answer": proposal_may_answer(request.actor, proposal),
        "has_invoice": proposal_invoiceable(proposal),
    }
    return render(request, "proposals/proposal.html", context)


@login_required
@require_GET
def product_search(request, pk: int):
    """Products for the draft's «add a line» box, by article or name (htmx)."""
    proposal = proposal_get(actor=request.actor, proposal_id=pk)
    _require_staff(request)
    find = search_term(request.GET.get("find"))
    found = product_suggestions(proposal=proposal, query=find)
    return render(request, "proposals/_suggestions.html", {"suggestions": found, "find": find})


@login_required
@require_POST
def line_add(request, pk: int):
    proposal = proposal_get(actor=request.actor, proposal_id=pk)
    post = request.POST
    try:
        product = _product(proposal, post.get("product_id"), post.get("find", ""))
        proposal_line_add(
            actor=request.actor,
            proposal=proposal,
            product_id=product.pk,
            quantity=post.get("quantity", ""),
            price=post.get("price") or None,
        )
    except DomainError as refusal:
        return _refused(request, refusal, pk)
    messages.success(request, _("Строка %(article)s добавлена.") % {"article": product.article})
    return redirect("proposals:proposal", pk=pk)


@login_required
@require_POST
def line_change(request, pk: int, line_id: int):
    proposal = proposal_get(actor=request.actor, proposal_id=pk)
    try:
        proposal_line_change(
            actor=request.actor,
            proposal=proposal,
            line_id=line_id,
            quantity="0" if "remove" in request.POST else request.POST.get("quantity") or None,
            price=request.POST.get("price") or None,
        )
    except DomainError as refusal:
        return _refused(request, refusal, pk)
    return redirect("proposals:proposal", pk=pk)


@login_required
@require_POST
def proposal_edit(request, pk: int):
    proposal = proposal_get(actor=request.actor, proposal_id=pk)
    try:
        valid_until = _date(request.POST.get("valid_until"))
        if valid_until is None:
            raise InvalidInput(_("Укажите срок действия."), field="valid_until")
        proposal_update(
            actor=request.actor,
            proposal=proposal,
            valid_until=valid_until,
            comment=request.POST.get("comment", ""),
        )
    except DomainError as refusal:
        return _refused(request, refusal, pk)
    messages.success(request, _("Изменения сохранены."))
    return redirect("proposals:proposal", pk=pk)


@login_required
@require_POST
def proposal_action(request, pk: int, action: str):
    """Send, withdraw, accept or reject: one service each, the outcome as a message."""
    proposal = proposal_get(actor=request.actor, proposal_id=pk)
    actor = request.actor
    reason = request.POST.get("reason", "")
    try:
        if action == "send":
            proposal_send(actor=actor, proposal=proposal)
            done = _("Предложение отправлено клиенту.")
        elif action == "withdraw":
            proposal_withdraw(actor=actor, proposal=proposal, reason=reason)
            done = _("Предложение отозвано.")
        elif action == "accept":
            order = proposal_accept(actor=actor, proposal=proposal)
            messages.success(
                request,
                _("Предложение принято: оформлен заказ № %(number)s.") % {"number": order.number},
            )
            return redirect(reverse("orders:order", args=[order.pk]))
        else:
            proposal_reject(actor=actor, proposal=proposal, reason=reason)
            done = _("Предложение отклонено. Менеджер увидит вашу причину.")
    except DomainError as refusal:
        return _refused(request, refusal, pk)
    messages.success(request, done)
    return redirect("proposals:proposal", pk=pk)


def _date(raw: str | None) -> datetime.date | None:
    if not raw or not raw.strip():
        return None
    try:
        return datetime.date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInput(_("Дата — в виде ГГГГ-ММ-ДД."), field="valid_until") from None


def _product(proposal: Proposal, product_id: str | None, find: str) -> Product:
    """The product picked from the suggestions, or the one the typed article names."""
    picked = parse_id(product_id)
    if picked is not None:
        product = Product.objects.filter(pk=picked, is_active=True).first()
        if product is None:
            raise InvalidInput(_("Товар не найден или снят с продажи."), field="product_id")
        return product
    key = article_key(find)
    found = list(Product.objects.filter(article_key=key, is_active=True)[:2]) if key else []
    if len(found) != 1:
        suggestions = product_suggestions(proposal=proposal, query=find)
        if len(suggestions) == 1:
            return suggestions[0]
        raise InvalidInput(
            _("Товар «%(find)s» не найден: выберите его из подсказок.") % {"find": find.strip()},
            field="product_id",
        )
    return found[0]
