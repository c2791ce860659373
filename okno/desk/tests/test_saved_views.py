"""Saved views of the queue: kept from the queue's filters, personal or shared, shown as
quick links with their counts (capped), changed by their owner or, shared, a supervisor;
and `GET /api/v1/desk/views`."""

import pytest
from django.urls import reverse

from okno.accounts.tests.factories import StaffFactory
from okno.core.actor import actor_for_user
from okno.core.roles import StaffRole
from okno.desk import tasks
from okno.desk.models import AppealTopic, SavedView, Team
from okno.desk.selectors import views as view_selectors
from okno.desk.services import appeal_assign
from okno.desk.tests.helpers import finish, question

pytestmark = pytest.mark.django_db


def _operator(**fields):
    return StaffFactory(staff_role=StaffRole.OPERATOR, manager_code=None, **fields)


def _save(client, name, *, shared=False, columns=("client", "subject", "status"), **filters):
    data = {"name": name, "sort": filters.pop("sort", "newest"), "shown": list(columns)}
    if shared:
        data["is_shared"] = "1"
    data.update(filters)
    return client.post(reverse("desk:view_create"), data)


def _queue(client, **params):
    return client.get(reverse("desk:queue"), params).content.decode()


def test_the_current_filters_are_kept_as_a_view(client, world):
    topic = AppealTopic.objects.filter(is_active=True).first()
    about_topic = question(world.a_admin, subject="По теме", topic_id=topic.pk)
    other = question(world.a_admin, subject="Без темы")
    client.force_login(world.operator)
    answer = _save(client, "Тема доставки", status="open", topic=str(topic.pk), sort="oldest")
    view = SavedView.objects.get(name="Тема доставки")
    assert answer.status_code == 302
    assert answer["Location"].endswith(f"?view={view.pk}")
    assert view.owner == world.operator
    assert view.filters == {"status": "open", "topic": str(topic.pk)}
    assert (view.sort, view.columns) == ("oldest", ["client", "subject", "status"])
    page = _queue(client, view=view.pk)
    assert about_topic.number in page
    assert other.number not in page
    # Only the view's columns: the channel's header is gone, the subject's is there.
    assert '<th scope="col">Канал</th>' not in page
    assert '<th scope="col">Суть</th>' in page


def test_views_are_quick_links_with_counts(client, world):
    mine = question(world.a_admin)
    question(world.a_admin)
    appeal_assign(actor=actor_for_user(world.operator), appeal=mine, assignee_id=world.operator.pk)
    client.force_login(world.operator)
    _save(client, "Мои открытые", status="open", assignee="me")
    _save(client, "Все открытые", status="open")
    page = _queue(client)
    assert 'Мои открытые <span class="badge text-bg-light desk-view-count">1</span>' in page
    assert 'Все открытые <span class="badge text-bg-light desk-view-count">2</span>' in page


def test_a_count_stops_at_the_cap(client, world, monkeypatch):
    for _n in range(4):
        question(world.a_admin)
    monkeypatch.setattr(view_selectors, "COUNT_CAP", 3)
    client.force_login(world.operator)
    _save(client, "Все", status="")
    assert 'Все <span class="badge text-bg-light desk-view-count">3+</span>' in _queue(client)


def test_counts_are_kept_and_the_worker_takes_them_afresh(client, world):
    question(world.a_admin)
    client.force_login(world.operator)
    _save(client, "Все открытые", status="open")
    assert 'Все открытые <span class="badge text-bg-light desk-view-count">1</span>' in _queue(
        client
    )
    question(world.a_admin)
    # Kept for a while: the queue does not count again on every load.
    assert 'Все открытые <span class="badge text-bg-light desk-view-count">1</span>' in _queue(
        client
    )
    tasks.view_counts_run.call_local()
    assert 'Все открытые <span class="badge text-bg-light desk-view-count">2</span>' in _queue(
        client
    )


def test_a_changed_view_is_counted_at_once(client, world):
    question(world.a_admin)
    client.force_login(world.operator)
    _save(client, "Открытые", status="open")
    view = SavedView.objects.get()
    assert 'desk-view-count">1</span>' in _queue(client)
    client.post(
        reverse("desk:view_edit", args=[view.pk]),
        {"name": "Открытые", "sort": "newest", "shown": ["client"], "replace_filters": "1"}
        | {"status": "resolved"},
    )
    view.refresh_from_db()
    assert view.filters["status"] == "resolved"
    assert 'desk-view-count">0</span>' in _queue(client)


def test_the_worker_counts_mine_for_each_operator(client, world):
    colleague = _operator(full_name="Коллега")
    appeal = question(world.a_admin)
    appeal_assign(actor=actor_for_user(colleague), appeal=appeal, assignee_id=colleague.pk)
    client.force_login(colleague)
    client.force_login(world.operator)  # both signed in today
    _save(client, "Мои", shared=True, status="open", assignee="me")
    assert tasks.view_counts_run.call_local() is None
    assert 'desk-view-count">0</span>' in _queue(client)
    client.force_login(colleague)
    assert 'desk-view-count">1</span>' in _queue(client)


def test_a_shared_view_is_everyones_and_me_means_whoever_opens_it(client, world):
    colleague = _operator(full_name="Коллега")
    appeal = question(world.a_admin)
    appeal_assign(actor=actor_for_user(colleague), appeal=appeal, assignee_id=colleague.pk)
    client.force_login(world.operator)
    _save(client, "Мои", shared=True, status="open", assignee="me")
    _save(client, "Свой вид", status="open")
    view = SavedView.objects.get(name="Мои")
    assert appeal.number not in _queue(client, view=view.pk)
    client.force_login(colleague)
    page = _queue(client)
    assert ">Мои <span" in page
    assert "Свой вид" not in page
    assert appeal.number in _queue(client, view=view.pk)


def test_the_owner_renames_and_deletes_a_view(client, world):
    client.force_login(world.operator)
    _save(client, "Старое имя", status="open")
    view = SavedView.objects.get()
    assert client.get(reverse("desk:view_edit", args=[view.pk])).status_code == 200
    answer = client.post(
        reverse("desk:view_edit", args=[view.pk]),
        {"name": "Новое имя", "sort": "due", "shown": ["sla", "client"], "is_shared": "1"},
    )
    assert answer.status_code == 302
    view.refresh_from_db()
    assert (view.name, view.sort, view.columns, view.is_shared) == (
        "Новое имя",
        "due",
        ["client", "sla"],
        True,
    )
    assert view.filters == {"status": "open"}
    client.post(reverse("desk:view_delete", args=[view.pk]))
    assert not SavedView.objects.exists()


def test_the_queues_filters_replace_a_views_own(client, world):
    team = Team.objects.create(name="Москва")
    client.force_login(world.operator)
    _save(client, "Вид", status="open")
    view = SavedView.objects.get()
    page = _queue(client, view=view.pk, status="new", team=team.pk)
    assert "Сохранить фильтры в вид «Вид»" in page
    client.post(
        reverse("desk:view_edit", args=[view.pk]),
        {
            "name": "Вид",
            "sort": "newest",
            "shown": ["client"],
            "status": "new",
            "team": str(team.pk),
            "replace_filters": "1",
        },
    )
    view.refresh_from_db()
    assert view.filters == {"status": "new", "team": str(team.pk)}


def test_a_colleagues_shared_view_is_changed_only_by_a_supervisor(client, world):
    colleague = _operator()
    supervisor = StaffFactory(staff_role=StaffRole.SUPERVISOR, manager_code=None)
    client.force_login(colleague)
    _save(client, "Общий", shared=True, status="open")
    _save(client, "Личный", status="open")
    shared = SavedView.objects.get(name="Общий")
    personal = SavedView.objects.get(name="Личный")
    client.force_login(world.operator)
    edit = {"name": "Чужое", "sort": "newest", "shown": ["client"]}
    assert client.post(reverse("desk:view_edit", args=[shared.pk]), edit).status_code == 403
    assert client.post(reverse("desk:view_delete", args=[shared.pk])).status_code == 403
    assert client.post(reverse("desk:view_edit", args=[personal.pk]), edit).status_code == 404
    shared.refresh_from_db()
    assert shared.name == "Общий"
    client.force_login(supervisor)
    assert client.post(reverse("desk:view_edit", args=[shared.pk]), edit).status_code == 302
    shared.refresh_from_db()
    assert shared.name == "Чужое"
    assert client.post(reverse("desk:view_edit", args=[personal.pk]), edit).status_code == 404


def test_a_view_needs_a_name_and_known_columns(client, world):
    client.force_login(world.operator)
    _save(client, "", status="open")
    _save(client, "Колонки", columns=("nonsense",), status="open")
    assert not SavedView.objects.exists()


def test_the_api_lists_own_and_shared_views_with_counts(api, world, client):
    colleague = _operator()
    question(world.a_admin)
    finish(world.operator, question(world.a_admin))
    client.force_login(colleague)
    _save(client, "Общий", shared=True, status="")
    _save(client, "Скрытый", status="")
    client.force_login(world.operator)
    _save(client, "Открытые", status="open")
    answer = api.as_(world.operator).get("/desk/views")
    assert answer.status_code == 200
    items = {item["name"]: item for item in answer.json()["items"]}
    assert set(items) == {"Общий", "Открытые"}
    assert (items["Общий"]["count"], items["Общий"]["count_more"]) == (2, False)
    assert items["Общий"]["mine"] is False
    assert items["Общий"]["may_change"] is False
    assert (items["Открытые"]["count"], items["Открытые"]["mine"]) == (1, True)
    assert items["Открытые"]["filters"] == {"status": "open"}
    assert api.as_(world.a_admin).get("/desk/views").status_code == 403
    assert api.as_(world.manager_b).get("/desk/views").status_code == 403
    schema = api.as_(world.operator).get("/openapi.json").json()
    assert "/api/v1/desk/views" in schema["paths"]
    assert "/api/v1/appeals/bulk" in schema["paths"]
