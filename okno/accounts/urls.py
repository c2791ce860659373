from django.urls import path

from okno.accounts.views import invitation, login, recovery, registration, security, two_factor

app_name = "accounts"

urlpatterns = [
    path("login/", login.login_view, name="login"),
    path("logout/", login.logout_view, name="logout"),
    path("no-access/", login.no_access, name="no_access"),
    path("two-factor/", two_factor.two_factor, name="two_factor"),
    path("invite/<str:token>/", invitation.invitation, name="invitation"),
    path("register/", registration.register, name="register"),
    path("register/code/", registration.register_code, name="register_code"),
    path("register/code/resend/", registration.register_resend, name="register_resend"),
    path("register/details/", registration.register_details, name="register_details"),
    path("password-reset/", recovery.password_reset, name="password_reset"),
    path("password-reset/sent/", recovery.password_reset_sent, name="password_reset_sent"),
    path("password-reset/code/", recovery.password_reset_code, name="password_reset_code"),
    path(
        "password-reset/new/",
        recovery.password_reset_phone_set,
        name="password_reset_phone_set",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        recovery.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path("security/", security.security, name="security"),
    path("security/password/", security.password_change_view, name="password_change"),
    path(
        "security/sessions/<int:session_id>/end/",
        security.session_end_view,
        name="session_end",
    ),
    path(
        "security/sessions/end-others/",
        security.sessions_end_others_view,
        name="sessions_end_others",
    ),
    path("security/tokens/", security.token_create, name="token_create"),
    path("security/tokens/<int:token_id>/revoke/", security.token_revoke, name="token_revoke"),
    path("security/two-factor/disable/", security.two_factor_disable, name="two_factor_disable"),
]
