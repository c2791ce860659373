"""Assignment rules applied when an appeal is created, by every channel: a team's turn or
its least loaded operator on shift under its cap, a rule's own operator, rules in their
order by kind, topic, client and the client's manager; nobody free — the appeal waits in
the team; the API's assign, by hand or by the rules."""

import pytest
from django.urls import reverse

from okno.desk.mail.intake import mail_store, mail_take
from okno.desk.models import Appeal, AppealEvent, AppealKind, AppealTopic, EventKind, Mailbox
from okno.desk.tests.assign_helpers import operator, rule, team
from okno.desk.tests.helpers import question
from okno.desk.tests.mailhelpers import letter

pytestmark = pytest.mark.django_db


def _file(api, user, **fields):
    body = {"kind": "question", "subject": "Вопрос", "text": "Где документы?", **fields}
    response = api.as_(user).post("/appeals", body)
    assert response.status_code == 201, response.content
    return Appeal.objects.get(pk=response.json()["id"])


def _routed(appeal: Appeal) -> AppealEvent:
    return AppealEvent.objects.get(appeal=appeal, kind=EventKind.ASSIGNED)


def test_a_team_takes_new_appeals_in_turn_among_operators_on_shift(api, world):
    first, second = operator("Анна"), operator("Борис")
    away = operator("Вера", state="away")
    on_leave = operator("Глеб", state="on_leave")
    questions = team("Вопросы", [first, second, away, on_leave])
    rule("Вопросы — в группу", kind="question", team=questions)
    appeals = [_file(api, world.a_admin) for _ in range(3)]
    assert [appeal.assignee_id for appeal in appeals] == [first.pk, second.pk, first.pk]
    assert {appeal.team_id for appeal in appeals} == {questions.pk}
    logged = _routed(appeals[0])
    assert logged.reason == "Правило «Вопросы — в группу»"
    assert (logged.user_id, logged.body, logged.is_public) == (first.pk, "Вопросы", False)


def test_the_least_loaded_gets_it_and_past_the_cap_it_waits_in_the_team(api, world):
    busy, free = operator("Анна"), operator("Борис")
    question(world.a_admin)  # no rule yet: stays with nobody
    claims_team = team("Претензии", [busy, free], method="least_open", cap=2)
    Appeal.objects.update(assignee=busy)
    rule("Всё — в претензии", team=claims_team)
    appeals = [_file(api, world.a_admin) for _ in range(4)]
    # 1:0, then a tie goes to the first of the team, then 2:1 — and both are at the cap.
    assert [appeal.assignee_id for appeal in appeals] == [free.pk, busy.pk, free.pk, None]
    waiting = appeals[-1]
    assert waiting.team_id == claims_team.pk
    assert _routed(waiting).reason == "Правило «Всё — в претензии»: свободных операторов нет"


def test_rules_are_tried_in_order_by_topic_client_and_manager(api, world):
    vip, others, fallback = operator("Анна"), operator("Борис"), operator("Вера")
    topic = AppealTopic.objects.first()
    rule("Клиенты менеджера А", position=1, manager=world.manager_a, operator=vip)
    rule("Тема", position=0, topic=topic, operator=others)
    rule("Клиент Б", position=2, client=world.client_b, operator=fallback)
    assert _file(api, world.a_admin, topic_id=topic.pk).assignee_id == others.pk
    assert _file(api, world.a_admin).assignee_id == vip.pk
    assert _file(api, world.b_admin).assignee_id == fallback.pk


def test_a_rules_own_operator_away_leaves_the_appeal_unassigned(api, world):
    away = operator("Анна", state="away")
    rule("Анне", kind="question", operator=away)
    appeal = _file(api, world.a_admin)
    assert appeal.assignee_id is None
    assert "свободных операторов нет" in _routed(appeal).reason


def test_a_state_set_until_a_past_moment_is_over(api, world, settings):
    from okno.desk.models import OperatorAvailability

    person = operator("Анна")
    OperatorAvailability.objects.filter(user=person).update(until="2020-01-01T00:00:00Z")
    rule("Анне", operator=person)
    assert _file(api, world.a_admin).assignee_id is None


def test_manual_entry_claims_and_letters_are_routed_too(client, api, world, delivered):
    from okno.desk.tests.helpers import claim_body

    person = operator("Анна")
    rule("Всё Анне", operator=person)
    client.force_login(world.operator)
    kind = AppealKind.objects.get(code="question")
    page = reverse("desk:staff_new") + f"?client={world.client_a.pk}"
    answer = client.post(
        page,
        {
            "client": world.client_a.pk,
            "kind": "question",
            "subject": "Звонок",
            "text": "Спросили про доставку",
            "priority": "normal",
            "channel": "phone",
        },
    )
    assert answer.status_code == 302
    phoned = Appeal.objects.get(channel="phone")
    assert phoned.assignee_id == person.pk
    order, shipment = delivered
    claim = api.as_(world.a_admin).post("/appeals", claim_body(order, shipment)).json()
    assert claim["assignee_id"] == person.pk
    mailbox = Mailbox.objects.create(
        name="Претензии",
        address="claims@okno.local",
        imap_host="127.0.0.1",
        imap_user="desk",
        imap_password="-",
        kind=kind,
    )
    stored = mail_store(mailbox=mailbox, uidvalidity=1, uid=1, raw=letter(sender="x@nowhere.ru"))
    by_mail = mail_take(stored).appeal
    assert (by_mail.channel, by_mail.client_id, by_mail.assignee_id) == ("email", None, person.pk)
    assert _routed(by_mail).reason == "Правило «Всё Анне»"


def test_the_api_assigns_by_hand_and_by_the_rules(api, world):
    person, other = operator("Анна"), operator("Борис")
    appeal = question(world.a_admin)
    api.as_(world.operator)
    by_hand = api.post(f"/appeals/{appeal.pk}/assign", {"assignee_id": other.pk})
    assert by_hand.status_code == 200
    assert by_hand.json()["assignee_id"] == other.pk
    no_rule = api.post(f"/appeals/{appeal.pk}/assign", {"auto": True})
    assert no_rule.status_code == 409
    helpers = team("Дежурные", [person])
    rule("Дежурным", team=helpers)
    auto = api.post(f"/appeals/{appeal.pk}/assign", {"auto": True})
    assert (auto.json()["assignee_id"], auto.json()["team_id"]) == (person.pk, helpers.pk)
    both = api.post(f"/appeals/{appeal.pk}/assign", {"auto": True, "assignee_id": other.pk})
    assert both.status_code == 422
    assert api.as_(world.a_admin).post(f"/appeals/{appeal.pk}/assign", {}).status_code == 403
    assert Appeal.objects.get(pk=appeal.pk).assignee_id == person.pk
    schema = api.get("/openapi.json").json()
    assert "/api/v1/appeals/{appeal_id}/assign" in schema["paths"]


def test_an_administrator_orders_rules_in_the_back_office(client, api, world):
    person = operator("Анна")
    crew = team("Вопросы", [person])
    client.force_login(world.admin)
    add = reverse("admin:desk_assignmentrule_add")
    assert client.get(add).status_code == 200
    kind = AppealKind.objects.get(code="question")
    refused = client.post(add, {"name": "Без цели", "position": 0, "is_active": "on"})
    assert refused.status_code == 200
    saved = client.post(
        add, {"name": "Вопросы", "position": 0, "is_active": "on", "kind": kind.pk, "team": crew.pk}
    )
    assert saved.status_code == 302
    assert "По кругу" in client.get(reverse("admin:desk_team_changelist")).content.decode()
    assert _file(api, world.a_admin).assignee_id == person.pk
