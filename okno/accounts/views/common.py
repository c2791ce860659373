"""Small helpers the accounts pages share."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request) -> str:
    """The `next` address from the form or query, if it points inside this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def client_ip(request) -> str:
    """The visitor's IP address as the server saw it."""
    return request.META.get("REMOTE_ADDR", "")


def session_start(request) -> None:
    """Give an anonymous visitor a stored session now, so limits per session can count it."""
    if not request.session.session_key:
        request.session.save()
