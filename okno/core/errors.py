"""Domain errors raised by services and turned into a form error, an HTMX message
or an API 4xx in one place (`okno.core.views.domain_error_response`, `okno.api`)."""


class DomainError(Exception):
    """A rule of the business refused the request; `field` names the input at fault."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class InvalidInput(DomainError):
    """The input is malformed or breaks a rule of a field (API answers 422)."""

    status = 422


class Conflict(DomainError):
    """The request clashes with stored data (a duplicate ИНН+КПП, a stale edit)."""

    status = 409


class NotAllowed(DomainError):
    """The actor sees the object but its role does not allow this action."""

    status = 403
