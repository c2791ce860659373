"""Appeals in /api/v1/: filing and reading appeals and claims (`appeals`), resolving claim
lines and the client's rating (`resolutions`), assigning (`assign`), one router."""

from okno.desk.api import assign, resolutions  # noqa: F401  (add their routes to the router)
from okno.desk.api.appeals import router

__all__ = ["router"]
