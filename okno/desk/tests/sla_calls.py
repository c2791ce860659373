"""Calling the desk as the SLA's tests do: at a moment of Moscow time, an operator filing a
question for client A by phone, and the appeal's `sla` as the API answers it."""

import datetime
from zoneinfo import ZoneInfo

import time_machine

MSK = ZoneInfo("Europe/Moscow")


def msk(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=MSK)


def at(moment: datetime.datetime):
    return time_machine.travel(moment, tick=False)


def due(body: dict, name: str) -> datetime.datetime | None:
    value = body["sla"][name]
    return datetime.datetime.fromisoformat(value) if value else None


def file_question(api, world) -> int:
    response = api.as_(world.operator).post(
        "/appeals",
        {
            "kind": "question",
            "subject": "Где документы?",
            "text": "Клиент звонил.",
            "client_id": world.client_a.pk,
            "channel": "phone",
        },
    )
    assert response.status_code == 201, response.content
    return response.json()["id"]


def detail(api, world, appeal_id: int) -> dict:
    response = api.as_(world.operator).get(f"/appeals/{appeal_id}")
    assert response.status_code == 200
    return response.json()
