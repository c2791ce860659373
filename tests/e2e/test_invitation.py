"""A manager connects a person from the client card; the person sets a password and logs in."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from okno.accounts.models import User
from okno.accounts.tests.factories import PASSWORD, StaffFactory
from okno.clients.tests.factories import ClientFactory, ContractFactory, LegalEntityFactory

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "Zakupki2026x"


@pytest.fixture
def manager_world():
    manager = StaffFactory(email="manager@okno.example", full_name="Петров Алексей Игоревич")
    client = ClientFactory(name="СтройДвор", manager=manager)
    entity = LegalEntityFactory(client=client, name="ООО «СтройДвор»")
    ContractFactory(legal_entity=entity, number="СД-118/2025")
    LegalEntityFactory(client=client, name="ООО «СтройДвор-Урал»")
    return {"manager": manager, "client": client, "entity": entity}


def _invitation_path() -> str:
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/accounts/invite/\S+/", message.body).group(0)
    return urlsplit(link).path


def test_manager_invites_a_person_who_sets_a_password_and_logs_in(
    page, live_server, login, screenshot, manager_world
):
    mail.outbox.clear()
    login("manager@okno.example", PASSWORD)
    client = manager_world["client"]
    page.goto(f"{live_server.url}/staff/clients/{client.pk}/")
    expect(page.get_by_role("heading", name="СтройДвор").first).to_be_visible()
    screenshot("1-card")

    page.get_by_role("link", name="Люди и доступ").click()
    expect(page.locator("#people-panel")).to_be_visible()
    screenshot("2-people-tab")
    page.get_by_role("link", name="Подключить к порталу").click()
    form = page.locator("#person-connect-form")
    expect(form).to_be_visible()
    form.locator("input[name=full_name]").fill("Волкова Наталья Игоревна")
    form.locator("input[name=email]").fill("volkova@stroydvor.ru")
    form.locator("select[name=role]").select_option("buyer")
    form.get_by_label("ООО «СтройДвор»", exact=True).check()
    access = form.locator("input[name=access_allowed]")
    if not access.is_checked():
        access.check()
    screenshot("3-connect-form")
    form.locator("button[type=submit]").click()
    expect(page.locator("#people-panel")).to_contain_text("Волкова Наталья Игоревна")
    # The card's hint of missing data follows the change: someone is connected now.
    expect(page.locator("#card-hints")).not_to_contain_text("не подключён к порталу")
    screenshot("4-connected")

    person = User.objects.get(email="volkova@stroydvor.ru")
    assert person.membership.client == client
    path = _invitation_path()

    page.context.clear_cookies()
    page.goto(live_server.url + path)
    expect(page.locator("body")).to_contain_text("Волкова Наталья Игоревна")
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    page.check("input[name=consent]")
    screenshot("5-invitation")
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page).not_to_have_url(re.compile(r"/accounts/(invite|login)/"))
    expect(page.locator("header, nav").first).to_contain_text("Волкова Наталья Игоревна")
    screenshot("6-after-password")

    page.context.clear_cookies()
    login("volkova@stroydvor.ru", NEW_PASSWORD)
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("body")).to_contain_text("ООО «СтройДвор»")
    screenshot("7-person-cabinet")
