"""One-time SMS codes for registration and password recovery by phone.

A code is stored as an HMAC, lives `settings.OKNO_SMS_CODE_MINUTES` and allows
`MAX_ATTEMPTS` guesses. A phone gets at most one code a minute and `HOURLY_LIMIT` an
hour for each purpose, so nobody can flood a number; limits per visitor and the overall
budget are in `services.throttles`. The limit is hourly, not daily, and counted per
purpose: a stranger asking codes for someone's number can hold up their recovery for
an hour at most, and registration attempts never hold it up.
"""

from __future__ import annotations

import secrets
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from okno.accounts import tasks
from okno.accounts.models import PhoneCode
from okno.accounts.services.throttles import sms_send_check
from okno.core import throttle
from okno.core.errors import InvalidInput

MAX_ATTEMPTS = 5
RESEND_SECONDS = 60
HOURLY_LIMIT = 5
# How long after a correct code the person may finish the form that follows it.
CONFIRMED_VALID_MINUTES = 30

# Keyed by purpose; the texts are lazy so the SMS goes out in the request's language.
_TEXTS: dict[str, Any] = {
    PhoneCode.Purpose.REGISTER: gettext_lazy("Код для регистрации в личном кабинете: %(code)s"),
    PhoneCode.Purpose.RESET: gettext_lazy(
        "Код для восстановления пароля: %(code)s. Никому его не сообщайте."
    ),
}


def _code_hash(phone: str, purpose: str, code: str) -> str:
    return salted_hmac(
        "okno.phone_code", f"{phone}:{purpose}:{code}", algorithm="sha256"
    ).hexdigest()


def _too_soon(seconds: int) -> InvalidInput:
    return InvalidInput(
        _("Новый код можно запросить через %(seconds)s с.") % {"seconds": max(1, seconds)},
        field="phone",
        code="throttled",
    )


def _check_send_allowed(phone: str, purpose: str) -> None:
    """Refuse a code for `phone` sooner than a minute after the last one or over the hour's
    limit. The phone's recent codes are locked, so parallel requests are checked in turn."""
    now = timezone.now()
    recent = list(
        PhoneCode.objects.select_for_update()
        .filter(phone=phone, purpose=purpose, created_at__gt=now - timedelta(hours=1))
        .order_by("-created_at")
        .values_list("created_at", flat=True)
    )
    if recent and (now - recent[0]).total_seconds() < RESEND_SECONDS:
        raise _too_soon(RESEND_SECONDS - int((now - recent[0]).total_seconds()))
    if len(recent) >= HOURLY_LIMIT:
        wait = recent[HOURLY_LIMIT - 1] + timedelta(hours=1) - now
        raise InvalidInput(
            _(
                "На этот номер за час отправлено слишком много кодов. "
                "Попробуйте снова через %(wait)s."
            )
            % {"wait": throttle.wait_text(max(1, int(wait.total_seconds())))},
            field="phone",
            code="throttled",
        )


def _claim_send(phone: str, purpose: str) -> None:
    """The first code of a phone has no row to lock: of parallel requests, the one that
    adds this guard to the cache sends. The guard lives as long as the resend interval."""
    key = f"okno:sms:sending:{purpose}:{phone}"
    if not cache.add(key, time.time(), RESEND_SECONDS):
        since = time.time() - float(cache.get(key) or time.time())
        raise _too_soon(RESEND_SECONDS - int(since))


@transaction.atomic
def phone_code_send(*, phone: str, purpose: str, deliver: bool = True, request=None) -> PhoneCode:
    """Make a new code for `phone` and text it after commit; earlier codes stop working.

    `deliver=False` makes the code without sending it: recovery for an unknown number
    looks exactly like recovery for a known one, so it does not reveal who is registered.
    `request` is the visitor's, for the limits per address and per session.
    """
    _check_send_allowed(phone, purpose)
    sms_send_check(purpose=purpose, request=request)
    _claim_send(phone, purpose)
    now = timezone.now()
    PhoneCode.objects.filter(
        phone=phone, purpose=purpose, used_at__isnull=True, expires_at__gt=now
    ).update(expires_at=now)
    code = f"{secrets.randbelow(10**6):06d}"
    phone_code = PhoneCode.objects.create(
        phone=phone,
        purpose=purpose,
        code_hash=_code_hash(phone, purpose, code),
        expires_at=now + timedelta(minutes=settings.OKNO_SMS_CODE_MINUTES),
    )
    if deliver:
        text = str(_TEXTS[purpose]) % {"code": code}
        transaction.on_commit(lambda: tasks.send_sms(phone=phone, text=text))
    return phone_code


def phone_code_confirm(*, phone: str, purpose: str, code: str) -> PhoneCode:
    """Check the code the person typed against the newest code sent to `phone`.

    Every check uses up one of `MAX_ATTEMPTS` before comparing, with one conditional
    UPDATE, so parallel guesses cannot get more tries. Not atomic on purpose: a wrong
    guess must stay counted even though we then raise.
    """
    phone_code = (
        PhoneCode.objects.filter(phone=phone, purpose=purpose, used_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    if phone_code is None:
        raise InvalidInput(_("Код не запрашивался. Запросите новый код."), field="code")
    if phone_code.expires_at <= timezone.now():
        raise InvalidInput(_("Срок действия кода истёк. Запросите новый код."), field="code")
    if not _attempt_reserved(phone_code):
        raise InvalidInput(
            _("Слишком много неверных попыток. Запросите новый код."),
            field="code",
            code="attempts",
        )
    typed = "".join(ch for ch in code or "" if ch.isdigit())
    if not constant_time_compare(phone_code.code_hash, _code_hash(phone, purpose, typed)):
        raise InvalidInput(_wrong_code_message(phone_code), field="code")
    phone_code.confirmed_at = timezone.now()
    phone_code.save(update_fields=["confirmed_at"])
    return phone_code


def _attempt_reserved(phone_code: PhoneCode) -> bool:
    reserved = PhoneCode.objects.filter(pk=phone_code.pk, attempts__lt=MAX_ATTEMPTS).update(
        attempts=F("attempts") + 1
    )
    phone_code.refresh_from_db(fields=["attempts"])
    return reserved == 1


def _wrong_code_message(phone_code: PhoneCode) -> str:
    left = MAX_ATTEMPTS - phone_code.attempts
    if left:
        return _("Неверный код. Осталось попыток: %(left)s.") % {"left": left}
    return _("Неверный код. Попытки закончились, запросите новый код.")


def phone_code_take(*, code_id: int | None, phone: str, purpose: str) -> PhoneCode:
    """The confirmed, unused code the person proved their phone with; marks it used.

    Call inside the transaction of the step it unlocks, so a failure leaves it unused.
    """
    fresh_after = timezone.now() - timedelta(minutes=CONFIRMED_VALID_MINUTES)
    phone_code = (
        None
        if code_id is None
        else (
            PhoneCode.objects.select_for_update()
            .filter(
                pk=code_id,
                phone=phone,
                purpose=purpose,
                used_at__isnull=True,
                confirmed_at__gt=fresh_after,
            )
            .first()
        )
    )
    if phone_code is None:
        raise InvalidInput(
            _("Подтверждение номера устарело. Начните заново и запросите новый код."),
            field="phone",
        )
    phone_code.used_at = timezone.now()
    phone_code.save(update_fields=["used_at"])
    return phone_code
