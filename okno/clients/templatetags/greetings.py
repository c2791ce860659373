"""How the pages address a person."""

from django import template

register = template.Library()


@register.filter
def greeting_name(full_name: str) -> str:
    """«Орлова Елена Николаевна» → «Елена Николаевна»: a Russian full name is written
    surname first, and one greets by first name and patronymic; other names stay whole."""
    parts = (full_name or "").split()
    return " ".join(parts[1:]) if len(parts) == 3 else (full_name or "")
