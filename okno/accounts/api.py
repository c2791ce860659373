"""The accounts part of /api/v1/: tokens for integrations and `me`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from django.contrib.auth.signals import user_logged_in
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema, Status

from okno.accounts.selectors import api_token_get, api_token_list, profile_of
from okno.accounts.services import (
    TooManyLoginFailures,
    api_token_create,
    api_token_revoke,
    login_check_password,
    login_is_locked,
    totp_device_of,
    totp_verify,
    two_factor_required,
)
from okno.accounts.views.login import lockout_response, throttled_response
from okno.core.errors import InvalidInput
from okno.core.schemas import Text

router = Router(tags=["auth"])

OTP_NEEDED = gettext_lazy("Нужен код из приложения-аутентификатора: передайте его в поле otp.")
OTP_ENROL_FIRST = gettext_lazy(
    "Для вашей роли обязателен двухфакторный вход: сначала настройте его в личном кабинете "
    "(«Вход и безопасность»), затем передайте код в поле otp."
)


# Text as `okno.core.schemas.Text` (no NUL characters), with the length checked first so
# pydantic reports a long value in characters.
_NO_NUL = Text.__metadata__
LoginText = Annotated[str, Field(max_length=254), *_NO_NUL]
PasswordText = Annotated[str, Field(max_length=128), *_NO_NUL]
OtpText = Annotated[str, Field(max_length=12), *_NO_NUL]
TokenNameText = Annotated[str, Field(max_length=100), *_NO_NUL]


class TokenIn(Schema):
    """What an integration sends for a token. Text fields refuse NUL characters (422 naming
    the field), and a login longer than an e-mail can be is refused before any check."""

    login: LoginText
    password: PasswordText
    otp: OtpText | None = None
    name: TokenNameText = "API"


class TokenOut(Schema):
    token: str
    id: int


class Message(Schema):
    detail: str


class LockedOut(Schema):
    detail: str
    unlock_at: datetime | None


class ApiTokenOut(Schema):
    id: int
    name: str
    prefix: str
    user_id: int
    created_at: datetime
    last_used_at: datetime | None


class ApiTokenList(Schema):
    items: list[ApiTokenOut]
    count: int


class UserOut(Schema):
    id: int
    full_name: str
    email: str | None
    phone: str | None
    language: str


class ClientRef(Schema):
    id: int
    name: str


class LegalEntityRef(Schema):
    id: int
    name: str
    inn: str
    kpp: str


class MeOut(Schema):
    user: UserOut
    kind: str | None
    staff_role: str
    client: ClientRef | None
    client_role: str
    legal_entities: list[LegalEntityRef]
    current_legal_entity_id: int | None
    permissions: list[str]


@router.post(
    "/auth/token",
    auth=None,
    response={200: TokenOut, 401: Message, 429: LockedOut},
    url_name="auth_token_create",
    summary="Issue an API token for a login and password (and TOTP code where needed)",
)
def token_create(request, payload: TokenIn):
    try:
        user = login_check_password(request=request, login=payload.login, password=payload.password)
    except TooManyLoginFailures as error:
        return throttled_response(request, error)
    if login_is_locked(request):
        return lockout_response(request, None, {"login": payload.login})
    if user is None:
        return Status(401, {"detail": _("Неверный логин или пароль.")})
    problem = _second_factor_problem(request, user, payload.otp)
    if problem:
        return Status(401, {"detail": problem})
    token, raw = api_token_create(user=user, name=payload.name, request=request)
    # A token is a login: axes forgets earlier failures, the audit trail sees it.
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    return Status(200, {"token": raw, "id": token.pk})


def _second_factor_problem(request, user, otp: str | None) -> str:
    """Why the token may not be issued yet, or "" when the second factor is satisfied."""
    has_device = totp_device_of(user) is not None
    if not has_device and not two_factor_required(user):
        return ""
    if not has_device:
        return str(OTP_ENROL_FIRST)
    if not otp:
        return str(OTP_NEEDED)
    try:
        totp_verify(user=user, code=otp, request=request)
    except InvalidInput as error:
        return error.message
    return ""


@router.get(
    "/auth/tokens",
    response=ApiTokenList,
    url_name="auth_token_list",
    summary="Live API tokens of the caller (an administrator may pass user_id)",
)
def token_list(request, user_id: int | None = None, limit: int = 50, offset: int = 0):
    tokens = api_token_list(actor=request.actor, user_id=user_id)
    limit = max(1, min(limit, 200))
    offset = max(0, offset)
    return {"items": list(tokens[offset : offset + limit]), "count": tokens.count()}


@router.delete(
    "/auth/tokens/{int:token_id}",
    response={204: None},
    url_name="auth_token_revoke",
    summary="Revoke a token (its owner or an administrator)",
)
def token_revoke(request, token_id: int):
    token = api_token_get(actor=request.actor, token_id=token_id)
    api_token_revoke(actor=request.actor, token=token, request=request)
    return HttpResponse(status=204)


@router.get("/me", response=MeOut, url_name="me", summary="Who the caller is and what they may do")
def me(request):
    return profile_of(actor=request.actor)
