"""Background work of the desk: thin wrappers over the e-mail channel's and the SLA's
services."""

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from okno.desk.mail import imap, outgoing
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


@db_task()
def sla_recompute() -> None:
    """A calendar or a policy changed: compute the open appeals' clocks again."""
    open_appeals_recompute()


@db_periodic_task(crontab(minute="*"))
def sla_sweep_run() -> None:
    """Every minute: warnings, breaches and escalations that came due."""
    sla_sweep()
