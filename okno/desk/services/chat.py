"""The department chat and @mentions, for desk staff.

A mention is `@` and a colleague's login (their e-mail before the `@`) or surname, as
people type it: «@vasilyeva», «@Васильева». A surname two colleagues share names neither,
and the author is told to use the login. The colleague named is told by e-mail after
the commit; a mention in an internal note of an appeal also makes them its watcher, so
the appeal is in their view."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from okno.accounts import tasks
from okno.accounts.models import User
from okno.core.actor import Actor
from okno.core.errors import InvalidInput
from okno.desk.models import Appeal, ChatMessage, ChatRead
from okno.desk.services.rules import check_works_desk, colleagues

MESSAGE_MAX = 2000
_MENTION = re.compile(r"(?<![\w@])@([\w.\-]+)", re.UNICODE)


@dataclass(frozen=True)
class Mentions:
    users: list[User]
    unknown: list[str]  # what was typed after `@` and names nobody, or several people


def mentions_find(text: str, *, author: User) -> Mentions:
    """The colleagues the text names, the author left out."""
    tokens = list(dict.fromkeys(found.rstrip(".-") for found in _MENTION.findall(text)))
    if not tokens:
        return Mentions([], [])
    people = [person for person in colleagues() if person.pk != author.pk]
    found: dict[int, User] = {}
    unknown = []
    for token in tokens:
        matches = _named(token, people)
        if len(matches) == 1:
            found[matches[0].pk] = matches[0]
        else:
            unknown.append(token)
    return Mentions(list(found.values()), unknown)


def _named(token: str, people: list[User]) -> list[User]:
    wanted = token.casefold()
    by_login = [p for p in people if p.email and p.email.split("@")[0].casefold() == wanted]
    if by_login:
        return by_login
    return [p for p in people if p.full_name and p.full_name.split()[0].casefold() == wanted]


def chat_post(*, actor: Actor, text: str) -> tuple[ChatMessage, Mentions]:
    """A message in the chat; the colleagues it mentions are told by e-mail."""
    check_works_desk(actor)
    body = (text or "").strip()
    if not body:
        raise InvalidInput(_("Напишите сообщение."), field="text")
    if len(body) > MESSAGE_MAX:
        raise InvalidInput(
            _("Сообщение — не длиннее %(limit)s знаков.") % {"limit": MESSAGE_MAX}, field="text"
        )
    mentions = mentions_find(body, author=actor.user)
    with transaction.atomic():
        message = ChatMessage.objects.create(author=actor.user, body=body)
        message.mentions.set(mentions.users)
        chat_seen(actor=actor, last_id=message.pk)
    url = settings.OKNO_BASE_URL + reverse("desk:chat") + f"#m{message.pk}"
    subject = _("%(author)s упомянул(а) вас в чате отдела") % {"author": actor.user}
    _tell(mentions.users, subject, body, url)
    return message, mentions


def note_mentions_notify(*, actor: Actor, appeal: Appeal, text: str) -> Mentions:
    """The colleagues an internal note names become the appeal's watchers and are told.
    Call inside the note's transaction."""
    mentions = mentions_find(text, author=actor.user)
    if mentions.users:
        appeal.watchers.add(*mentions.users)
        url = settings.OKNO_BASE_URL + reverse("desk:staff_appeal", args=[appeal.pk])
        subject = _("%(author)s упомянул(а) вас в обращении %(number)s") % {
            "author": actor.user,
            "number": appeal.number,
        }
        _tell(mentions.users, subject, text, url)
    return mentions


def _tell(users: list[User], subject: str, text: str, url: str) -> None:
    addresses = [user.email for user in users if user.email]
    if not addresses:
        return
    letter = f"{text}\n\n{_('Открыть: %(url)s') % {'url': url}}"
    transaction.on_commit(
        lambda: [tasks.send_email(to=[to], subject=subject, text=letter) for to in addresses]
    )


def chat_seen(*, actor: Actor, last_id: int) -> None:
    """Remember that the actor has read the chat up to message `last_id`."""
    read, _created = ChatRead.objects.get_or_create(user=actor.user)
    if last_id > read.last_seen_id:
        read.last_seen_id = last_id
        read.save(update_fields=["last_seen_id"])


def chat_unread_mentions(user: User) -> int:
    """Messages mentioning the person that came after what they last read."""
    seen = ChatRead.objects.filter(user=user).values_list("last_seen_id", flat=True).first()
    return ChatMessage.objects.filter(mentions=user, pk__gt=seen or 0).count()
