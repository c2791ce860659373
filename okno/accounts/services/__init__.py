"""Writes and workflows of identity and access; each is atomic and takes the acting user."""

from okno.accounts.services.access import invitation_send, sessions_end, user_set_access

__all__ = ["invitation_send", "sessions_end", "user_set_access"]
