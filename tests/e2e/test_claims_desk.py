"""The claims desk's journey: a client files a claim on a line of a delivered order with a
photo; an operator picks it from the queue, takes it, answers, resolves the line with a
credit note and the claim as resolved; the supervisor finds it in the day's report, and
the credit note is in the client's settlements."""

import pytest
from playwright.sync_api import expect

from okno.accounts.models import StaffRole
from okno.accounts.tests.factories import PASSWORD, StaffFactory, UserFactory
from okno.clients.tests.factories import (
    ClientFactory,
    ContractFactory,
    LegalEntityFactory,
    MembershipFactory,
)
from okno.core.roles import ClientRole
from okno.desk.models import Appeal, AppealStatus, ClaimResolution
from okno.desk.tests.helpers import PNG, shipped_order
from okno.finance.models import DocumentKind, SettlementDocument
from okno.finance.tests.invoice_factories import CompanyRequisitesFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def desk_world(tmp_path):
    """«ТехноСнаб»'s order delivered yesterday (10 × 100,00 ₽ and 4 × 250,00 ₽), its admin,
    an operator and a supervisor of the claims department."""
    CompanyRequisitesFactory()
    client = ClientFactory(name="ТехноСнаб")
    entity = LegalEntityFactory(client=client, name="ООО «ТехноСнаб»")
    contract = ContractFactory(legal_entity=entity, number="ТС-2026/014")
    admin = UserFactory(email="admin@tehnosnab.ru", full_name="Орлова Елена Николаевна")
    MembershipFactory(user=admin, client=client, role=ClientRole.ADMIN, legal_entities=[entity])
    order, _shipment = shipped_order(legal_entity=entity, contract=contract)
    StaffFactory(
        email="operator@okno.test",
        full_name="Васильева Мария Сергеевна",
        staff_role=StaffRole.OPERATOR,
        manager_code=None,
    )
    StaffFactory(
        email="supervisor@okno.test",
        full_name="Белов Кирилл Андреевич",
        staff_role=StaffRole.SUPERVISOR,
        manager_code=None,
    )
    photo = tmp_path / "бой.png"
    photo.write_bytes(PNG)
    return {"order": order, "photo": photo}


def test_a_claim_from_the_client_to_the_supervisors_report(
    page, live_server, login, log_in_tab, screenshot, screenshot_of, browser, desk_world
):
    order = desk_world["order"]
    first_line = order.lines.order_by("pk").first()

    login("admin@tehnosnab.ru", PASSWORD)
    page.goto(f"{live_server.url}/orders/{order.pk}/")
    page.get_by_role("link", name="Подать претензию").click()
    page.wait_for_load_state()
    page.fill("input[name=subject]", "Бой при доставке")
    page.fill("textarea[name=text]", "Две коробки пришли разбитыми.")
    row = page.locator("tr", has=page.locator(f"label:has-text('{first_line.article}')"))
    row.locator("input[type=checkbox]").check()
    row.locator("select[name^=type-]").select_option("breakage")
    row.locator("input[name^=quantity-]").fill("2")
    row.locator("input[name^=photos-]").set_input_files(str(desk_world["photo"]))
    screenshot("1-claim-form")
    page.get_by_role("button", name="Подать претензию").click()
    page.wait_for_load_state()
    appeal = Appeal.objects.get()
    expect(page.locator("h1")).to_contain_text(appeal.number)
    screenshot("2-claim-filed")

    operator = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    desk = operator.new_page()
    log_in_tab(desk, "operator@okno.test")
    desk.goto(f"{live_server.url}/staff/desk/")
    desk.get_by_role("link", name=appeal.number).first.click()
    desk.wait_for_load_state()
    desk.get_by_role("button", name="Взять себе").click()
    desk.wait_for_load_state()
    desk.fill("textarea[name=text]", "Приняли претензию, оформим кредит-ноту.")
    desk.get_by_role("button", name="Отправить", exact=True).click()
    desk.wait_for_load_state()
    expect(desk.locator("body")).to_contain_text("Ответ отправлен клиенту.")
    form = desk.locator("form", has=desk.get_by_role("button", name="Записать решение"))
    form.locator("select[name=kind]").select_option("credit_note")
    form.locator("input[name=quantity]").fill("2")
    form.get_by_role("button", name="Записать решение").click()
    desk.wait_for_load_state()
    status = desk.locator("form", has=desk.get_by_role("button", name="Сменить статус"))
    status.locator("select[name=status]").select_option("resolved")
    status.locator("input[name=reason]").fill("Кредит-нота оформлена")
    status.get_by_role("button", name="Сменить статус").click()
    desk.wait_for_load_state()
    screenshot_of(desk, "3-operator-resolved")
    operator.close()

    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.RESOLVED
    [resolution] = ClaimResolution.objects.filter(claim_line__appeal=appeal)
    assert (resolution.kind, str(resolution.amount)) == ("credit_note", "200.00")
    credit = SettlementDocument.objects.get(kind=DocumentKind.CREDIT_NOTE)
    assert credit.claim_number == appeal.number

    supervisor = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    boss = supervisor.new_page()
    log_in_tab(boss, "supervisor@okno.test")
    boss.goto(f"{live_server.url}/staff/desk/reports/")
    table = boss.locator("table.report-operators")
    expect(table).to_contain_text("Васильева Мария Сергеевна")
    money = boss.locator("table.report-money").first
    expect(money).to_contain_text("200,00")
    screenshot_of(boss, "4-supervisor-report")
    supervisor.close()
