"""Claims through the claim page and the API: the shipment's lines, the quantity left to
claim, the fields each claim type needs, photos, the acceptance window, idempotency."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from okno.clients.tests.factories import ContractFactory
from okno.desk.models import Appeal, Attachment, ClaimLine, ClaimTypeRule
from okno.desk.tests.helpers import PNG, b64, claim_body, shipment_rows, shipped_order
from okno.orders.models import ShipmentStatus
from okno.orders.tests.calls import field_of

pytestmark = pytest.mark.django_db
D = Decimal


def _post_claim(client, order, shipment, rows, **extra):
    """The claim page's form with the given {shipment line: {field: value}} rows ticked."""
    data = {"shipment": shipment.pk, "subject": "Пересорт", "text": "Пришло не то."}
    for row, values in rows.items():
        data[f"line-{row.pk}"] = "1"
        for name, value in values.items():
            data[f"{name}-{row.pk}"] = value
    data.update(extra)
    return client.post(reverse("desk:claim_new", args=[order.pk]), data)


def test_order_page_offers_a_claim_and_the_form_lists_the_shipment_lines(client, world, delivered):
    order, shipment = delivered
    client.force_login(world.a_admin)
    page = client.get(reverse("orders:order", args=[order.pk])).content.decode()
    assert reverse("desk:claim_new", args=[order.pk]) in page
    form = client.get(reverse("desk:claim_new", args=[order.pk])).content.decode()
    for row in shipment_rows(shipment):
        assert f'name="line-{row.pk}"' in form
        assert row.order_line.article in form


def test_a_claim_from_the_page_is_stored_with_its_lines_and_number(client, world, delivered):
    order, shipment = delivered
    first, second = shipment_rows(shipment)
    client.force_login(world.a_admin)
    response = _post_claim(
        client,
        order,
        shipment,
        {
            first: {"type": "regrading", "quantity": "3", "received": "ART-X"},
            second: {"type": "shortage", "quantity": "1", "resolution": "replacement"},
        },
    )
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:appeal", args=[appeal.pk])
    assert appeal.number == f"ПР-{appeal.pk:06d}"
    assert (appeal.order_id, appeal.shipment_id, appeal.channel) == (
        order.pk,
        shipment.pk,
        "portal",
    )
    assert appeal.legal_entity_id == order.legal_entity_id
    lines = {line.shipment_line_id: line for line in ClaimLine.objects.all()}
    assert lines[first.pk].expected_article == first.order_line.article
    assert lines[first.pk].received_article == "ART-X"
    assert lines[second.pk].resolution == "replacement"
    assert not appeal.late


def test_claimed_quantity_never_exceeds_shipped_minus_claimed(api, world, delivered):
    order, shipment = delivered
    first = shipment_rows(shipment)[0]  # 10 shipped
    api.as_(world.a_admin)
    line = {"shipment_line_id": first.pk, "claim_type": "shortage"}
    assert (
        api.post(
            "/appeals", claim_body(order, shipment, lines=[{**line, "quantity": "7"}])
        ).status_code
        == 201
    )
    refused = api.post("/appeals", claim_body(order, shipment, lines=[{**line, "quantity": "4"}]))
    assert refused.status_code == 422
    assert field_of(refused) == "lines.0.quantity"
    assert "не больше 3" in refused.json()["detail"][0]["msg"]
    assert (
        api.post(
            "/appeals", claim_body(order, shipment, lines=[{**line, "quantity": "3"}])
        ).status_code
        == 201
    )
    assert ClaimLine.objects.filter(shipment_line=first).count() == 2
    assert Appeal.objects.count() == 2


def test_two_lines_of_one_claim_on_one_row_count_together(api, world, delivered):
    order, shipment = delivered
    first = shipment_rows(shipment)[0]
    line = {"shipment_line_id": first.pk, "claim_type": "shortage", "quantity": "6"}
    response = api.as_(world.a_admin).post(
        "/appeals", claim_body(order, shipment, lines=[line, line])
    )
    assert response.status_code == 422
    assert field_of(response) == "lines.1.quantity"
    assert not Appeal.objects.exists()


@pytest.mark.parametrize(
    ("claim_type", "missing"),
    [
        ("picking_error", "received_article"),
        ("regrading", "received_article"),
        ("expired", "expiry_date"),
        ("defect", "batch"),
        ("breakage", "photos"),
    ],
)
def test_each_claim_type_requires_its_fields(api, world, delivered, claim_type, missing):
    order, shipment = delivered
    first = shipment_rows(shipment)[0]
    line = {"shipment_line_id": first.pk, "claim_type": claim_type, "quantity": "1"}
    response = api.as_(world.a_admin).post("/appeals", claim_body(order, shipment, lines=[line]))
    assert response.status_code == 422
    assert field_of(response) == f"lines.0.{missing}"
    assert first.order_line.article in response.json()["detail"][0]["msg"]
    assert not Appeal.objects.exists()
    assert not Attachment.objects.exists()


def test_a_defect_with_batch_and_photo_is_accepted_with_the_photo_hashed(api, world, delivered):
    order, shipment = delivered
    first = shipment_rows(shipment)[0]
    line = {
        "shipment_line_id": first.pk,
        "claim_type": "defect",
        "quantity": "1",
        "batch": "П-2026-11",
        "photos": [{"name": "брак.png", "content_base64": b64(PNG)}],
    }
    response = api.as_(world.a_admin).post("/appeals", claim_body(order, shipment, lines=[line]))
    assert response.status_code == 201
    photo = Attachment.objects.get()
    assert photo.claim_line == ClaimLine.objects.get()
    assert (photo.name, photo.content_type, photo.size) == ("брак.png", "image/png", len(PNG))
    import hashlib

    assert photo.sha256 == hashlib.sha256(PNG).hexdigest()
    assert photo.file.read() == PNG


def test_a_photo_from_the_page_is_attached_to_its_line(client, world, delivered):
    order, shipment = delivered
    first = shipment_rows(shipment)[0]
    client.force_login(world.a_admin)
    photo = SimpleUploadedFile("бой.jpg", b"\xff\xd8\xff" + b"\x00" * 32, content_type="image/jpeg")
    response = _post_claim(
        client, order, shipment, {first: {"type": "breakage", "quantity": "2", "photos": photo}}
    )
    assert response.status_code == 302
    assert Attachment.objects.get().claim_line.shipment_line_id == first.pk


def test_a_claim_past_the_acceptance_window_is_accepted_and_flagged_late(api, world):
    order, shipment = shipped_order(
        legal_entity=world.entity_a1, contract=world.contract_a1, days_ago=5
    )
    first = shipment_rows(shipment)[0]
    line = {"shipment_line_id": first.pk, "claim_type": "shortage", "quantity": "1"}
    response = api.as_(world.a_admin).post("/appeals", claim_body(order, shipment, lines=[line]))
    assert response.status_code == 201
    body = response.json()
    assert body["late"] is True
    assert "недостача" in body["late_reason"]
    assert "3 дн." in body["late_reason"]
    assert body["lines"][0]["late"] is True
    # Within the defect window the same shipment is on time.
    ClaimTypeRule.objects.filter(claim_type="shortage").update(acceptance_days=None)
    again = api.post("/appeals", claim_body(order, shipment, lines=[line]))
    assert again.json()["late"] is False


def test_late_claim_is_marked_in_the_operators_queue(client, api, world):
    order, shipment = shipped_order(
        legal_entity=world.entity_a1, contract=world.contract_a1, days_ago=30
    )
    api.as_(world.a_admin).post("/appeals", claim_body(order, shipment))
    client.force_login(world.operator)
    page = client.get(reverse("desk:queue")).content.decode()
    assert "поздно" in page


def test_no_claim_on_a_shipment_not_yet_shipped(api, world):
    order, shipment = shipped_order(
        legal_entity=world.entity_a1, contract=world.contract_a1, status=ShipmentStatus.PICKING
    )
    response = api.as_(world.a_admin).post("/appeals", claim_body(order, shipment))
    assert response.status_code == 404 or response.status_code == 409
    assert not Appeal.objects.exists()


def test_no_claim_on_another_clients_order_or_a_line_of_another_shipment(api, world, delivered):
    order, shipment = delivered
    from okno.clients.tests.factories import ContractFactory

    other_order, other_shipment = shipped_order(
        legal_entity=world.entity_b, contract=ContractFactory(legal_entity=world.entity_b)
    )
    api.as_(world.a_admin)
    foreign = api.post("/appeals", claim_body(other_order, other_shipment))
    assert foreign.status_code == 422
    assert field_of(foreign) == "order_id"
    mixed = claim_body(order, shipment)
    mixed["lines"][0]["shipment_line_id"] = shipment_rows(other_shipment)[0].pk
    response = api.post("/appeals", mixed)
    assert response.status_code == 422
    assert field_of(response) == "lines.0.shipment_line_id"
    assert not Appeal.objects.exists()


def test_the_same_external_id_answers_the_claim_made_first(api, world, delivered):
    order, shipment = delivered
    body = claim_body(order, shipment, external_id="CC-77")
    api.as_(world.operator)
    body["client_id"] = world.client_a.pk
    first = api.post("/appeals", body)
    assert first.status_code == 201
    second = api.post("/appeals", body)
    assert second.status_code == 200
    assert second.json()["id"] == first.json()["id"]
    assert Appeal.objects.count() == 1
    assert ClaimLine.objects.count() == 1
    # Another caller's id is their own: a client's person reusing it files a new claim.
    api.as_(world.a_admin)
    assert api.post("/appeals", claim_body(order, shipment, external_id="CC-77")).status_code == 201


def test_the_page_refuses_a_claim_without_lines_and_keeps_the_typed_text(client, world, delivered):
    order, _shipment = delivered
    client.force_login(world.a_admin)
    response = client.post(
        reverse("desk:claim_new", args=[order.pk]), {"subject": "Тема", "text": "Текст письма"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Отметьте хотя бы одну строку" in page
    assert "Текст письма" in page
    assert not Appeal.objects.exists()


def test_an_operator_takes_a_claim_by_phone_from_manual_entry(client, world, delivered):
    order, shipment = delivered
    client.force_login(world.operator)
    found = client.get(
        reverse("desk:staff_new"), {"client": world.client_a.pk, "order": order.number}
    )
    assert found["Location"] == reverse("desk:claim_new", args=[order.pk])
    first = shipment_rows(shipment)[0]
    response = _post_claim(client, order, shipment, {first: {"type": "shortage", "quantity": "1"}})
    appeal = Appeal.objects.get()
    assert response["Location"] == reverse("desk:staff_appeal", args=[appeal.pk])
    assert (appeal.channel, appeal.client_id, appeal.author_id) == (
        "phone",
        world.client_a.pk,
        world.operator.pk,
    )


def test_a_claim_belongs_to_the_orders_legal_entity_whatever_the_person_chose(api, world):
    order, shipment = shipped_order(
        legal_entity=world.entity_a2, contract=ContractFactory(legal_entity=world.entity_a2)
    )
    from okno.clients.models import ClientMembership

    ClientMembership.objects.filter(user=world.a_admin).update(current_legal_entity=world.entity_a1)
    response = api.as_(world.a_admin).post("/appeals", claim_body(order, shipment))
    assert response.status_code == 201
    assert response.json()["legal_entity_id"] == world.entity_a2.pk
    other = api.post("/appeals", claim_body(order, shipment, legal_entity_id=world.entity_a1.pk))
    assert (other.status_code, field_of(other)) == (422, "order_id")
