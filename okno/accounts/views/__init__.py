"""Pages of login, registration, recovery and security; `lockout_response` is axes' callable."""

from okno.accounts.views.login import lockout_response

__all__ = ["lockout_response"]
