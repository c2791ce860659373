"""Codes an authenticator app would show, computed from the device key (no pyotp)."""

from django_otp.oath import totp


def totp_code(device, *, steps_ahead: int = 0) -> str:
    """The current code, or one a step or more later: django-otp refuses a code twice."""
    code = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps_ahead
    )
    return f"{code:0{device.digits}d}"
