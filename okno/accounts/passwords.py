"""The portal's password policy beyond Django's validators."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class CharacterClassValidator:
    """At least one Latin upper-case letter, one lower-case letter and one digit."""

    rules = (
        (re.compile(r"[A-Z]"), gettext_lazy("хотя бы одну заглавную латинскую букву")),
        (re.compile(r"[a-z]"), gettext_lazy("хотя бы одну строчную латинскую букву")),
        (re.compile(r"\d"), gettext_lazy("хотя бы одну цифру")),
    )

    def validate(self, password, user=None):
        missing = [str(text) for pattern, text in self.rules if not pattern.search(password or "")]
        if missing:
            raise ValidationError(
                _("Пароль должен содержать %(what)s.") % {"what": ", ".join(missing)},
                code="password_character_classes",
            )

    def get_help_text(self):
        return _("Пароль должен содержать заглавные и строчные латинские буквы и цифры.")


def password_problems(password: str, user=None) -> list[str]:
    """Every rule of the password policy that `password` breaks, as messages for the person."""
    from django.contrib.auth.password_validation import validate_password

    try:
        validate_password(password, user=user)
    except ValidationError as error:
        return list(error.messages)
    return []


def password_check(password: str, user=None, *, field: str = "password") -> None:
    """Raise `InvalidInput` naming `field` with every rule the password breaks."""
    from okno.core.errors import InvalidInput

    problems = password_problems(password, user)
    if problems:
        raise InvalidInput(" ".join(problems), field=field, code="password_policy")
