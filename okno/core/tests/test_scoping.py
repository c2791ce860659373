"""visible_to: a client's person sees their client, staff see what their role allows."""

import pytest
from django.http import Http404

from okno.accounts.tests.factories import StaffFactory
from okno.clients.models import Client, Contract, DeliveryAddress, LegalEntity
from okno.clients.tests.factories import MembershipFactory
from okno.core.actor import ANONYMOUS, actor_for_user
from okno.core.roles import ClientRole, StaffRole
from okno.core.scoping import get_visible_and_allowed, get_visible_or_404


def test_client_admin_sees_own_client_and_all_its_legal_entities(world):
    actor = actor_for_user(world.a_admin)
    assert list(Client.objects.visible_to(actor)) == [world.client_a]
    assert set(LegalEntity.objects.visible_to(actor)) == {world.entity_a1, world.entity_a2}


def test_buyer_sees_only_the_legal_entities_they_act_for(world):
    actor = actor_for_user(world.a_buyer)
    assert list(LegalEntity.objects.visible_to(actor)) == [world.entity_a1]
    assert list(Contract.objects.visible_to(actor)) == [world.contract_a1]
    assert list(DeliveryAddress.objects.visible_to(actor)) == [world.address_a1]


def test_manager_sees_only_clients_they_manage(world):
    assert list(Client.objects.visible_to(actor_for_user(world.manager_a))) == [world.client_a]
    assert list(Client.objects.visible_to(actor_for_user(world.manager_b))) == [world.client_b]


def test_roles_that_see_every_client(world):
    for role in (StaffRole.ADMIN, StaffRole.SUPERVISOR):
        actor = actor_for_user(StaffFactory(staff_role=role, manager_code=None))
        assert Client.objects.visible_to(actor).count() == 2, role


def test_operator_integration_and_anonymous_see_no_client_records(world):
    assert not Client.objects.visible_to(actor_for_user(world.operator)).exists()
    integration = StaffFactory(staff_role=StaffRole.INTEGRATION, manager_code=None)
    assert not Client.objects.visible_to(actor_for_user(integration)).exists()
    assert not Contract.objects.visible_to(ANONYMOUS).exists()


def test_get_visible_or_404_is_404_for_foreign_and_missing_alike(world):
    actor = actor_for_user(world.b_admin)
    with pytest.raises(Http404):
        get_visible_or_404(LegalEntity, actor, pk=world.entity_a1.pk)
    with pytest.raises(Http404):
        get_visible_or_404(LegalEntity, actor, pk=10**9)
    with pytest.raises(Http404):
        get_visible_or_404(LegalEntity, actor, pk="not-a-number")
    assert get_visible_or_404(LegalEntity, actor, pk=world.entity_b.pk) == world.entity_b


def test_actor_of_inactive_user_is_anonymous(world):
    world.a_admin.is_active = False
    assert actor_for_user(world.a_admin) == ANONYMOUS


def test_actor_permissions_follow_membership_flags(world):
    buyer = actor_for_user(world.a_buyer)
    assert buyer.can("order.place")
    assert not buyer.can("finance.view")
    assert not buyer.can("colleagues.manage")
    admin = actor_for_user(world.a_admin)
    assert admin.can("colleagues.manage")
    assert admin.current_legal_entity_id in admin.legal_entity_ids


def test_actor_is_built_in_two_queries_for_a_client_person(world, django_assert_num_queries):
    with django_assert_num_queries(2):
        actor_for_user(world.a_buyer)


def test_a_viewer_may_look_but_not_edit(world):
    viewer = MembershipFactory(client=world.client_a, role=ClientRole.VIEWER).user
    actor = actor_for_user(viewer)
    assert not actor.can("profile.edit")
    assert actor_for_user(world.a_buyer).can("profile.edit")


def test_a_legal_entity_of_another_client_on_a_membership_is_ignored(world):
    membership = world.a_buyer.membership
    membership.legal_entities.add(world.entity_b)
    membership.current_legal_entity = world.entity_b
    membership.save(update_fields=["current_legal_entity"])
    actor = actor_for_user(world.a_buyer)
    assert actor.legal_entity_ids == frozenset({world.entity_a1.pk})
    assert actor.current_legal_entity_id == world.entity_a1.pk


def test_filter_given_leaves_out_the_filters_without_a_value(world):
    actor = actor_for_user(world.admin)
    rows = LegalEntity.objects.visible_to(actor)
    assert set(rows.filter_given(client_id=None, is_active=None)) == set(rows)
    assert list(rows.filter_given(client_id=world.client_b.pk, is_active=None)) == [world.entity_b]


def test_get_visible_and_allowed_answers_404_before_the_role_check(world):
    def refuse(actor):
        raise PermissionError

    stranger = actor_for_user(world.manager_b)
    with pytest.raises(Http404):
        get_visible_and_allowed(Client, stranger, require=refuse, pk=world.client_a.pk)
    with pytest.raises(PermissionError):
        get_visible_and_allowed(Client, stranger, require=refuse, pk=world.client_b.pk)
