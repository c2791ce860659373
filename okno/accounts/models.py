"""People who log in: client persons, staff and integrations, with what secures their access."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from okno.core.phone import format_phone
from okno.core.roles import StaffRole


def token_digest(raw: str) -> str:
    """Stored form of a secret token: we keep the SHA-256, never the token itself."""
    return hashlib.sha256(raw.encode()).hexdigest()


class UserManager(BaseUserManager["User"]):
    """Creates people with the e-mail lower-cased, as every lookup by e-mail expects."""

    use_in_migrations = True

    def create_user(self, email=None, password=None, **fields):
        if email:
            email = self.normalize_email(email).lower()
        user = self.model(email=email or None, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password, **fields):
        fields.setdefault("staff_role", StaffRole.ADMIN)
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person or integration that logs in by e-mail or phone.

    `staff_role` is set for the company's staff and empty for client people, whose
    client, role and legal entities live in `clients.ClientMembership`.
    `is_active` is the manager's "access allowed"; `allow_multiple_sessions` off
    means a new login ends the person's other sessions.
    """

    email = models.EmailField(_("e-mail"), unique=True, null=True, blank=True)
    phone = models.CharField(_("телефон"), max_length=12, unique=True, null=True, blank=True)
    full_name = models.CharField(_("ФИО"), max_length=200)
    position = models.CharField(_("должность"), max_length=200, blank=True)
    staff_role = models.CharField(
        _("роль сотрудника"), max_length=20, choices=StaffRole.choices, blank=True
    )
    manager_code = models.CharField(
        _("код менеджера"),
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Клиент указывает этот код при регистрации, чтобы попасть к своему менеджеру."),
    )
    extra_permissions = models.JSONField(_("дополнительные права"), default=list, blank=True)
    is_active = models.BooleanField(_("доступ разрешён"), default=True)
    is_staff = models.BooleanField(_("доступ к админке"), default=False)
    allow_multiple_sessions = models.BooleanField(_("разрешить несколько сеансов"), default=True)
    date_joined = models.DateTimeField(_("создан"), default=timezone.now)
    language = models.CharField(_("язык"), max_length=5, default="ru")

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")
        constraints = [
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(phone__isnull=False),
                name="user_has_email_or_phone",
            ),
            # E-mails are stored lower-case (see save); this also holds if one slips in
            # another way, so "Anna@x.ru" and "anna@x.ru" can never be two people.
            models.UniqueConstraint(Lower("email"), name="user_email_lower_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email or self.phone or f"#{self.pk}"

    def save(self, *args, **kwargs):
        # Logins are looked up as `email=typed.lower()`, which an index serves.
        self.email = self.email.strip().lower() if self.email else None
        super().save(*args, **kwargs)

    @property
    def login_label(self) -> str:
        return self.email or format_phone(self.phone or "")

    @property
    def is_portal_staff(self) -> bool:
        return bool(self.staff_role)


class UserSession(models.Model):
    """A live login of a user: lets us end other sessions and show where one is logged in."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("сеанс")
        verbose_name_plural = _("сеансы")

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%d.%m.%Y %H:%M}"


class Invitation(models.Model):
    """A time-limited link by which a connected person sets their password."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("приглашение")
        verbose_name_plural = _("приглашения")

    def __str__(self) -> str:
        return gettext("%(user)s до %(date)s") % {
            "user": self.user,
            "date": f"{self.expires_at:%d.%m.%Y}",
        }

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at


class PhoneCode(models.Model):
    """A one-time SMS code for registration or password recovery by phone."""

    class Purpose(models.TextChoices):
        REGISTER = "register", _("регистрация")
        RESET = "reset", _("восстановление пароля")

    phone = models.CharField(max_length=12, db_index=True)
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("SMS-код")
        verbose_name_plural = _("SMS-коды")

    def __str__(self) -> str:
        return f"{self.phone} ({self.purpose})"


class Consent(models.Model):
    """The person's consent to personal-data processing, with the text version agreed to."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    given_at = models.DateTimeField(default=timezone.now)
    text_version = models.CharField(max_length=20)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("согласие на обработку ПДн")
        verbose_name_plural = _("согласия на обработку ПДн")

    def __str__(self) -> str:
        return gettext("%(user)s: %(version)s от %(date)s") % {
            "user": self.user,
            "version": self.text_version,
            "date": f"{self.given_at:%d.%m.%Y}",
        }


class ApiToken(models.Model):
    """A bearer token for integrations; the secret is shown once and stored hashed."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("название"), max_length=100, blank=True)
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API-токен")
        verbose_name_plural = _("API-токены")

    def __str__(self) -> str:
        return f"{self.prefix}… {self.name}"


class TwoFactorPolicy(models.Model):
    """Which staff roles must log in with a TOTP code; an administrator edits it."""

    role = models.CharField(_("роль"), max_length=20, choices=StaffRole.choices, unique=True)
    required = models.BooleanField(_("второй фактор обязателен"), default=False)

    class Meta:
        verbose_name = _("политика двухфакторного входа")
        verbose_name_plural = _("политики двухфакторного входа")

    def __str__(self) -> str:
        if self.required:
            return gettext("%(role)s: обязателен") % {"role": self.get_role_display()}
        return gettext("%(role)s: по желанию") % {"role": self.get_role_display()}
