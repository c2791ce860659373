"""Staff whose role must use two-factor login cannot work until they pass the second factor."""

from django.shortcuts import redirect
from django.urls import reverse

from okno.accounts.models import TwoFactorPolicy

# Paths a half-logged-in staff member may still reach: the second-factor pages, logout, assets.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz")


def two_factor_required(user) -> bool:
    return (
        bool(user.staff_role)
        and TwoFactorPolicy.objects.filter(role=user.staff_role, required=True).exists()
    )


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.staff_role
            and not request.path.startswith(_OPEN_PREFIXES)
            and not user.is_verified()
            and two_factor_required(user)
        ):
            return redirect(f"{reverse('accounts:two_factor')}?next={request.path}")
        return self.get_response(request)
