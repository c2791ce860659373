"""Appeals in /api/v1/: filing and reading appeals and claims (`appeals`), resolving claim
lines and the client's rating (`resolutions`), one router."""

from okno.desk.api import resolutions  # noqa: F401  (adds its routes to the router)
from okno.desk.api.appeals import router

__all__ = ["router"]
