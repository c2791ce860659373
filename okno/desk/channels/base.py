"""What the desk needs of a messenger: turn one incoming update into a person, a text and
files; fetch a file; send a reply to a chat, and its files. A new messenger implements
`Messenger` and keeps its raw updates, chats and link codes as the Telegram channel
does."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from okno.desk.services.attachments import FileIn


class BadUpdate(Exception):
    """An update the channel cannot read; the message is the reason staff read in the
    quarantine."""


@dataclass(frozen=True)
class FileRef:
    """A file a message carries, as the messenger names it; fetched only when filed."""

    name: str
    ref: str
    size: int = 0


@dataclass(frozen=True)
class FileOut:
    """A stored file of an operator's reply, to send to a chat."""

    name: str
    content: bytes
    content_type: str = ""


@dataclass(frozen=True)
class IncomingMessage:
    """A person's message: the chat it came from (replies go there), how the messenger
    names the person, the text and the files. `start_code` is the link code of a
    «start» command, if the message is one."""

    chat_id: int
    title: str
    text: str
    files: list[FileRef] = field(default_factory=list)
    is_start: bool = False
    start_code: str = ""


class Messenger(Protocol):
    def message_from(self, update: dict) -> IncomingMessage | None:
        """The person's message in `update`, None for an update that is no message (an
        edit, a reaction, a group's service entry); `BadUpdate` for one that cannot be
        read."""

    def file_fetch(self, file: FileRef) -> FileIn:
        """The file's bytes under its name."""

    def send(self, chat_id: int, text: str) -> None:
        """Send a text to the chat."""

    def send_file(self, chat_id: int, file: FileOut) -> None:
        """Send a file to the chat (an image as a picture where the messenger has one)."""
