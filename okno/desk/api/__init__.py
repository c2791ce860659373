"""Appeals in /api/v1/: filing and reading appeals and claims (`appeals`), resolving claim
lines and the client's rating (`resolutions`), moving and resolving an appeal (`actions`),
assigning (`assign`), merging and splitting (`merge`), the call centres' way in
(`intake`), saved views and bulk operations (`workspace`), the supervisor's report
(`reports`), one router."""

from okno.desk.api import (  # noqa: F401  (add their routes to the router)
    actions,
    assign,
    intake,
    merge,
    reports,
    resolutions,
    workspace,
)
from okno.desk.api.appeals import router

__all__ = ["router"]
