"""Appeals in /api/v1/: filing and reading appeals and claims (`appeals`), resolving claim
lines and the client's rating (`resolutions`), moving and resolving an appeal (`actions`),
the call centres' way in (`intake`), saved views and bulk operations (`workspace`), one
router."""

from okno.desk.api import actions, intake, resolutions, workspace  # noqa: F401  (add routes)
from okno.desk.api.appeals import router

__all__ = ["router"]
