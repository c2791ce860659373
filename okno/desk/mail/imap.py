"""Polling a mailbox over IMAP. The folder is opened read-only and letters are fetched
with BODY.PEEK, so the server's flags stay as the people who also read the box left them;
what was read is remembered by the checkpoint (mailbox, UIDVALIDITY, last UID), moved
after each letter, so a poll that breaks off resumes at the next letter."""

from __future__ import annotations

import imaplib
import logging
import ssl
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from okno.desk.mail.intake import mail_store, mail_take
from okno.desk.models import IncomingMail, Mailbox, MailCheckpoint, MailState

log = logging.getLogger(__name__)


class MailboxUnavailable(Exception):
    """The server refused or did not answer; the message is shown to administrators."""


@dataclass
class PollResult:
    read: int = 0
    taken: int = 0
    quarantined: int = 0


def mailboxes_poll() -> dict[int, PollResult | str]:
    """Poll every working mailbox; one that fails is recorded and the others go on."""
    results: dict[int, PollResult | str] = {}
    for mailbox in Mailbox.objects.filter(is_active=True):
        try:
            results[mailbox.pk] = mailbox_poll(mailbox)
        except MailboxUnavailable as error:
            results[mailbox.pk] = str(error)
    return results


def mailbox_poll(mailbox: Mailbox) -> PollResult:
    """Read the letters that came since the checkpoint and take each in."""
    result = PollResult()
    try:
        connection = _connect(mailbox)
    except (OSError, imaplib.IMAP4.error) as error:
        _record(mailbox, f"{type(error).__name__}: {error}")
        raise MailboxUnavailable(str(error)) from error
    try:
        uidvalidity = _select(connection, mailbox.folder)
        checkpoint, _created = MailCheckpoint.objects.get_or_create(
            mailbox=mailbox, uidvalidity=uidvalidity
        )
        _take_left_over(mailbox, result)
        for uid in _uids_after(connection, checkpoint.last_uid):
            raw = _fetch(connection, uid)
            result.read += 1
            letter = mail_store(mailbox=mailbox, uidvalidity=uidvalidity, uid=uid, raw=raw)
            if letter is not None:
                _count(result, mail_take(letter))
            checkpoint.last_uid = uid
            checkpoint.save(update_fields=["last_uid", "updated_at"])
    except (OSError, imaplib.IMAP4.error) as error:
        _record(mailbox, f"{type(error).__name__}: {error}")
        raise MailboxUnavailable(str(error)) from error
    finally:
        _logout(connection)
    _record(mailbox, "")
    return result


def _take_left_over(mailbox: Mailbox, result: PollResult) -> None:
    """Letters stored but never filed (the worker stopped between the two steps): taken
    now, since the checkpoint has moved past them."""
    for letter in IncomingMail.objects.filter(mailbox=mailbox, state=MailState.RECEIVED):
        _count(result, mail_take(letter))


def _count(result: PollResult, letter: IncomingMail) -> None:
    if letter.state == MailState.QUARANTINED:
        result.quarantined += 1
    else:
        result.taken += 1


def _connect(mailbox: Mailbox) -> imaplib.IMAP4:
    timeout = settings.OKNO_DESK_MAIL_TIMEOUT
    if mailbox.imap_ssl:
        # imaplib alone does not check the server's certificate: the default context does.
        connection: imaplib.IMAP4 = imaplib.IMAP4_SSL(
            mailbox.imap_host,
            mailbox.imap_port,
            ssl_context=ssl.create_default_context(),
            timeout=timeout,
        )
    else:
        connection = imaplib.IMAP4(mailbox.imap_host, mailbox.imap_port, timeout=timeout)
    connection.login(mailbox.imap_user, mailbox.imap_password)
    return connection


def _select(connection: imaplib.IMAP4, folder: str) -> int:
    status, _data = connection.select(_quoted(folder), readonly=True)
    if status != "OK":
        raise imaplib.IMAP4.error(f"no folder {folder}")
    _name, values = connection.response("UIDVALIDITY")
    return int(values[0])


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _uids_after(connection: imaplib.IMAP4, last_uid: int) -> list[int]:
    status, data = connection.uid("SEARCH", f"UID {last_uid + 1}:*")
    if status != "OK":
        raise imaplib.IMAP4.error("UID SEARCH refused")
    # "N:*" also answers the newest letter when none is above N: filter by the number.
    return sorted(uid for uid in map(int, (data[0] or b"").split()) if uid > last_uid)


def _fetch(connection: imaplib.IMAP4, uid: int) -> bytes:
    status, data = connection.uid("FETCH", str(uid), "(BODY.PEEK[])")
    if status != "OK":
        raise imaplib.IMAP4.error(f"UID FETCH {uid} refused")
    for item in data:
        if isinstance(item, tuple):
            return bytes(item[1])
    raise imaplib.IMAP4.error(f"UID FETCH {uid}: no letter in the answer")


def _logout(connection: imaplib.IMAP4) -> None:
    try:
        connection.logout()
    except (OSError, imaplib.IMAP4.error):
        log.info("IMAP logout failed", exc_info=True)


def _record(mailbox: Mailbox, error: str) -> None:
    mailbox.polled_at = timezone.now()
    mailbox.poll_error = error[:500]
    mailbox.save(update_fields=["polled_at", "poll_error"])
