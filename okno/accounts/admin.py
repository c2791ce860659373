"""Back-office settings of identity and access in Django admin."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from okno.accounts.models import (
    ApiToken,
    Consent,
    Invitation,
    PhoneCode,
    TwoFactorPolicy,
    User,
    UserSession,
)
from okno.accounts.services import (
    api_token_revoke,
    two_factor_policy_delete,
    two_factor_policy_save,
    user_delete_by_admin,
    user_save_by_admin,
)
from okno.clients.models import ClientMembership
from okno.core.actor import actor_for_user
from okno.core.admin import ReadOnlyAdmin
from okno.core.errors import InvalidInput
from okno.core.phone import normalize_phone
from okno.core.roles import Perm


def _admin_login(request, extra_context=None):
    """Admin logs in through the portal's login: lockout, second factor and session rules apply.

    A logged-in person without admin access gets 403 instead of a loop back to login.
    """
    if request.user.is_authenticated:
        raise PermissionDenied
    target = request.GET.get("next") or reverse("admin:index")
    return redirect_to_login(target, login_url=reverse("accounts:login"))


admin.site.login = _admin_login  # type: ignore[method-assign]


class LoginFieldsMixin:
    """E-mail stored lower-case and phone as +7XXXXXXXXXX, as the login looks them up."""

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip().lower()
        return email or None

    def clean_phone(self):
        phone = (self.cleaned_data.get("phone") or "").strip()
        if not phone:
            return None
        try:
            return normalize_phone(phone)
        except InvalidInput as error:
            raise forms.ValidationError(error.message) from error


def _phone_field() -> forms.CharField:
    # Wider than the stored +7XXXXXXXXXX, so "8 (916) 123-45-67" can be typed and normalised.
    return forms.CharField(label=gettext_lazy("Телефон"), max_length=32, required=False)


class UserCreationForm(LoginFieldsMixin, forms.ModelForm):
    phone = _phone_field()
    password1 = forms.CharField(
        label=gettext_lazy("Пароль"), strip=False, widget=forms.PasswordInput
    )

    class Meta:
        model = User
        fields = ("email", "phone", "full_name", "staff_role")

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user


class UserChangeForm(LoginFieldsMixin, DjangoUserChangeForm):
    phone = _phone_field()

    class Meta(DjangoUserChangeForm.Meta):
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = AdminPasswordChangeForm
    ordering = ["full_name"]
    list_display = ["full_name", "email", "phone", "staff_role", "is_active", "last_login"]
    list_filter = ["staff_role", "is_active", "is_staff", "allow_multiple_sessions"]
    search_fields = ["email", "phone", "full_name"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("email", "phone", "password")}),
        (gettext_lazy("Человек"), {"fields": ("full_name", "position", "language")}),
        (
            gettext_lazy("Доступ"),
            {
                "fields": (
                    "staff_role",
                    "manager_code",
                    "extra_permissions",
                    "is_active",
                    "allow_multiple_sessions",
                    "is_staff",
                    "is_superuser",
                )
            },
        ),
        (gettext_lazy("Даты"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "phone", "full_name", "staff_role", "password1"),
            },
        ),
    )
    filter_horizontal = ()

    # Role, permissions and access are audited; access off ends the person's sessions.
    def save_model(self, request, obj, form, change):
        user_save_by_admin(actor_user=request.user, user=obj, request=request)

    def delete_model(self, request, obj):
        user_delete_by_admin(actor_user=request.user, user=obj, request=request)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            user_delete_by_admin(actor_user=request.user, user=user, request=request)

    def get_deleted_objects(self, objs, request):
        # A person's portal membership goes with them. Its own admin is read-only (the client
        # card changes it), which alone would forbid this; the deletion is audited as a whole.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(ClientMembership._meta.verbose_name)
        return deleted, counts, perms_needed, protected


@admin.register(TwoFactorPolicy)
class TwoFactorPolicyAdmin(admin.ModelAdmin):
    list_display = ["role", "required"]
    list_editable = ["required"]

    def save_model(self, request, obj, form, change):
        two_factor_policy_save(actor_user=request.user, policy=obj, request=request)

    def delete_model(self, request, obj):
        two_factor_policy_delete(actor_user=request.user, policy=obj, request=request)

    def delete_queryset(self, request, queryset):
        for policy in queryset:
            two_factor_policy_delete(actor_user=request.user, policy=policy, request=request)


def _may_manage_tokens(request) -> bool:
    return actor_for_user(request.user).can(Perm.TOKENS_MANAGE_ALL)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["prefix", "name", "user", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["prefix", "name", "user__email", "user__phone", "user__full_name"]
    list_select_related = ["user"]
    exclude = ["key_hash"]
    actions = ["revoke"]

    def has_module_permission(self, request):
        return _may_manage_tokens(request)

    def has_view_permission(self, request, obj=None):
        return _may_manage_tokens(request)

    @admin.action(description=gettext_lazy("Отозвать выбранные токены"))
    def revoke(self, request, queryset):
        actor = actor_for_user(request.user)
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(actor=actor, token=token, request=request)
            revoked += 1
        message = _("Отозвано токенов: %(count)s.") % {"count": revoked}
        self.message_user(request, message, messages.SUCCESS)


@admin.register(UserSession)
class UserSessionAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["user", "created_at", "ip", "user_agent"]
    search_fields = ["user__email", "user__phone", "user__full_name", "ip"]
    list_select_related = ["user"]
    exclude = ["session_key"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["user", "created_by", "created_at", "expires_at", "accepted_at"]
    search_fields = ["user__email", "user__phone", "user__full_name"]
    list_select_related = ["user", "created_by"]
    exclude = ["token_hash"]


@admin.register(PhoneCode)
class PhoneCodeAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["phone", "purpose", "created_at", "expires_at", "attempts", "used_at"]
    list_filter = ["purpose"]
    search_fields = ["phone"]
    exclude = ["code_hash"]


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["user", "given_at", "text_version", "ip"]
    search_fields = ["user__email", "user__phone", "user__full_name"]
    list_select_related = ["user"]
