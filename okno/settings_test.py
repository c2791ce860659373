"""Settings for the test suite: the real settings, with tasks run inline and fast hashing."""

import os
import tempfile

os.environ.setdefault("OKNO_TESTING", "1")
os.environ.setdefault("OKNO_SECRET_KEY", "tests-only-secret-key-0123456789-abcdefghijklmnop")
# Each test run gets its own var/ (task queue file, media) so runs never share state.
os.environ.setdefault("OKNO_VAR_DIR", tempfile.mkdtemp(prefix="okno-test-"))


def _redis_database_per_worker(url: str) -> str:
    """Parallel test workers each get their own Redis database (1–15): clearing the cache
    in one worker's test must not wipe the counters another worker's test relies on."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = 1 + int("".join(ch for ch in worker if ch.isdigit()) or 0) % 15
    base = url.rsplit("/", 1)[0] if url.count("/") > 2 else url
    return f"{base}/{number}"


if os.environ.get("REDIS_URL"):
    os.environ["REDIS_URL"] = _redis_database_per_worker(os.environ["REDIS_URL"])

from okno.settings import *  # noqa: F403, E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
OKNO_SMS_GATEWAY = "memory"
# Tests change the catalog by factories, not through its services: filters computed afresh.
OKNO_CATALOG_FACETS_SECONDS = 0
LOGGING = {"version": 1, "disable_existing_loggers": False}

_DATABASE = DATABASES["default"]  # noqa: F405
if _DATABASE["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not Django's shared-cache memory database: concurrent tests then see SQLite
    # as production does (WAL, writers wait for each other) instead of "table is locked".
    _DATABASE["TEST"] = {"NAME": os.path.join(os.environ["OKNO_VAR_DIR"], "test.sqlite3")}
