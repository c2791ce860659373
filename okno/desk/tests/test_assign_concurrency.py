"""Appeals filed at the same moment into one team with a cap, on SQLite and on
PostgreSQL: the team's and the operators' row locks keep every operator at the cap at
most, and the rest wait in the team unassigned."""

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from okno.core.actor import actor_for_user
from okno.core.testing.world import build_world
from okno.desk.defaults import desk_defaults_ensure
from okno.desk.models import Appeal
from okno.desk.services import AppealIn, appeal_create
from okno.desk.tests.assign_helpers import operator, rule, team

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("method", ["least_open", "round_robin"])
def test_concurrent_appeals_never_take_an_operator_past_the_cap(method):
    world = build_world()
    desk_defaults_ensure()
    first, second = operator("Анна"), operator("Борис")
    crew = team("Претензии", [first, second], method=method, cap=2)
    rule("Всё — в претензии", team=crew)
    actor = actor_for_user(world.a_admin)
    errors: list[Exception] = []
    start = threading.Barrier(7)

    def file() -> None:
        start.wait()
        try:
            appeal_create(
                actor=actor,
                data=AppealIn(kind="question", subject="Вопрос", text="-"),
                channel="portal",
            )
        except Exception as error:  # any failure fails the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=file) for _ in range(7)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [], (connection.vendor, errors)
    assigned = Counter(Appeal.objects.values_list("assignee_id", flat=True))
    assert assigned == {first.pk: 2, second.pk: 2, None: 3}, connection.vendor
    assert Appeal.objects.filter(team=crew).count() == 7
