"""Settings for the test suite: the real settings, with tasks run inline and fast hashing."""

import os
import tempfile

os.environ.setdefault("OKNO_TESTING", "1")
os.environ.setdefault("OKNO_SECRET_KEY", "tests-only-secret-key-0123456789-abcdefghijklmnop")
# Each test run gets its own var/ (task queue file, media) so runs never share state.
os.environ.setdefault("OKNO_VAR_DIR", tempfile.mkdtemp(prefix="okno-test-"))

from okno.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
OKNO_SMS_GATEWAY = "memory"
LOGGING = {"version": 1, "disable_existing_loggers": False}
