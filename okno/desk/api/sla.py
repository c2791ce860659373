"""The SLA object of an appeal in the API: its due times, state and business time left."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from okno.desk.selectors.sla import SlaView

SlaStateName = Literal["ok", "warning", "breached", "paused", "met"]


class SlaOut(Schema):
    first_response_due: dt.datetime | None = Field(
        description="When the first answer is due (null once given, or while paused)."
    )
    next_response_due: dt.datetime | None = Field(
        description="When the answer to the client's latest message is due."
    )
    resolution_due: dt.datetime | None = Field(
        description="When the appeal is due to be resolved (null once resolved, or paused)."
    )
    state: SlaStateName
    state_name: str
    left_seconds: int | None = Field(
        description="Business time to the nearest due time, in seconds; negative past it."
    )
    paused_for: str = Field(description="The reason of the pause in force, if any.")
    policy: str


def sla_out(sla: SlaView) -> dict:
    return {
        "first_response_due": sla.first_response_due,
        "next_response_due": sla.next_response_due,
        "resolution_due": sla.resolution_due,
        "state": sla.state,
        "state_name": sla.state_name,
        "left_seconds": sla.left_seconds,
        "paused_for": sla.paused_for,
        "policy": sla.policy,
    }
