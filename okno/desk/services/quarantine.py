"""Filing again what a channel kept in quarantine: an administrator, once the cause is fixed
(a mailbox's settings, a sender's limit, a parser's error), has chosen letters or Telegram
updates filed from their stored raw source by the channel's own intake. Each one succeeds
or fails alone; one audit entry names them all."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from okno.audit.services import audit_record
from okno.core.actor import Actor
from okno.core.errors import NotAllowed
from okno.core.roles import StaffRole
from okno.desk.channels.telegram.intake import update_take
from okno.desk.mail.intake import mail_take
from okno.desk.models import IncomingMail, MailState, TelegramUpdate, UpdateState


@dataclass(frozen=True)
class RefileOutcome:
    """What became of one item: `filed`, and the appeal it went into or why it did not."""

    item: str
    filed: bool
    detail: str


def check_refiles(actor: Actor) -> None:
    if actor.staff_role != StaffRole.ADMIN:
        raise NotAllowed(_("Разбирать карантин снова может администратор."))


def letters_refile(*, actor: Actor, ids: Iterable[int]) -> list[RefileOutcome]:
    """File the chosen quarantined letters again; one not in quarantine is left as it is."""
    return _refile_all(actor, ids, IncomingMail.objects, mail_take, _letter_outcome, "email")


def updates_refile(*, actor: Actor, ids: Iterable[int]) -> list[RefileOutcome]:
    """File the chosen quarantined Telegram updates again; one not in quarantine is left as
    it is."""
    return _refile_all(actor, ids, TelegramUpdate.objects, update_take, _update_outcome, "telegram")


def _refile_all(actor: Actor, ids, rows, take, outcome, channel: str) -> list[RefileOutcome]:
    """Each chosen item filed again alone by its channel's `take`, told by `outcome`, and
    one audit entry for them all."""
    check_refiles(actor)
    outcomes = [outcome(pk, _refiled(rows, pk, take)) for pk in sorted(set(ids))]
    _audit(actor, channel, outcomes)
    return outcomes


def _refiled(rows, pk: int, take):
    """File a quarantined letter or update again from its raw source by its channel's own
    intake (`take`). None when it is not in quarantine — filed meanwhile, perhaps by
    another click: it is filed once, which its row lock keeps."""
    with transaction.atomic():
        item = rows.select_for_update().filter(pk=pk, state=MailState.QUARANTINED).first()
        if item is None:
            return None
        # The two channels' states share their values.
        item.state, item.reason = MailState.RECEIVED, ""
        item.save(update_fields=["state", "reason"])
        return take(item)


def _letter_outcome(pk: int, letter: IncomingMail | None) -> RefileOutcome:
    if letter is None:
        found = IncomingMail.objects.filter(pk=pk).first()
        return _not_quarantined(_("Письмо %(id)s") % {"id": pk}, found)
    name = _("Письмо %(id)s от %(sender)s") % {"id": pk, "sender": letter.from_address or "—"}
    if letter.state == MailState.QUARANTINED:
        return RefileOutcome(name, False, letter.reason)
    return _filed(name, letter.appeal, letter.get_state_display())


def _update_outcome(pk: int, update: TelegramUpdate | None) -> RefileOutcome:
    if update is None:
        found = TelegramUpdate.objects.filter(pk=pk).first()
        label = _("Обновление %(id)s") % {"id": found.update_id if found else pk}
        return _not_quarantined(label, found)
    name = _("Обновление %(id)s") % {"id": update.update_id}
    if update.state == UpdateState.QUARANTINED:
        return RefileOutcome(name, False, update.reason)
    return _filed(name, update.appeal, update.get_state_display())


def _filed(name: str, appeal, state: str) -> RefileOutcome:
    if appeal is not None:
        return RefileOutcome(name, True, _("в обращении %(number)s") % {"number": appeal.number})
    return RefileOutcome(name, True, state)


def _not_quarantined(name: str, found) -> RefileOutcome:
    if found is None:
        return RefileOutcome(name, False, _("не найдено"))
    return RefileOutcome(
        name, False, _("не в карантине (%(state)s)") % {"state": found.get_state_display()}
    )


def _audit(actor: Actor, channel: str, outcomes: list[RefileOutcome]) -> None:
    filed = [_described(row) for row in outcomes if row.filed]
    refused = [_described(row) for row in outcomes if not row.filed]
    with transaction.atomic():
        audit_record(
            action="desk.quarantine_refiled",
            user=actor.user,
            changes={
                "channel": channel,
                "filed": len(filed),
                "refused": len(refused),
                "filed_items": "; ".join(filed),
                "refused_items": "; ".join(refused),
            },
        )


def _described(outcome: RefileOutcome) -> str:
    return f"{outcome.item}: {outcome.detail}"
