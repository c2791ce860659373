"""What the sale tests share: an integration with its exchange session, and the orders
XML of `mode=query` read back."""

from __future__ import annotations

from lxml import etree

from okno.accounts.tests.factories import StaffFactory
from okno.core.roles import StaffRole
from okno.exchange.models import ExchangeSession, Integration
from okno.exchange.sale import sale_query

_sessions = iter(range(1, 1_000_000))


def integration_make(**fields) -> Integration:
    user = StaffFactory(staff_role=StaffRole.INTEGRATION)
    return Integration.objects.create(name="1С:УТ 11", user=user, **fields)


def session_open(integration: Integration | None) -> ExchangeSession:
    number = next(_sessions)
    return ExchangeSession.objects.create(
        integration=integration,
        kind=ExchangeSession.Kind.SALE,
        cookie=f"cookie-{number}",
        sessid=f"sessid-{number}",
    )


def query(integration: Integration | None, session: ExchangeSession | None = None):
    """`mode=query` in a new session (or the given one), its documents parsed."""
    answer = sale_query(session=session or session_open(integration)).read()
    return etree.fromstring(answer)


def documents(root) -> list:
    return root.findall("Документ")


def text(element, path: str) -> str:
    found = element.find(path)
    assert found is not None, path
    return found.text or ""


def requisites(element) -> dict[str, str]:
    return {
        text(item, "Наименование"): text(item, "Значение")
        for item in element.findall("ЗначенияРеквизитов/ЗначениеРеквизита")
    }
