"""Every read of commercial proposals a page or the API shows, scoped to the actor.

A client's person sees the proposals of the legal entities they act for once they were
sent (a draft is the manager's own); staff see those of the clients their role shows."""

from __future__ import annotations

from django.db.models import QuerySet

from okno.catalog.models import Product
from okno.catalog.search.query import search_products
from okno.clients.models import Client, Contract
from okno.core.actor import Actor
from okno.core.schemas import search_term
from okno.core.scoping import ScopedQuerySet, get_visible_or_404
from okno.proposals.models import Proposal, ProposalStatus

SUGGESTIONS = 10
MAX_CLIENTS = 1000


def proposals_visible(actor: Actor) -> ScopedQuerySet:
    rows = Proposal.objects.visible_to(actor)
    if not actor.is_staff:
        rows = rows.exclude(status=ProposalStatus.DRAFT)
    return rows


def proposal_list(
    *, actor: Actor, status: str | None = None, client_id: int | None = None
) -> QuerySet[Proposal]:
    """The actor's proposals, newest first, with what a list row shows."""
    rows = proposals_visible(actor).filter_given(status=status, client_id=client_id)
    return rows.select_related("client", "legal_entity", "manager", "order").order_by(
        "-created_at", "-pk"
    )


def proposal_get(*, actor: Actor, proposal_id) -> Proposal:
    """One proposal the actor sees (else 404), with its contract and order."""
    return get_visible_or_404(
        proposals_visible(actor).select_related(
            "client", "legal_entity", "contract", "manager", "order"
        ),
        actor,
        pk=proposal_id,
    )


def proposal_lines(proposal: Proposal) -> list:
    return list(proposal.lines.order_by("position", "pk"))


def proposal_history(proposal: Proposal) -> list:
    return list(proposal.history.select_related("user"))


def client_for_proposal(*, actor: Actor, client_id) -> Client:
    """A client the actor sees, to make a proposal for (else 404)."""
    return get_visible_or_404(Client, actor, pk=client_id, is_active=True)


def clients_to_choose(*, actor: Actor) -> list[Client]:
    """Active business clients the manager sees, by name, for «new proposal»."""
    return list(
        Client.objects.visible_to(actor)
        .filter(is_active=True)
        .exclude(kind=Client.Kind.INDIVIDUAL)
        .order_by("name")
        .only("pk", "name")[:MAX_CLIENTS]
    )


def product_suggestions(*, proposal: Proposal, query: str) -> list[Product]:
    """Products on sale that the query finds by article, name or barcode (the client's own
    articles too), best first; at most ten."""
    term = search_term(query)
    if not term:
        return []
    products = Product.objects.filter(is_active=True).select_related("base_unit")
    return list(search_products(products, term, client_id=proposal.client_id)[:SUGGESTIONS])


def contracts_to_choose(*, actor: Actor, client: Client) -> list[Contract]:
    """The client's active contracts of active legal entities, with their legal entity."""
    return list(
        Contract.objects.visible_to(actor)
        .filter(client=client, is_active=True, legal_entity__is_active=True)
        .select_related("legal_entity")
        .order_by("legal_entity__name", "-date")
    )
