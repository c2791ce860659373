"""Every write of the desk: appeals and their messages, status, people (`appeals`), claims
(`claims`), their resolutions (`resolutions`), the client's rating (`ratings`), files
(`attachments`), the client's e-mail (`notify`), who may (`rules`), pauses of the SLA's
clocks (`pauses`)."""

from okno.desk.services.appeals import (
    AppealIn,
    appeal_assign,
    appeal_close,
    appeal_create,
    appeal_message_add,
    appeal_move,
    appeal_reopen,
    appeal_watcher_set,
)
from okno.desk.services.attachments import FileIn
from okno.desk.services.claims import ClaimLineIn, claim_create
from okno.desk.services.ratings import appeal_rate
from okno.desk.services.resolutions import (
    ResolutionIn,
    claim_resolution_add,
    claim_resolution_cancel,
)

__all__ = [
    "AppealIn",
    "ClaimLineIn",
    "FileIn",
    "ResolutionIn",
    "appeal_assign",
    "appeal_close",
    "appeal_create",
    "appeal_message_add",
    "appeal_move",
    "appeal_rate",
    "appeal_reopen",
    "appeal_watcher_set",
    "claim_create",
    "claim_resolution_add",
    "claim_resolution_cancel",
]
