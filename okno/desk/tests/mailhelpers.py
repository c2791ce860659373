"""Letters for the e-mail channel's tests: the corpus of real-world-shaped letters in
`mail/` (the sender and the answered Message-ID filled in per test), letters written
here, and one poll of the mailboxes as the worker runs it."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from okno.desk import tasks

CORPUS = Path(__file__).parent / "mail"


def corpus(name: str, *, sender: str, in_reply_to: str = "<none@okno.local>") -> bytes:
    raw = (CORPUS / name).read_bytes()
    return raw.replace(b"{sender}", sender.encode()).replace(b"{in_reply_to}", in_reply_to.encode())


def letter(
    *,
    sender: str,
    subject: str = "Вопрос по заказу",
    text: str = "Добрый день! Где наш заказ?",
    in_reply_to: str = "",
    references: str = "",
    files: tuple[tuple[str, str, bytes], ...] = (),
    headers: dict[str, str] | None = None,
) -> bytes:
    """A letter as a mail program writes it; `files` are (name, MIME type, bytes)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "claims@okno.local"
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="client.example.ru")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    if references:
        message["References"] = references
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    for name, content_type, content in files:
        maintype, subtype = content_type.split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def poll(capture) -> None:
    """One run of the worker's periodic task, with what it sends after commit sent. Run as
    the worker runs it, but in this thread, so that an error fails the test instead of
    being logged by the queue."""
    with capture(execute=True):
        tasks.mail_poll.call_local()
