"""Reading a raw letter into what the desk needs: who wrote, the subject, the threading
headers, a text body (and the HTML one sanitised), files and inline images, and whether
it was written by a machine (an auto-reply or a delivery report). A pure function of the
bytes: no database, so it is tested and measured alone."""

from __future__ import annotations

import html as html_lib
import mimetypes
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parseaddr

import nh3
from django.utils.translation import gettext as _

# Who never gets an answer: delivery systems write from these local parts.
_MACHINE_SENDERS = {"mailer-daemon", "postmaster", "noreply", "no-reply", "bounce", "bounces"}
_MACHINE_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
_CID = re.compile(r"""(["'])cid:([^"']+)\1""", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n\s*\n\s*\n+")
_TAGS_KEPT_AS_LINES = re.compile(r"(?i)<\s*/?\s*(br|p|div|tr|li|h[1-6])\b[^>]*>")


class MalformedMail(ValueError):
    """A letter that cannot be read; its message says why (shown to staff)."""


@dataclass(frozen=True)
class MailPart:
    """A file of the letter: an attachment, or an inline image (`content_id` set) that the
    HTML body shows by `cid:`."""

    name: str
    content_type: str
    content: bytes
    content_id: str = ""


@dataclass(frozen=True)
class ParsedMail:
    from_address: str
    subject: str
    message_id: str
    in_reply_to: list[str]
    references: list[str]
    text: str
    html: str
    parts: list[MailPart] = field(default_factory=list)
    machine_reason: str = ""

    @property
    def thread_ids(self) -> list[str]:
        """The letters this one answers, nearest first."""
        return self.in_reply_to + list(reversed(self.references))


def mail_parse(raw: bytes) -> ParsedMail:
    """Read a letter. Raises `MalformedMail` for one that has no sender or cannot be read."""
    if not raw.strip():
        raise MalformedMail(_("пустое письмо"))
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        return _read(message)
    except MalformedMail:
        raise
    except Exception as error:  # a broken header or MIME structure: the letter is quarantined
        reason = _("письмо не читается: %(error)s") % {"error": f"{type(error).__name__}: {error}"}
        raise MalformedMail(reason) from error


def _read(message: EmailMessage) -> ParsedMail:
    _name, address = parseaddr(str(message.get("From", "")))
    address = address.strip().lower()
    if "@" not in address:
        raise MalformedMail(_("нет адреса отправителя"))
    text, html, parts = _bodies(message)
    if not text and html:
        text = html_to_text(html)
    return ParsedMail(
        from_address=address,
        subject=" ".join(str(message.get("Subject", "")).split())[:500],
        message_id=next(iter(_ids(message.get("Message-ID", ""))), ""),
        in_reply_to=_ids(message.get("In-Reply-To", "")),
        references=_ids(message.get("References", "")),
        text=text.replace("\r\n", "\n").strip(),
        html=html_sanitise(html) if html else "",
        parts=parts,
        machine_reason=machine_reason(message, address),
    )


def _ids(value) -> list[str]:
    return [found[:500] for found in _MESSAGE_ID.findall(str(value or ""))]


def machine_reason(message: EmailMessage, address: str) -> str:
    """Why the letter is a machine's (empty for a person's): RFC 3834's Auto-Submitted,
    a bulk or list Precedence, Microsoft's X-Auto-Response-Suppress, a delivery report
    (multipart/report), or a mailer-daemon or postmaster sender."""
    auto = str(message.get("Auto-Submitted", "")).strip().lower()
    if auto and auto != "no":
        return f"Auto-Submitted: {auto}"
    precedence = str(message.get("Precedence", "")).strip().lower()
    if precedence in _MACHINE_PRECEDENCE:
        return f"Precedence: {precedence}"
    if message.get("X-Auto-Response-Suppress"):
        return "X-Auto-Response-Suppress"
    if message.get_content_type() == "multipart/report":
        return "multipart/report"
    local = address.split("@", 1)[0]
    if local in _MACHINE_SENDERS:
        return f"{local}@"
    if message.get("X-Autoreply") or message.get("X-Autorespond"):
        return "X-Autoreply"
    return ""


def _bodies(message: EmailMessage) -> tuple[str, str, list[MailPart]]:
    """The text and HTML bodies and the files. The first text/plain and text/html parts
    that are not attachments are the bodies; anything else with content is a file."""
    text = html = ""
    parts: list[MailPart] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        content_type = part.get_content_type()
        disposition = part.get_content_disposition()
        if content_type in ("text/plain", "text/html") and disposition != "attachment":
            body = _decoded_text(part)
            if content_type == "text/plain" and not text:
                text = body
                continue
            if content_type == "text/html" and not html:
                html = body
                continue
        if content_type.startswith("message/delivery-status"):
            continue
        payload = _payload(part)
        if payload:
            parts.append(_file(part, content_type, payload, len(parts) + 1))
    return text, html, parts


def _decoded_text(part: EmailMessage) -> str:
    """A text part in whichever charset it declares (windows-1251 from 1C, KOI8-R from old
    clients); an unknown or wrong charset is read as windows-1251, then UTF-8, with
    replacement, never refused."""
    try:
        return part.get_content()
    except (LookupError, UnicodeDecodeError):
        payload = _payload(part)
        for charset in ("utf-8", "windows-1251"):
            try:
                return payload.decode(charset)
            except UnicodeDecodeError:
                continue
        return payload.decode("utf-8", errors="replace")


def _payload(part: EmailMessage) -> bytes:
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def _file(part: EmailMessage, content_type: str, payload: bytes, number: int) -> MailPart:
    # RFC 2231 (filename*=utf-8''…) and RFC 2047 names are decoded by the parser's policy.
    name = (part.get_filename() or "").strip()
    if not name:
        extension = mimetypes.guess_extension(content_type) or ".bin"
        name = f"file-{number}{extension}"
    content_id = str(part.get("Content-ID", "")).strip().strip("<>")
    return MailPart(name=name, content_type=content_type, content=payload, content_id=content_id)


def html_with_files(html: str, urls_by_cid: dict[str, str]) -> str:
    """Point `cid:` images at the stored files; an unknown cid is dropped by nh3 later."""

    def replace(match: re.Match) -> str:
        url = urls_by_cid.get(match.group(2).strip())
        quote = match.group(1)
        return f"{quote}{url}{quote}" if url else f"{quote}{quote}"

    return _CID.sub(replace, html)


def html_sanitise(html: str) -> str:
    """HTML safe to show on the desk's page: nh3 (Ammonia) keeps formatting tags and drops
    scripts, event handlers, styles and unknown schemes. Images only by `cid:` (pointed at
    the stored files afterwards): a remote image would tell the sender when an operator
    opened the letter, and from where."""
    return nh3.clean(
        html,
        url_schemes={"http", "https", "mailto", "cid"},
        link_rel="noopener noreferrer nofollow",
        attribute_filter=_inline_images_only,
    )


def _inline_images_only(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not value.lower().startswith("cid:"):
        return None
    return value


def html_to_text(html: str) -> str:
    """The text of an HTML body, lines kept where the HTML broke them."""
    marked = _TAGS_KEPT_AS_LINES.sub("\n", html)
    bare = html_lib.unescape(nh3.clean(marked, tags=set()))
    lines = [" ".join(line.split()) for line in bare.splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
