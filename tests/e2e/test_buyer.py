"""A client's buyer logs in, switches the legal entity in the header, edits a delivery address."""

import pytest
from playwright.sync_api import expect

from okno.accounts.tests.factories import PASSWORD, UserFactory
from okno.clients.models import ClientMembership, DeliveryAddress
from okno.clients.tests.factories import (
    ClientFactory,
    ContractFactory,
    DeliveryAddressFactory,
    LegalEntityFactory,
    MembershipFactory,
)
from okno.core.roles import ClientRole

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def buyer_world():
    client = ClientFactory(name="ТехноСнаб")
    first = LegalEntityFactory(client=client, name="ООО «ТехноСнаб»")
    second = LegalEntityFactory(client=client, name="ИП Кузнецов А. В.")
    user = UserFactory(email="buyer@tehnosnab.ru", full_name="Смирнов Павел Андреевич")
    MembershipFactory(
        user=user, client=client, role=ClientRole.BUYER, legal_entities=[first, second]
    )
    ContractFactory(legal_entity=first, number="ТС-2025/014")
    ContractFactory(legal_entity=second, number="ИП-2025/007")
    address = DeliveryAddressFactory(
        legal_entity=first,
        title="Склад в Подольске",
        postal_code="142103",
        city="Подольск",
        address="ул. Комсомольская, д. 1",
        is_default=True,
    )
    DeliveryAddressFactory(
        legal_entity=second,
        title="Магазин",
        postal_code="300041",
        city="Тула",
        address="пр-т Ленина, д. 45",
        is_default=True,
    )
    return {"user": user, "first": first, "second": second, "address": address}


def test_buyer_switches_legal_entity_and_edits_an_address(
    page, live_server, login, screenshot, buyer_world
):
    login("buyer@tehnosnab.ru", PASSWORD)
    expect(page).not_to_have_url(f"{live_server.url}/accounts/login/")
    switch = page.locator("#legal-entity-switch")
    expect(switch).to_contain_text("ООО «ТехноСнаб»")
    screenshot("1-cabinet")

    switch.click()
    page.get_by_role("button", name="ИП Кузнецов А. В.").click()
    page.wait_for_load_state()
    expect(page.locator("#legal-entity-switch")).to_contain_text("ИП Кузнецов А. В.")
    membership = ClientMembership.objects.get(user=buyer_world["user"])
    assert membership.current_legal_entity == buyer_world["second"]
    screenshot("2-switched")

    page.goto(f"{live_server.url}/my/addresses/")
    address = buyer_world["address"]
    page.locator(f'a[href$="/my/addresses/{address.pk}/edit/"]').click()
    form = page.locator("#address-form")
    expect(form).to_be_visible()
    form.locator("input[name=address]").fill("ул. Комсомольская, д. 3, стр. 2")
    form.locator("[name=comment]").fill("Разгрузка с 9:00 до 17:00")
    screenshot("3-address-form")
    form.locator("button[type=submit]").click()
    expect(page.locator("#addresses-panel")).to_contain_text("ул. Комсомольская, д. 3, стр. 2")
    expect(page.locator("#address-form")).to_have_count(0)
    screenshot("4-address-saved")

    address = DeliveryAddress.objects.get(pk=address.pk)
    assert address.address == "ул. Комсомольская, д. 3, стр. 2"
    assert address.comment == "Разгрузка с 9:00 до 17:00"
