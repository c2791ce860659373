"""The portal's password policy beyond Django's validators."""

import re

from django.core.exceptions import ValidationError


class CharacterClassValidator:
    """At least one Latin upper-case letter, one lower-case letter and one digit."""

    rules = (
        (re.compile(r"[A-Z]"), "хотя бы одну заглавную латинскую букву"),
        (re.compile(r"[a-z]"), "хотя бы одну строчную латинскую букву"),
        (re.compile(r"\d"), "хотя бы одну цифру"),
    )

    def validate(self, password, user=None):
        missing = [text for pattern, text in self.rules if not pattern.search(password or "")]
        if missing:
            raise ValidationError(
                "Пароль должен содержать " + ", ".join(missing) + ".",
                code="password_character_classes",
            )

    def get_help_text(self):
        return "Пароль должен содержать заглавные и строчные латинские буквы и цифры."
