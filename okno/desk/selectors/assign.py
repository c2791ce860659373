"""Reads of assignment: the supervisor's board of operators."""

from __future__ import annotations

from dataclasses import dataclass

from okno.accounts.models import User
from okno.desk.models import OperatorAvailability
from okno.desk.services.assign import open_loads
from okno.desk.services.rules import desk_staff


@dataclass(frozen=True)
class OperatorRow:
    user: User
    availability: OperatorAvailability | None
    state: str
    open_count: int


def operators_board() -> list[OperatorRow]:
    """Every operator of the desk with their current state and open appeals (three
    queries, whatever the number of operators)."""
    people = desk_staff()
    ids = [person.pk for person in people]
    availability = {
        row.user_id: row for row in OperatorAvailability.objects.filter(user_id__in=ids)
    }
    loads = open_loads(ids)
    return [
        OperatorRow(
            user=person,
            availability=availability.get(person.pk),
            state=availability[person.pk].current() if person.pk in availability else "away",
            open_count=loads.get(person.pk, 0),
        )
        for person in people
    ]
