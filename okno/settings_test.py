"""Settings for the test suite: the real settings, with tasks run inline and fast hashing."""

import os

os.environ.setdefault("OKNO_TESTING", "1")

from okno.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
OKNO_SMS_GATEWAY = "memory"
LOGGING = {"version": 1, "disable_existing_loggers": False}
