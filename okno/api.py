"""The JSON API under /api/v1/: one NinjaAPI, each app adds its router.

Conventions every router follows: list endpoints answer `{"items": [...], "count": N}`
with filters and `limit`/`offset` as query parameters; every object carries its `id`;
a `DomainError` becomes a 4xx with `{"detail": [{"loc": [...], "msg": ..., "type": ...}]}`;
another client's object is 404 exactly as a missing one.
"""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, django_auth

from okno.core.api_errors import api_error_detail
from okno.core.errors import DomainError


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>` for integrations; sets `request.actor` from the token."""

    def authenticate(self, request, token):
        from okno.accounts.services import api_token_authenticate
        from okno.core.actor import actor_for_user

        user = api_token_authenticate(raw_token=token)
        if user is None:
            return None
        request.user = user
        request.actor = actor_for_user(user)
        return user


api = NinjaAPI(
    title="Okno API",
    version="1",
    urls_namespace="api",
    auth=[BearerToken(), django_auth],
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(DomainError)
def _domain_error(request, error: DomainError):
    location = ["body", error.field] if error.field else ["body"]
    detail = [{"loc": location, "msg": error.message, "type": error.code}]
    return api.create_response(request, {"detail": detail}, status=error.status)


@api.exception_handler(ValidationError)
def _invalid_input(request, error: ValidationError):
    return api.create_response(request, {"detail": api_error_detail(error.errors)}, status=422)


@api.exception_handler(Http404)
def _not_found(request, error):
    return api.create_response(request, {"detail": "Not found"}, status=404)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, error):
    return api.create_response(request, {"detail": "Authentication required"}, status=401)


@api.exception_handler(HttpError)
def _http_error(request, error: HttpError):
    return api.create_response(request, {"detail": str(error)}, status=error.status_code)


def _add_routers() -> None:
    from okno.accounts.api import router as accounts_router
    from okno.catalog.api import router as catalog_router
    from okno.clients.api import router as clients_router
    from okno.dealers.api import router as dealers_router
    from okno.desk.api import router as desk_router
    from okno.finance.api import router as finance_router
    from okno.orders.api import router as orders_router
    from okno.orders.quick.api import router as quick_order_router
    from okno.payments.api import router as payments_router
    from okno.proposals.api import router as proposals_router

    api.add_router("", accounts_router)
    api.add_router("", clients_router)
    api.add_router("", catalog_router)
    api.add_router("", dealers_router)
    api.add_router("", payments_router)
    api.add_router("", finance_router)
    api.add_router("", proposals_router)
    api.add_router("", desk_router)
    api.add_router("", quick_order_router)
    api.add_router("", orders_router)


_add_routers()

__all__ = ["api"]
