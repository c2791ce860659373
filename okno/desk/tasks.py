"""Background work of the desk: thin wrappers over the e-mail and Telegram channels', the
SLA's and the open pages' services, and the saved views' counts."""

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from okno.desk.channels.telegram import outgoing as telegram_outgoing
from okno.desk.channels.telegram import polling as telegram_polling
from okno.desk.mail import imap, outgoing
from okno.desk.selectors.views import view_counts_refresh
from okno.desk.services.presence import presence_expire
from okno.desk.sla.services import open_appeals_recompute
from okno.desk.sla.sweep import sla_sweep


@db_periodic_task(crontab(minute="*"))
def mail_poll() -> None:
    """Every minute: read the new letters of every working mailbox. The lock keeps two
    workers from reading the same boxes at once (the checkpoints would hold anyway)."""
    with HUEY.lock_task("desk-mail-poll"):
        imap.mailboxes_poll()


@db_task(retries=3, retry_delay=60)
def mail_send(*, outgoing_id: int, automatic: bool = False) -> None:
    """Send a recorded letter; a mail server that is down is retried."""
    outgoing.mail_send(outgoing_id=outgoing_id, automatic=automatic)


@db_periodic_task(crontab(minute="*"))
def telegram_poll() -> None:
    """Every minute: the waiting updates of the bots that poll instead of a webhook, and
    updates of any bot kept but never filed."""
    with HUEY.lock_task("desk-telegram-poll"):
        telegram_polling.bots_poll()


@db_task(retries=3, retry_delay=60)
def telegram_send(*, outgoing_id: int) -> None:
    """Send a recorded Telegram message; Telegram out of reach is retried."""
    telegram_outgoing.telegram_send(outgoing_id=outgoing_id)


@db_task()
def sla_recompute() -> None:
    """A calendar or a policy changed: compute the open appeals' clocks again."""
    open_appeals_recompute()


@db_task()
def sla_recompute_client(*, client_id: int) -> None:
    """A client's level of service changed: its open appeals' policies and clocks again."""
    open_appeals_recompute(client_id=client_id)


@db_periodic_task(crontab(minute="*"))
def sla_sweep_run() -> None:
    """Every minute: warnings, breaches and escalations that came due."""
    sla_sweep()


@db_periodic_task(crontab(minute="*/5"))
def presence_clear() -> None:
    """Every five minutes: forget the open pages nobody renewed (tabs closed without a
    goodbye); pages read only fresh ones anyway, this keeps the table small."""
    presence_expire()


@db_periodic_task(crontab(minute="*"))
def view_counts_run() -> None:
    """Every minute: the counts of the queue's saved views, into the cache."""
    view_counts_refresh()
