"""The operator's appeal page in the browser at 1280 px: the claim lines stay inside their
column (a wide table scrolls in its own box), and two operators with the same appeal open
see each other within one poll, with «пишет ответ» while one types. Neither page is wider
than the window, the client's menu included."""

import pytest
from playwright.sync_api import expect

from okno.accounts.models import StaffRole
from okno.accounts.tests.factories import StaffFactory, UserFactory
from okno.clients.tests.factories import (
    ClientFactory,
    ContractFactory,
    LegalEntityFactory,
    MembershipFactory,
)
from okno.core.roles import ClientRole
from okno.desk.tests.helpers import claim_on, resolve, shipped_order
from okno.finance.tests.invoice_factories import CompanyRequisitesFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def claim():
    """A claim on both lines of a delivered order with long product names, one line partly
    resolved (so the cancel form is in its row), and two operators."""
    CompanyRequisitesFactory()
    client = ClientFactory(name="ТехноСнаб")
    entity = LegalEntityFactory(client=client, name="ООО «ТехноСнаб»")
    contract = ContractFactory(legal_entity=entity, number="ТС-2026/014")
    admin = UserFactory(email="admin@tehnosnab.ru", full_name="Орлова Елена Николаевна")
    MembershipFactory(user=admin, client=client, role=ClientRole.ADMIN, legal_entities=[entity])
    order, shipment = shipped_order(legal_entity=entity, contract=contract)
    for line in order.lines.all():
        line.name = "Перчатки нитриловые неопудренные смотровые размер L, 100 шт. в упаковке"
        line.save(update_fields=["name"])
    first = StaffFactory(
        email="anna@okno.test",
        full_name="Васильева Анна Сергеевна",
        staff_role=StaffRole.OPERATOR,
        manager_code=None,
    )
    StaffFactory(
        email="boris@okno.test",
        full_name="Орлов Борис Петрович",
        staff_role=StaffRole.OPERATOR,
        manager_code=None,
    )
    appeal = claim_on(admin, order, shipment, "2", "3")
    resolve(first, appeal, comment="Кредит-нота на одну коробку по согласованию с менеджером")
    return appeal


_WIDTHS = """() => {
  const table = document.querySelector('table.claim-lines');
  const box = table.parentElement;
  const column = box.closest('section').parentElement.getBoundingClientRect();
  return {
    page: document.documentElement.scrollWidth,
    window: window.innerWidth,
    table: table.scrollWidth,
    box: box.clientWidth,
    tableRight: table.getBoundingClientRect().right,
    columnRight: column.right,
  };
}"""


def _check_fits(page) -> None:
    expect(page.locator("table.claim-lines")).to_be_visible()
    widths = page.evaluate(_WIDTHS)
    assert widths["page"] <= widths["window"], widths
    # The whole table is seen without scrolling its box sideways.
    assert widths["table"] <= widths["box"], widths
    assert widths["tableRight"] <= widths["columnRight"] + 1, widths


def test_the_claim_lines_fit_their_column(page, live_server, log_in_tab, screenshot, claim):
    log_in_tab(page, "anna@okno.test")
    page.goto(f"{live_server.url}/staff/desk/{claim.pk}/")
    screenshot("operator")
    _check_fits(page)
    page.context.clear_cookies()
    log_in_tab(page, "admin@tehnosnab.ru")
    page.goto(f"{live_server.url}/appeals/{claim.pk}/")
    screenshot("client")
    # The cabinet's whole menu, the legal entity and a long name fit too (in two lines).
    _check_fits(page)


def test_two_operators_see_each_other_on_the_appeal(
    page, live_server, log_in_tab, browser, screenshot, screenshot_of, claim
):
    log_in_tab(page, "anna@okno.test")
    page.goto(f"{live_server.url}/staff/desk/{claim.pk}/")
    second = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    boris = second.new_page()
    log_in_tab(boris, "boris@okno.test")
    boris.goto(f"{live_server.url}/staff/desk/{claim.pk}/")
    # Anna's page signalled on load, so Boris's first poll names her.
    expect(boris.locator("#appeal-presence")).to_contain_text("Васильева Анна Сергеевна")
    boris.fill("textarea[name=text]", "Здравствуйте! Проверяем")
    presence = page.locator("#appeal-presence")
    expect(presence).to_contain_text("Орлов Борис Петрович", timeout=30_000)
    expect(presence).to_contain_text("пишет ответ", timeout=30_000)
    screenshot("anna-sees-boris")
    boris.goto(f"{live_server.url}/staff/desk/")
    # Leaving said goodbye: gone by Anna's next poll, well before the freshness window.
    expect(presence).not_to_contain_text("Орлов Борис Петрович", timeout=20_000)
    screenshot_of(boris, "boris-left")
    second.close()
