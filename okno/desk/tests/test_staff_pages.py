"""The operators' workspace: the queue's search and filters, manual entry by phone, the
appeal page with its order, status moves with a reason, assignment, watchers."""

import re

import pytest
from django.urls import reverse

from okno.accounts.tests.factories import StaffFactory
from okno.clients.tests.factories import ContactFactory
from okno.core.roles import StaffRole
from okno.desk.models import Appeal, AppealEvent, AppealStatus, Team
from okno.desk.tests.helpers import claim_body, question

pytestmark = pytest.mark.django_db
S = AppealStatus


def _queue(client, **params):
    return client.get(reverse("desk:queue"), params).content.decode()


def test_the_queue_is_the_desks_only(client, world):
    question(world.a_admin)
    client.force_login(world.manager_a)
    assert client.get(reverse("desk:queue")).status_code == 403
    client.force_login(world.operator)
    assert "Обращения клиентов" in _queue(client)


def test_the_queue_finds_by_number_client_inn_order_and_text(client, world, api, delivered):
    order, shipment = delivered
    plain = question(world.a_admin, subject="Вопрос про сертификаты")
    claim = Appeal.objects.get(
        pk=api.as_(world.a_admin).post("/appeals", claim_body(order, shipment)).json()["id"]
    )
    other = question(world.b_admin, subject="Другой клиент")
    client.force_login(world.operator)
    by_number = _queue(client, q=plain.number)
    assert plain.number in by_number
    assert claim.number not in by_number
    assert plain.number in _queue(client, q=str(plain.pk))
    by_order = _queue(client, q=order.number)
    assert claim.number in by_order
    assert plain.number not in by_order
    by_inn = _queue(client, q=world.entity_b.inn)
    assert other.number in by_inn
    assert plain.number not in by_inn
    by_client = _queue(client, q="Клиент А")
    assert plain.number in by_client
    assert other.number not in by_client
    by_text = _queue(client, q="сертификат")
    assert plain.number in by_text
    assert claim.number not in by_text
    # Words in any case, and as short as two letters (below a trigram).
    assert plain.number in _queue(client, q="СЕРТИФИКАТЫ")
    assert plain.number in _queue(client, q="ро")
    assert plain.number not in _queue(client, q="сертификат на")


def test_the_queue_filters_by_status_kind_channel_and_assignee(client, world, api, delivered):
    order, shipment = delivered
    plain = question(world.a_admin)
    claim_id = api.as_(world.a_admin).post("/appeals", claim_body(order, shipment)).json()["id"]
    claim = Appeal.objects.get(pk=claim_id)
    client.force_login(world.operator)
    client.post(reverse("desk:staff_assign", args=[plain.pk]), {"assignee": "me"})
    # A claim is resolved once each of its lines is.
    client.post(
        reverse("desk:staff_resolve", args=[claim.pk]),
        {"claim_line": claim.claim_lines.get().pk, "kind": "refund", "quantity": "2"},
    )
    client.post(
        reverse("desk:staff_status", args=[claim.pk]),
        {"status": "resolved", "reason": "Вернули деньги"},
    )
    open_queue = _queue(client)
    assert plain.number in open_queue
    assert claim.number not in open_queue
    assert claim.number in _queue(client, status="resolved")
    everything = _queue(client, status="")
    assert plain.number in everything
    assert claim.number in everything
    claim_kind = claim.kind_id
    by_kind = _queue(client, status="", kind=claim_kind)
    assert claim.number in by_kind
    assert plain.number not in by_kind
    assert plain.number in _queue(client, channel="portal")
    assert plain.number not in _queue(client, channel="phone")
    mine = _queue(client, assignee="me")
    assert plain.number in mine
    assert plain.number not in _queue(client, assignee="none")


def test_manual_entry_finds_the_client_by_name_inn_and_phone(client, world):
    ContactFactory(client=world.client_a, full_name="Петров", phone="+79161234567")
    client.force_login(world.operator)
    for term in ("Клиент А", world.entity_a1.inn, "8 (916) 123-45-67"):
        page = client.get(reverse("desk:staff_new"), {"q": term}).content.decode()
        assert f"?client={world.client_a.pk}" in page, term
        assert f"?client={world.client_b.pk}" not in page, term


def test_manual_entry_takes_down_a_phone_call(client, world):
    contact = ContactFactory(client=world.client_a, full_name="Петров")
    client.force_login(world.operator)
    form = client.get(reverse("desk:staff_new"), {"client": world.client_a.pk}).content.decode()
    assert "Петров" in form
    response = client.post(
        reverse("desk:staff_new") + f"?client={world.client_a.pk}",
        {
            "client": world.client_a.pk,
            "kind": "request",
            "subject": "Нужен акт сверки",
            "text": "Позвонил бухгалтер.",
            "priority": "high",
            "channel": "phone",
            "legal_entity": world.entity_a1.pk,
            "contact": contact.pk,
        },
    )
    appeal = Appeal.objects.get()
    assert response["Location"] == reverse("desk:staff_appeal", args=[appeal.pk])
    assert (appeal.channel, appeal.priority, appeal.contact_id, appeal.author_id) == (
        "phone",
        "high",
        contact.pk,
        world.operator.pk,
    )


def test_the_appeal_page_shows_the_order_shipment_lines_and_history(client, world, api, delivered):
    order, shipment = delivered
    claim_id = api.as_(world.a_admin).post("/appeals", claim_body(order, shipment)).json()["id"]
    client.force_login(world.operator)
    page = client.get(reverse("desk:staff_appeal", args=[claim_id])).content.decode()
    assert order.number in page
    assert shipment.number in page
    for line in order.lines.all():
        assert line.article in page
    assert "Не хватило коробок." in page
    assert "Недостача" in page


def test_status_moves_follow_the_state_machine_and_need_a_reason(client, world):
    appeal = question(world.a_admin)
    client.force_login(world.operator)
    url = reverse("desk:staff_status", args=[appeal.pk])
    client.post(url, {"status": "in_progress", "reason": ""})
    appeal.refresh_from_db()
    assert appeal.status == S.NEW
    client.post(url, {"status": "reopened", "reason": "Почему бы нет"})
    appeal.refresh_from_db()
    assert appeal.status == S.NEW
    client.post(url, {"status": "resolved", "reason": "Ответили по телефону"})
    appeal.refresh_from_db()
    assert appeal.status == S.RESOLVED
    assert appeal.finished_at is not None
    step = AppealEvent.objects.filter(appeal=appeal, kind="status").get()
    assert (step.from_status, step.to_status, step.reason, step.author_id) == (
        S.NEW,
        S.RESOLVED,
        "Ответили по телефону",
        world.operator.pk,
    )
    response = client.post(url, {"status": "in_progress", "reason": "x"}, follow=True)
    assert "перевести нельзя" in response.content.decode()


def test_a_manager_of_the_client_may_read_but_not_work_the_appeal(client, world):
    appeal = question(world.a_admin)
    client.force_login(world.manager_a)
    assert client.get(reverse("desk:staff_appeal", args=[appeal.pk])).status_code == 403
    response = client.post(
        reverse("desk:staff_status", args=[appeal.pk]), {"status": "closed", "reason": "x"}
    )
    assert response.status_code == 403
    appeal.refresh_from_db()
    assert appeal.status == S.NEW


def test_assign_take_and_team(client, world):
    appeal = question(world.a_admin)
    colleague = StaffFactory(staff_role=StaffRole.OPERATOR, manager_code=None)
    team = Team.objects.create(name="Претензии Москва")
    client.force_login(world.operator)
    url = reverse("desk:staff_assign", args=[appeal.pk])
    client.post(url, {"assignee": "me"})
    appeal.refresh_from_db()
    assert appeal.assignee_id == world.operator.pk
    client.post(url, {"assignee": colleague.pk, "team": team.pk})
    appeal.refresh_from_db()
    assert (appeal.assignee_id, appeal.team_id) == (colleague.pk, team.pk)
    client.post(url, {"assignee": world.manager_a.pk})
    appeal.refresh_from_db()
    assert appeal.assignee_id == colleague.pk  # a manager is not a desk operator
    assigned = AppealEvent.objects.filter(appeal=appeal, kind="assigned")
    assert [event.user_id for event in assigned] == [world.operator.pk, colleague.pk]
    assert all(not event.is_public for event in assigned)


def test_watchers_are_added_and_removed_with_the_log(client, world):
    appeal = question(world.a_admin)
    client.force_login(world.operator)
    url = reverse("desk:staff_watchers", args=[appeal.pk])
    client.post(url, {"user": world.manager_a.pk, "watching": "1"})
    client.post(url, {"user": world.manager_a.pk, "watching": "1"})
    assert list(appeal.watchers.all()) == [world.manager_a]
    page = client.get(reverse("desk:staff_appeal", args=[appeal.pk])).content.decode()
    assert "Менеджер А" in page
    client.post(url, {"user": world.manager_a.pk, "watching": "0"})
    assert not appeal.watchers.exists()
    kinds = list(AppealEvent.objects.filter(appeal=appeal).values_list("kind", flat=True))
    assert kinds == ["created", "watcher_added", "watcher_removed"]
    client.post(url, {"user": world.a_admin.pk, "watching": "1"})
    assert not appeal.watchers.exists()  # only staff watch


def test_events_are_append_only(world):
    appeal = question(world.a_admin)
    event = AppealEvent.objects.get(appeal=appeal)
    event.body = "changed"
    with pytest.raises(ValueError, match="append-only"):
        event.save()


def _active_items(html: str) -> list[str]:
    """The main menu's items marked as the current page, by their address."""
    menu = html.split('id="main"')[0]
    return re.findall(r'<a class="nav-link active[^"]*" href="([^"]+)"', menu)


@pytest.mark.parametrize(
    ("page", "item"),
    [
        ("desk:queue", "desk:queue"),
        ("desk:chat", "desk:chat"),
        ("desk:reports", "desk:reports"),
        ("desk:operators", "desk:queue"),
    ],
)
def test_the_navigation_marks_the_pages_own_item(client, world, page, item):
    client.force_login(StaffFactory(staff_role=StaffRole.SUPERVISOR, manager_code=None))
    html = client.get(reverse(page)).content.decode()
    assert _active_items(html) == [reverse(item)]


def test_the_appeal_page_is_under_the_appeals_item(client, world):
    appeal = question(world.a_admin)
    client.force_login(world.operator)
    html = client.get(reverse("desk:staff_appeal", args=[appeal.pk])).content.decode()
    assert _active_items(html) == [reverse("desk:queue")]


def test_a_long_queue_is_counted_up_to_its_cap(client, world, monkeypatch):
    """Years of history are not counted on every page: past the cap the pager says so,
    and every page up to it is there."""
    from okno.desk.views import staff

    monkeypatch.setattr(staff, "PAGE_SIZE", 2)
    monkeypatch.setattr(staff, "QUEUE_COUNT_CAP", 4)
    appeals = [question(world.a_admin, subject=f"Вопрос {n}") for n in range(5)]
    client.force_login(world.operator)
    first = _queue(client)
    assert "1 из 2 и далее" in first
    assert appeals[-1].number in first
    last = _queue(client, page=2)
    assert "2 из 2 и далее" in last
    assert appeals[1].number in last
    assert appeals[0].number not in last
    monkeypatch.setattr(staff, "QUEUE_COUNT_CAP", 10)
    assert "1 из 3</span>" in _queue(client)
