"""Login by e-mail or phone number."""

from django.contrib.auth.backends import ModelBackend

from okno.accounts.models import User
from okno.core.errors import InvalidInput
from okno.core.phone import looks_like_phone, normalize_phone


def normalize_login(login: str) -> str:
    """The canonical form of what a person typed as login: a lower-case e-mail or +7 phone."""
    login = (login or "").strip()
    if looks_like_phone(login):
        try:
            return normalize_phone(login)
        except InvalidInput:
            return login
    return login.lower()


def find_user_by_login(login: str) -> User | None:
    """The person a typed login names: by phone, or by e-mail (stored lower-case), or None."""
    canonical = normalize_login(login)
    if not canonical:
        return None
    if canonical.startswith("+"):
        return User.objects.filter(phone=canonical).first()
    return User.objects.filter(email=canonical).first()


def axes_login(request, credentials) -> str:
    """Lockouts count per person, whichever form of the login they typed."""
    raw = (credentials or {}).get("login") or (credentials or {}).get("username") or ""
    return normalize_login(raw)


class LoginBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, login=None, **kwargs):
        user = find_user_by_login(login or username or "")
        if user is None:
            # Same work as a real check, so timing does not tell which logins exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
