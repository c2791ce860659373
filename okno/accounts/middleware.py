"""Staff whose role must use two-factor login cannot work until they pass the second factor.

Normally such a person is not logged in before the code (see services.login); this
catches sessions that began before an administrator made the factor mandatory.
"""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

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

SECOND_FACTOR_OWED = gettext_lazy(
    "Для вашей роли обязателен двухфакторный вход: подтвердите вход в личном кабинете "
    "кодом из приложения-аутентификатора, затем повторите запрос."
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
            if request.path.startswith("/api/"):
                # A script cannot follow a redirect to a page: it gets JSON it can read.
                return JsonResponse({"detail": str(SECOND_FACTOR_OWED)}, status=401)
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:two_factor')}?{query}")
        return self.get_response(request)
