"""The desk's models: appeals with their log and files (`appeals`), claim lines and the
claim types' rules (`claims`), the resolution ledger of claim lines (`resolutions`), the
e-mail channel's mailboxes and letters (`mail`), operators' time entries and canned replies
(`work`), the department chat (`chat`), who has an appeal's page open (`presence`), saved
views of the queue (`views`), the Telegram channel's bots, chats and updates (`telegram`),
operators' availability and the assignment rules (`assign`), the SLA's calendars, pause
reasons, policies and each appeal's clocks (`sla`)."""

from okno.desk.models.appeals import (
    Appeal,
    AppealEvent,
    AppealKind,
    AppealTopic,
    Attachment,
    Channel,
    Direction,
    EventKind,
    Method,
    Priority,
    Team,
)
from okno.desk.models.assign import AssignmentRule, Availability, OperatorAvailability
from okno.desk.models.chat import ChatMessage, ChatRead
from okno.desk.models.claims import ClaimLine, ClaimType, ClaimTypeRule, Resolution
from okno.desk.models.mail import (
    IncomingMail,
    Mailbox,
    MailCheckpoint,
    MailState,
    MailThread,
    OutgoingMail,
)
from okno.desk.models.presence import AppealViewer
from okno.desk.models.resolutions import (
    MONEY_KINDS,
    ClaimResolution,
    RejectionReason,
    ResolutionKind,
)
from okno.desk.models.sla import (
    AppealSla,
    BusinessCalendar,
    CalendarDay,
    CalendarVersion,
    DayKind,
    PolicyVersion,
    SlaPauseReason,
    SlaPolicy,
    SlaState,
    Weekday,
    WorkingHours,
)
from okno.desk.models.telegram import (
    TelegramBot,
    TelegramChat,
    TelegramLinkCode,
    TelegramOutgoing,
    TelegramThread,
    TelegramUpdate,
    UpdateState,
)
from okno.desk.models.views import DEFAULT_COLUMNS, QueueColumn, QueueSort, SavedView
from okno.desk.models.work import CannedReply, TimeEntry
from okno.desk.states import AppealStatus

__all__ = [
    "DEFAULT_COLUMNS",
    "MONEY_KINDS",
    "Appeal",
    "AppealEvent",
    "AppealKind",
    "AppealSla",
    "AppealStatus",
    "AppealTopic",
    "AppealViewer",
    "AssignmentRule",
    "Attachment",
    "Availability",
    "BusinessCalendar",
    "CalendarDay",
    "CalendarVersion",
    "CannedReply",
    "Channel",
    "ChatMessage",
    "ChatRead",
    "ClaimLine",
    "ClaimResolution",
    "ClaimType",
    "ClaimTypeRule",
    "DayKind",
    "Direction",
    "EventKind",
    "IncomingMail",
    "MailCheckpoint",
    "MailState",
    "MailThread",
    "Mailbox",
    "Method",
    "OperatorAvailability",
    "OutgoingMail",
    "PolicyVersion",
    "Priority",
    "QueueColumn",
    "QueueSort",
    "RejectionReason",
    "Resolution",
    "ResolutionKind",
    "SavedView",
    "SlaPauseReason",
    "SlaPolicy",
    "SlaState",
    "Team",
    "TelegramBot",
    "TelegramChat",
    "TelegramLinkCode",
    "TelegramOutgoing",
    "TelegramThread",
    "TelegramUpdate",
    "TimeEntry",
    "UpdateState",
    "Weekday",
    "WorkingHours",
]
