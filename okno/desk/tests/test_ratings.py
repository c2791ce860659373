"""The client's rating of a resolved appeal (CSAT): once finished, 1–5 with a comment,
changed only within the reopen window; staff see it on the appeal page, in the queue (a
column and a filter) and in the API."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from okno.desk.models import Appeal, AppealEvent, EventKind
from okno.desk.tests.helpers import finish, question
from okno.orders.tests.calls import field_of

pytestmark = pytest.mark.django_db


def _rate(client, appeal, **data):
    return client.post(reverse("desk:appeal_rating", args=[appeal.pk]), data, follow=True)


def test_the_client_rates_a_finished_appeal_on_its_page(client, world):
    appeal = question(world.a_admin)
    client.force_login(world.a_admin)
    page = client.get(reverse("desk:appeal", args=[appeal.pk])).content.decode()
    assert reverse("desk:appeal_rating", args=[appeal.pk]) not in page
    early = _rate(client, appeal, score="5")
    assert "решённое или закрытое" in early.content.decode()
    finish(world.operator, appeal)
    page = client.get(reverse("desk:appeal", args=[appeal.pk])).content.decode()
    assert "Оцените, как решили ваше обращение" in page
    answer = _rate(client, appeal, score="4", comment="Долго, но решили")
    assert "Спасибо за оценку." in answer.content.decode()
    appeal.refresh_from_db()
    assert (appeal.csat_score, appeal.csat_comment) == (4, "Долго, но решили")
    assert (
        AppealEvent.objects.filter(appeal=appeal, kind=EventKind.RATED).get().body.startswith("4/5")
    )


def test_the_rating_may_change_within_the_reopen_window_only(client, world):
    appeal = finish(world.operator, question(world.a_admin))
    client.force_login(world.a_admin)
    _rate(client, appeal, score="2")
    _rate(client, appeal, score="5", comment="Передумал: всё хорошо")
    appeal.refresh_from_db()
    assert appeal.csat_score == 5
    late = timezone.now() - datetime.timedelta(days=settings.OKNO_DESK_REOPEN_DAYS + 1)
    Appeal.objects.filter(pk=appeal.pk).update(finished_at=late)
    page = client.get(reverse("desk:appeal", args=[appeal.pk])).content.decode()
    assert reverse("desk:appeal_rating", args=[appeal.pk]) not in page
    assert "Ваша оценка" in page
    answer = _rate(client, appeal, score="1")
    assert "Оценку можно изменить в течение" in answer.content.decode()
    appeal.refresh_from_db()
    assert appeal.csat_score == 5
    assert AppealEvent.objects.filter(appeal=appeal, kind=EventKind.RATED).count() == 2


def test_an_appeal_finished_long_ago_may_still_be_rated_once(api, world):
    appeal = finish(world.operator, question(world.a_admin), to="closed")
    late = timezone.now() - datetime.timedelta(days=settings.OKNO_DESK_REOPEN_DAYS + 5)
    Appeal.objects.filter(pk=appeal.pk).update(finished_at=late)
    first = api.as_(world.a_admin).post(f"/appeals/{appeal.pk}/rating", {"score": 3})
    assert first.status_code == 200
    assert first.json()["csat"]["score"] == 3
    again = api.post(f"/appeals/{appeal.pk}/rating", {"score": 5})
    assert again.status_code == 409


def test_bad_scores_and_staff_are_refused(api, world, client):
    appeal = finish(world.operator, question(world.a_admin))
    for score in (0, 6):
        answer = api.as_(world.a_admin).post(f"/appeals/{appeal.pk}/rating", {"score": score})
        assert answer.status_code == 422
        assert field_of(answer) == "score"
    by_operator = api.as_(world.operator).post(f"/appeals/{appeal.pk}/rating", {"score": 5})
    assert by_operator.status_code == 403
    client.force_login(world.operator)
    assert (
        client.post(reverse("desk:appeal_rating", args=[appeal.pk]), {"score": "5"}).status_code
        == 403
    )
    appeal.refresh_from_db()
    assert appeal.csat_score is None


def test_staff_see_ratings_on_the_appeal_in_the_queue_and_filter_by_them(api, world, client):
    good = finish(world.operator, question(world.a_admin, subject="Хорошо"))
    bad = finish(world.operator, question(world.a_admin, subject="Плохо"))
    unrated = finish(world.operator, question(world.a_admin, subject="Молча"))
    api.as_(world.a_admin).post(f"/appeals/{good.pk}/rating", {"score": 5, "comment": "Спасибо"})
    api.post(f"/appeals/{bad.pk}/rating", {"score": 1, "comment": "Плохо ответили"})
    client.force_login(world.operator)
    page = client.get(reverse("desk:staff_appeal", args=[bad.pk])).content.decode()
    assert "1/5" in page
    assert "Плохо ответили" in page

    def queue(**params):
        return client.get(reverse("desk:queue"), {"status": "", **params}).content.decode()

    everything = queue()
    assert "5/5" in everything
    assert "1/5" in everything
    low = queue(csat="1")
    assert bad.number in low
    assert good.number not in low
    rated = queue(csat="rated")
    assert good.number in rated
    assert unrated.number not in rated
    without = queue(csat="unrated")
    assert unrated.number in without
    assert good.number not in without
    listed = api.as_(world.operator).get("/appeals", {"csat": "5"}).json()["items"]
    assert [item["number"] for item in listed] == [good.number]
    assert listed[0]["csat"]["comment"] == "Спасибо"
