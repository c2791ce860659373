"""Routes of accounts that take an argument: whose object it is, or why it is not an object."""

from okno.accounts.models import UserSession
from okno.accounts.services import api_token_create
from okno.core.testing.access import AccessCase, ExemptRoute


def _a_admin_token(world) -> dict:
    token, _raw = api_token_create(user=world.a_admin, name="1С")
    return {"token_id": token.pk}


def _a_admin_session(world) -> dict:
    session = UserSession.objects.create(user=world.a_admin, session_key="a" * 32)
    return {"session_id": session.pk}


CASES = [
    AccessCase("api:auth_token_revoke", _a_admin_token, owner="a_admin"),
    AccessCase("accounts:token_revoke", _a_admin_token, owner="a_admin", methods=("POST",)),
    AccessCase("accounts:session_end", _a_admin_session, owner="a_admin", methods=("POST",)),
]

EXEMPT = [
    ExemptRoute("accounts:invitation", "a secret token from the e-mail, not an object"),
    ExemptRoute(
        "accounts:password_reset_confirm", "a signed one-time link from the e-mail, not an object"
    ),
]
