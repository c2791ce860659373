"""Routes of the quick order that take an object id: the API's cart."""

from okno.core.actor import actor_for_user
from okno.core.testing.access import AccessCase
from okno.orders.services.carts import cart_active


def _cart_of_client_a(world) -> dict:
    cart = cart_active(actor=actor_for_user(world.a_admin), legal_entity_id=world.entity_a1.pk)
    return {"cart_id": cart.pk}


CASES = [
    AccessCase(
        route="api:carts_quick_order",
        kwargs=_cart_of_client_a,
        owner="a_admin",
        data={"text": "АБ-12;5", "apply": True},
    ),
]
