"""The desk's models: appeals with their log and files (`appeals`), claim lines and the
claim types' rules (`claims`)."""

from okno.desk.models.appeals import (
    Appeal,
    AppealEvent,
    AppealKind,
    AppealTopic,
    Attachment,
    Channel,
    Direction,
    EventKind,
    Priority,
    Team,
)
from okno.desk.models.claims import ClaimLine, ClaimType, ClaimTypeRule, Resolution
from okno.desk.states import AppealStatus

__all__ = [
    "Appeal",
    "AppealEvent",
    "AppealKind",
    "AppealStatus",
    "AppealTopic",
    "Attachment",
    "Channel",
    "ClaimLine",
    "ClaimType",
    "ClaimTypeRule",
    "Direction",
    "EventKind",
    "Priority",
    "Resolution",
    "Team",
]
