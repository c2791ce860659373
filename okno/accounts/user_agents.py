"""A short human description of a browser's User-Agent, for the list of sessions."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_BROWSERS = (
    ("YaBrowser", gettext_lazy("Яндекс Браузер")),
    ("Edg", "Edge"),
    ("OPR", "Opera"),
    ("Firefox", "Firefox"),
    ("Chrome", "Chrome"),
    ("Safari", "Safari"),
)
_SYSTEMS = (
    ("Windows", "Windows"),
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


def describe_user_agent(user_agent: str) -> str:
    """`Mozilla/5.0 (Windows NT 10.0…) … Chrome/126…` → `Chrome, Windows`."""
    if not user_agent:
        return _("Неизвестное устройство")
    browser = next((str(name) for marker, name in _BROWSERS if marker in user_agent), "")
    system = next((name for marker, name in _SYSTEMS if marker in user_agent), "")
    described = ", ".join(part for part in (browser, system) if part)
    return described or user_agent[:60]
