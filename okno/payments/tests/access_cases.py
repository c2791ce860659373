"""Cross-client cases for every route of online payment that takes an object id.

Client A of the shared world is made an individual customer with a placed order of its
first legal entity. The order (its page's start and the API's) and the test bank belong to
A's admin (the payer); a refund belongs to A's manager. Client B's admin and B's manager must
get 404 and change nothing.
"""

from okno.clients.models import Client
from okno.core.actor import actor_for_user
from okno.core.testing.access import AccessCase
from okno.payments.services import payment_callback_handle, payment_start
from okno.payments.tests.factories import order_with_lines


def _a_order(w):
    Client.objects.filter(pk=w.client_a.pk).update(kind=Client.Kind.INDIVIDUAL)
    return order_with_lines([("990.00", "1")], legal_entity=w.entity_a1, contract=w.contract_a1)


def _order(w):
    return {"order_id": _a_order(w).pk}


def _pending(w):
    payment, _started = payment_start(actor=actor_for_user(w.a_admin), order=_a_order(w))
    return payment


def _pending_payment(w):
    return {"payment_uuid": _pending(w).uuid}


def _paid_payment(w):
    payment = _pending(w)
    payment_callback_handle(
        provider_name=payment.provider,
        data={"payment_id": payment.provider_payment_id, "status": "paid"},
    )
    return {"payment_uuid": payment.uuid}


CASES = [
    AccessCase("payments:start", _order, methods=("POST",)),
    AccessCase("api:payment_start", _order, data={"method": "sbp"}, owner_status=(201,)),
    AccessCase(
        "payments:test_bank", _pending_payment, methods=("GET", "POST"), data={"outcome": "paid"}
    ),
    AccessCase("payments:payment", _pending_payment),
    AccessCase("payments:refund", _paid_payment, owner="manager_a", methods=("POST",)),
    AccessCase("api:payment_refund", _paid_payment, owner="manager_a"),
]
