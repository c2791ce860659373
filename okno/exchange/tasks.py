"""Background work of the exchange: thin wrappers over the log's services."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from okno.exchange.log.alerts import exchange_alerts_send
from okno.exchange.log.rerun import session_rerun_execute


@db_task()
def session_rerun_run(*, session_id: int) -> None:
    """Import a re-run session's files (see `session_rerun_execute`)."""
    session_rerun_execute(session_id=session_id)


@db_periodic_task(crontab(minute="*/15"))
def exchange_alerts_check() -> None:
    """Every quarter of an hour: tell administrators about failed or silent exchanges."""
    exchange_alerts_send()
