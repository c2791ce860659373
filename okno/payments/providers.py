"""Payment providers: the interface a bank's acquiring is wrapped in, the registry that
picks one by its name (`settings.OKNO_PAYMENT_PROVIDER`), and the test provider.

A provider starts a payment by the method the person chose (a card or СБП), answering where
to send the person: a redirect address or a form to post to the bank; reads the bank's
notification into a `CallbackResult`, asks the bank what became of a payment (`fetch`),
and returns money. It never writes to the database: `okno.payments.services` does, under row locks,
whatever the provider answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.translation import gettext as _

from okno.core.errors import DomainError, InvalidInput

if TYPE_CHECKING:
    from okno.payments.models import Payment

PAID, FAILED = "paid", "failed"
# What the bank may say besides: the money is still on its way; the money went back.
PENDING, REFUNDED = "pending", "refunded"
CARD, SBP = "card", "sbp"


class ProviderUnavailable(DomainError):
    """The payment service did not answer, or answered with an error of its own: the person
    is told to try later, the details go to the log."""

    status = 503

    def __init__(self, detail: str = ""):
        super().__init__(
            _("Платёжный сервис недоступен, попробуйте позже."), code="provider_unavailable"
        )
        self.detail = detail


@dataclass(frozen=True)
class StartResult:
    """Where the person goes to pay: `redirect_url`, or a form posted to `form_action`
    with `form_fields`. `provider_payment_id` is the bank's id of the payment, if it gave
    one at the start."""

    redirect_url: str = ""
    form_action: str = ""
    form_fields: Mapping[str, str] = field(default_factory=dict)
    provider_payment_id: str = ""


@dataclass(frozen=True)
class CallbackResult:
    """What the bank says of a payment: paid, failed, still pending or refunded (`outcome`),
    why it failed, the amount it took (None when it does not say) and the raw data as it
    came, for the log."""

    provider_payment_id: str
    outcome: str
    failure_reason: str = ""
    payload: Mapping[str, Any] = field(default_factory=dict)
    amount: Decimal | None = None


class PaymentProvider(Protocol):
    """A bank's acquiring. `handle_callback` must prove the data came from the bank (a
    signature, a request back to the bank) and refuse anything else with `InvalidInput`."""

    name: str
    methods: tuple[str, ...]

    def start(self, payment: Payment) -> StartResult:
        """Start paying `payment` by `payment.method`; `ProviderUnavailable` if the bank
        does not answer. Called again for the same payment, the bank must not start a
        second one (an idempotence key)."""
        ...

    def handle_callback(self, data: Mapping[str, Any]) -> CallbackResult: ...

    def fetch(self, payment: Payment) -> CallbackResult | None:
        """What the bank says of the payment now, or None if it cannot be asked."""
        ...

    def refund(self, payment: Payment, amount: Decimal) -> None: ...


class TestProvider:
    """A bank that takes no money: the person is sent to a page of the portal itself where
    they choose «Оплатить» or «Отказ»; that page hands the choice to the callback in-process.
    Only payments started with it can be settled there."""

    name = "test"
    methods: tuple[str, ...] = (CARD, SBP)
    __test__ = False  # not a pytest test class, whatever its name says

    def start(self, payment: Payment) -> StartResult:
        return StartResult(
            redirect_url=reverse("payments:test_bank", kwargs={"payment_uuid": payment.uuid}),
            provider_payment_id=f"test-{payment.uuid}",
        )

    def handle_callback(self, data: Mapping[str, Any]) -> CallbackResult:
        payment_id = str(data.get("payment_id") or "")
        outcome = data.get("status")
        if not payment_id or outcome not in (PAID, FAILED):
            raise InvalidInput(_("Непонятный ответ платёжного сервиса."), field="status")
        reason = _("Отказ в тестовом банке.") if outcome == FAILED else ""
        return CallbackResult(
            provider_payment_id=payment_id,
            outcome=str(outcome),
            failure_reason=reason,
            payload=dict(data),
        )

    def fetch(self, payment: Payment) -> CallbackResult | None:
        """The test bank is its own page: there is nothing to ask it."""
        return None

    def refund(self, payment: Payment, amount: Decimal) -> None:
        """The test bank has no money to return: the refund always succeeds."""


_REGISTRY: dict[str, Callable[[], PaymentProvider]] = {TestProvider.name: TestProvider}


def register_provider(name: str, factory: Callable[[], PaymentProvider]) -> None:
    """Make a provider available under `name` (a bank's module calls this on import)."""
    _REGISTRY[name] = factory


def provider_for(name: str | None = None) -> PaymentProvider:
    """The provider registered as `name`, by default the one the settings choose."""
    chosen = name or settings.OKNO_PAYMENT_PROVIDER
    try:
        factory = _REGISTRY[chosen]
    except KeyError as missing:
        raise ImproperlyConfigured(f"unknown payment provider {chosen!r}") from missing
    return factory()
