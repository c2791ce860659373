"""Background work of proposals: thin wrappers over the services."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from okno.proposals.services import proposal_expire_due


@db_periodic_task(crontab(minute="10", hour="*"))
def proposals_expire() -> None:
    """Every hour: sent proposals past their validity date become expired (the pages and
    the services already treat them so; this makes the stored status and history agree)."""
    proposal_expire_due()
