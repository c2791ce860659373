"""Staff whose role must use two-factor login cannot work until they pass the second factor.

Normally such a person is not logged in before the code (see services.login); this
catches sessions that began before an administrator made the factor mandatory.
"""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from okno.accounts.services.two_factor import two_factor_required

# Paths a half-logged-in staff member may still reach: the second-factor page, logout, assets.
# Not the whole of /accounts/: the security page issues API tokens.
_OPEN_PREFIXES = (
    "/accounts/two-factor/",
    "/accounts/logout/",
    "/accounts/login/",
    "/static/",
    "/i18n/",
    "/healthz",
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
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:two_factor')}?{query}")
        return self.get_response(request)
