"""Writes and workflows of identity and access; each is atomic and takes the acting user."""

from okno.accounts.services.access import (
    client_of_user,
    invitation_send,
    session_end,
    sessions_end,
    sessions_end_others,
    user_delete_by_admin,
    user_save_by_admin,
    user_set_access,
)
from okno.accounts.services.invitations import (
    InvitationState,
    consent_record,
    invitation_accept,
    invitation_find,
)
from okno.accounts.services.login import (
    login_begin,
    login_check_password,
    login_complete,
    login_is_locked,
    login_locked_until,
    login_pending,
    logout_complete,
)
from okno.accounts.services.phone_codes import (
    phone_code_confirm,
    phone_code_send,
    phone_code_take,
)
from okno.accounts.services.recovery import (
    password_change,
    password_reset_by_link,
    password_reset_by_phone,
    password_reset_email_send,
    password_reset_phone_send,
)
from okno.accounts.services.registration import (
    RegistrationDetails,
    manager_by_code,
    registration_complete,
    registration_start,
)
from okno.accounts.services.throttles import TooManyLoginFailures
from okno.accounts.services.tokens import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
)
from okno.accounts.services.two_factor import (
    totp_device_of,
    totp_disable,
    totp_enrol_confirm,
    totp_enrol_start,
    totp_qr_svg,
    totp_secret_grouped,
    totp_verify,
    two_factor_policy_delete,
    two_factor_policy_save,
    two_factor_required,
    two_factor_step,
)

__all__ = [
    "InvitationState",
    "RegistrationDetails",
    "TooManyLoginFailures",
    "api_token_authenticate",
    "api_token_create",
    "api_token_revoke",
    "client_of_user",
    "consent_record",
    "invitation_accept",
    "invitation_find",
    "invitation_send",
    "login_begin",
    "login_check_password",
    "login_complete",
    "login_is_locked",
    "login_locked_until",
    "login_pending",
    "logout_complete",
    "manager_by_code",
    "password_change",
    "password_reset_by_link",
    "password_reset_by_phone",
    "password_reset_email_send",
    "password_reset_phone_send",
    "phone_code_confirm",
    "phone_code_send",
    "phone_code_take",
    "registration_complete",
    "registration_start",
    "session_end",
    "sessions_end",
    "sessions_end_others",
    "totp_device_of",
    "totp_disable",
    "totp_enrol_confirm",
    "totp_enrol_start",
    "totp_qr_svg",
    "totp_secret_grouped",
    "totp_verify",
    "two_factor_policy_delete",
    "two_factor_policy_save",
    "two_factor_required",
    "two_factor_step",
    "user_delete_by_admin",
    "user_save_by_admin",
    "user_set_access",
]
