"""The manager builds and sends a proposal through the pages; the client reads it in the
cabinet and accepts or rejects it with one click."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from okno.catalog.models import Stock
from okno.catalog.tests.factories import DiscountRuleFactory
from okno.clients.tests.factories import ContractFactory, MembershipFactory
from okno.core.roles import ClientRole
from okno.core.testing.queries import assert_queries_flat
from okno.orders.models import Order, OrderStatus
from okno.proposals.models import Proposal, ProposalStatus
from okno.proposals.tests.factories import offered_product, proposal_made

pytestmark = pytest.mark.django_db
D = Decimal


def _page(client, proposal) -> str:
    response = client.get(reverse("proposals:proposal", args=[proposal.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_manager_builds_a_proposal_at_the_clients_prices_and_sends_it(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    first = offered_product(world.contract_a1, "1220.00", article="КЛ-100")
    second = offered_product(world.contract_a1, "500.00", article="ПЛ-7", multiplicity=D("5"))
    client.force_login(world.manager_a)

    response = client.post(
        reverse("proposals:new", args=[world.client_a.pk]),
        {"contract_id": world.contract_a1.pk, "comment": "Цены на неделю"},
    )
    proposal = Proposal.objects.get()
    assert response.url == reverse("proposals:proposal", args=[proposal.pk])
    assert proposal.number == f"КП-{proposal.pk:06d}"
    assert proposal.legal_entity == world.entity_a1
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.manager == world.manager_a

    add = reverse("proposals:line_add", args=[proposal.pk])
    client.post(add, {"find": "кл-100", "quantity": "3"})
    client.post(add, {"product_id": second.pk, "quantity": "4"})  # multiplicity 5: refused
    page = client.get(reverse("proposals:proposal", args=[proposal.pk]), follow=True)
    assert "Кратность — 5; подойдёт 5 шт." in page.content.decode()
    client.post(add, {"product_id": second.pk, "quantity": "10", "price": "450,50"})
    line = proposal.lines.get(product=first)
    assert (line.quantity, line.price, line.amount) == (D("3"), D("1220.00"), D("3660.00"))
    assert line.vat_amount == D("660.00")  # 3660 × 22/122
    client.post(
        reverse("proposals:line_change", args=[proposal.pk, line.pk]),
        {"quantity": "2", "price": "1100"},
    )
    proposal.refresh_from_db()
    assert proposal.amount == D("2200.00") + D("4505.00")
    assert proposal.lines_count == 2
    assert "по договору 1 220,00" in _page(client, proposal).replace("\xa0", " ")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("proposals:send", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SENT
    assert proposal.sent_at is not None
    assert sorted(m.to[0] for m in mailoutbox) == sorted([world.a_admin.email, world.a_buyer.email])
    assert proposal.number in mailoutbox[0].subject
    assert reverse("proposals:proposal", args=[proposal.pk]) in mailoutbox[0].body


def test_a_draft_is_the_managers_own_and_a_sent_one_shows_in_the_cabinet(world, client):
    draft = proposal_made(world, send=False)
    sent = proposal_made(world)
    client.force_login(world.a_buyer)
    listing = client.get(reverse("proposals:list")).content.decode()
    assert sent.number in listing
    assert draft.number not in listing
    assert client.get(reverse("proposals:proposal", args=[draft.pk])).status_code == 404
    page = _page(client, sent)
    assert "Принять и оформить заказ" in page
    assert "Отклонить" in page


def test_accepting_makes_one_submitted_order_at_the_proposals_prices(world, client):
    proposal = proposal_made(world, (("1220.00", "2"), ("99.90", "10", "10")))
    line = proposal.lines.order_by("position").first()
    proposal.lines.filter(pk=line.pk).update(price=D("1000.00"), amount=D("2000.00"))
    client.force_login(world.a_buyer)

    accept = reverse("proposals:accept", args=[proposal.pk])
    response = client.post(accept)
    order = Order.objects.get()
    assert response.url == reverse("orders:order", args=[order.pk])
    assert client.post(accept).url == response.url  # the second click: the same order
    assert Order.objects.count() == 1

    assert order.status == OrderStatus.SUBMITTED
    assert (order.legal_entity, order.contract) == (world.entity_a1, world.contract_a1)
    assert order.created_by == world.a_buyer
    assert proposal.number in order.comment
    assert [(x.quantity, x.price, x.vat_rate) for x in order.lines.order_by("position")] == [
        (D("2"), D("1000.00"), "22"),
        (D("10"), D("99.90"), "10"),
    ]
    reserved = Stock.objects.filter(product_id=line.product_id).values_list("reserved", flat=True)
    assert list(reserved) == [D("2")]
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.order == order
    assert proposal.history.filter(to_status=ProposalStatus.ACCEPTED).count() == 1
    assert order.number in _page(client, proposal)


def test_rejecting_keeps_the_reason_for_the_manager(world, client):
    proposal = proposal_made(world)
    client.force_login(world.a_admin)
    client.post(reverse("proposals:reject", args=[proposal.pk]), {"reason": "Нашли дешевле"})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED
    assert proposal.decided_by == world.a_admin
    client.force_login(world.manager_a)
    page = _page(client, proposal)
    assert "Нашли дешевле" in page
    assert "Отклонено" in page
    assert not Order.objects.exists()


@pytest.mark.parametrize("how", ["expired", "withdrawn", "rejected"])
def test_a_proposal_no_longer_open_is_not_accepted(world, client, how):
    proposal = proposal_made(world)
    if how == "expired":
        yesterday = timezone.localdate() - dt.timedelta(days=1)
        Proposal.objects.filter(pk=proposal.pk).update(valid_until=yesterday)
    else:
        client.force_login(world.manager_a if how == "withdrawn" else world.a_admin)
        action = "proposals:withdraw" if how == "withdrawn" else "proposals:reject"
        client.post(reverse(action, args=[proposal.pk]))
    client.force_login(world.a_admin)
    response = client.post(reverse("proposals:accept", args=[proposal.pk]), follow=True)
    text = response.content.decode()
    assert ("Срок действия предложения истёк" if how == "expired" else "недоступно") in text
    assert not Order.objects.exists()
    assert Proposal.objects.get().status == (
        ProposalStatus.SENT if how == "expired" else ProposalStatus(how)
    )


def test_only_a_person_who_may_order_for_the_legal_entity_accepts(world, client):
    proposal = proposal_made(world)
    viewer = MembershipFactory(
        client=world.client_a, role=ClientRole.VIEWER, legal_entities=[world.entity_a1]
    ).user
    accept = reverse("proposals:accept", args=[proposal.pk])
    for refused in (viewer, world.manager_a):
        client.force_login(refused)
        assert client.post(accept).status_code == 403
    # A buyer of the other legal entity does not see the proposal at all.
    other = proposal_made(world, contract=ContractFactory(legal_entity=world.entity_a2))
    client.force_login(world.a_buyer)
    assert client.post(reverse("proposals:accept", args=[other.pk])).status_code == 404
    assert not Order.objects.exists()
    assert set(Proposal.objects.values_list("status", flat=True)) == {ProposalStatus.SENT}


def test_staff_cannot_answer_and_clients_cannot_build(world, client):
    proposal = proposal_made(world, send=False)
    product = offered_product(world.contract_a1)
    client.force_login(world.a_admin)
    assert client.get(reverse("proposals:new", args=[world.client_a.pk])).status_code == 403
    # The client does not see a draft at all.
    response = client.post(
        reverse("proposals:line_add", args=[proposal.pk]), {"product_id": product.pk}
    )
    assert response.status_code == 404
    assert proposal.lines.count() == 1


def test_the_product_box_suggests_by_name(world, client):
    proposal = proposal_made(world, send=False)
    offered_product(world.contract_a1, name="Кабель ВВГ 3×2,5")
    client.force_login(world.manager_a)
    response = client.get(reverse("proposals:products", args=[proposal.pk]), {"find": "кабель"})
    assert "Кабель ВВГ 3×2,5" in response.content.decode()


def test_the_list_pages_in_a_fixed_number_of_queries(world, client, django_assert_max_num_queries):
    proposal_made(world)
    client.force_login(world.manager_a)
    url = reverse("proposals:list")
    response = assert_queries_flat(
        lambda: client.get(url),
        grow=lambda: [proposal_made(world) for _ in range(3)],
        ceiling=12,
        assert_max_num_queries=django_assert_max_num_queries,
    )
    assert response.content.decode().count("КП-") >= 4


def test_a_person_who_may_not_order_reads_but_sees_no_buttons(world, client):
    proposal = proposal_made(world)
    viewer = MembershipFactory(
        client=world.client_a, role=ClientRole.VIEWER, legal_entities=[world.entity_a1]
    ).user
    client.force_login(viewer)
    page = _page(client, proposal)
    assert proposal.number in page
    assert "Принять и оформить заказ" not in page
    assert "может сотрудник с правом оформлять заказы" in page


def test_an_expired_proposal_says_so_to_the_client(world, client):
    proposal = proposal_made(world)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Proposal.objects.filter(pk=proposal.pk).update(valid_until=yesterday)
    client.force_login(world.a_admin)
    page = _page(client, proposal)
    assert "Срок действия предложения истёк" in page
    assert "Принять и оформить заказ" not in page


def test_the_client_card_leads_to_a_new_proposal(world, client):
    client.force_login(world.manager_a)
    card = client.get(reverse("clients:card", args=[world.client_a.pk]), follow=True)
    assert reverse("proposals:new", args=[world.client_a.pk]) in card.content.decode()
    chosen = client.get(reverse("proposals:list"), {"new": world.client_a.pk})
    assert chosen.url == reverse("proposals:new", args=[world.client_a.pk])
    form = client.get(chosen.url).content.decode()
    assert str(world.contract_a1) in form


def test_a_new_quantity_is_priced_again_unless_the_manager_set_the_price(world, client):
    """A discount from 10 pieces: raising a line to 10 takes it; a line at the manager's own
    price keeps that price."""
    at_contract = offered_product(world.contract_a1, "1000.00", article="КЛ-1")
    own_price = offered_product(world.contract_a1, "1000.00", article="КЛ-2")
    for product in (at_contract, own_price):
        DiscountRuleFactory(product=product, min_quantity=D("10"), percent=D("10"))
    proposal = proposal_made(world, lines=(), send=False)
    client.force_login(world.manager_a)
    add = reverse("proposals:line_add", args=[proposal.pk])
    client.post(add, {"product_id": at_contract.pk, "quantity": "1"})
    client.post(add, {"product_id": own_price.pk, "quantity": "1", "price": "950"})
    for line in proposal.lines.all():
        change = reverse("proposals:line_change", args=[proposal.pk, line.pk])
        client.post(change, {"quantity": "10"})
    prices = {line.product_id: (line.price, line.contract_price) for line in proposal.lines.all()}
    assert prices[at_contract.pk] == (D("900.00"), D("900.00"))
    assert prices[own_price.pk] == (D("950.00"), D("900.00"))
