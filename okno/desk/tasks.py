"""Background work of the desk: thin wrappers over the SLA's services."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from okno.desk.sla.services import open_appeals_recompute
from okno.desk.sla.sweep import sla_sweep


@db_task()
def sla_recompute() -> None:
    """A calendar or a policy changed: compute the open appeals' clocks again."""
    open_appeals_recompute()


@db_periodic_task(crontab(minute="*"))
def sla_sweep_run() -> None:
    """Every minute: warnings, breaches and escalations that came due."""
    sla_sweep()
