"""Settings for Okno, read from environment variables (and an optional `.env`).

With no configuration at all the portal runs on an embedded SQLite database in
`var/`, a SQLite task queue and an in-memory channel layer; `DATABASE_URL` and
`REDIS_URL` switch it to PostgreSQL and Redis.
"""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
env = environ.Env()
environ.Env.read_env(Path.cwd() / ".env", overwrite=False)

VAR_DIR = Path(env.str("OKNO_VAR_DIR", default=str(Path.cwd() / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("OKNO_DEBUG", default=False)
TESTING = env.bool("OKNO_TESTING", default=False)
SECRET_KEY = env.str("OKNO_SECRET_KEY", default="")
if not SECRET_KEY:
    # The embedded set-up keeps a generated key in var/ so sessions survive restarts.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = env.list("OKNO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("OKNO_CSRF_TRUSTED_ORIGINS", default=[])
OKNO_BASE_URL = env.str("OKNO_BASE_URL", default="http://127.0.0.1:8000")
OKNO_COMPANY_NAME = env.str("OKNO_COMPANY_NAME", default="Окно")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves the API docs from local static files, not a CDN
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "huey.contrib.djhuey",
    "channels",
    "okno.core",
    "okno.accounts",
    "okno.audit",
    "okno.catalog",
    "okno.clients",
    "okno.orders",
    "okno.dealers",
    "okno.payments",
    "okno.finance",
    "okno.proposals",
    "okno.desk",
    "okno.exchange",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "okno.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "okno.accounts.middleware.TwoFactorMiddleware",
    "okno.core.middleware.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "okno.urls"
WSGI_APPLICATION = "okno.wsgi.application"
ASGI_APPLICATION = "okno.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "okno.core.context_processors.portal",
            ],
            "builtins": ["okno.core.templatetags.okno"],
        },
    }
]

# --- database ---------------------------------------------------------------
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'okno.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
        ),
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- identity -----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "okno.accounts.backends.LoginBackend",
]
PASSWORD_HASHERS = [
    "okno.accounts.hashers.PortalArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "phone", "full_name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "okno.accounts.passwords.CharacterClassValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_COOKIE_AGE = env.int("OKNO_SESSION_AGE", default=60 * 60 * 24 * 14)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("OKNO_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_ENGINE = env.str("OKNO_SESSION_ENGINE", default="django.contrib.sessions.backends.db")
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2
OKNO_INVITATION_DAYS = env.int("OKNO_INVITATION_DAYS", default=7)
OKNO_SMS_CODE_MINUTES = 10
# SMS codes the portal may send per hour, for registration and for recovery each.
OKNO_SMS_HOURLY_BUDGET = env.int("OKNO_SMS_HOURLY_BUDGET", default=500)
OKNO_SMS_GATEWAY = env.str("OKNO_SMS_GATEWAY", default="console")
OKNO_SMSRU_API_ID = env.str("OKNO_SMSRU_API_ID", default="")
OKNO_SMSRU_URL = env.str("OKNO_SMSRU_URL", default="https://sms.ru/sms/send")
OKNO_CONSENT_VERSION = "2026-01"
# Whether clients see the base price type's price beside their own.
OKNO_SHOW_BASE_PRICE = env.bool("OKNO_SHOW_BASE_PRICE", default=True)
# How long a group's filter lists (brands, property values) are reused; a catalog write
# (import, reindex) makes new ones at once. 0 — computed on every request.
OKNO_CATALOG_FACETS_SECONDS = env.int("OKNO_CATALOG_FACETS_SECONDS", default=300)
# The delivery charge of an order delivered to the client's address (roubles, VAT included
# at the rate given): 0 — delivery is not charged; free from an order's goods total of
# OKNO_DELIVERY_FREE_FROM (0 — never free). Pickup is free.
OKNO_DELIVERY_PRICE = Decimal(env.str("OKNO_DELIVERY_PRICE", default="0"))
OKNO_DELIVERY_FREE_FROM = Decimal(env.str("OKNO_DELIVERY_FREE_FROM", default="0"))
OKNO_DELIVERY_VAT_RATE = env.str("OKNO_DELIVERY_VAT_RATE", default="22")
if OKNO_DELIVERY_VAT_RATE not in ("22", "10", "0", "none"):
    raise ImproperlyConfigured("OKNO_DELIVERY_VAT_RATE: one of 22, 10, 0, none")
# Orders are numbered with this prefix and the order id, e.g. «ОК-000123».
OKNO_ORDER_NUMBER_PREFIX = env.str("OKNO_ORDER_NUMBER_PREFIX", default="ОК-")
# The online payment provider of orders and invoices (okno/payments/providers.py): `test`
# (a page of the portal that takes no money) or `yookassa`; online payment may be switched off.
OKNO_PAYMENT_PROVIDER = env.str("OKNO_PAYMENT_PROVIDER", default="test")
OKNO_PAYMENTS_ENABLED = env.bool("OKNO_PAYMENTS_ENABLED", default=True)
# YooKassa (API v3): the shop's id and secret key from its dashboard; the API's address
# (a local fake in tests); seconds to wait for an answer and attempts on a failure; whether
# a notification must come from YooKassa's published addresses (off only behind a proxy
# that hides the sender, or in tests).
OKNO_YOOKASSA_SHOP_ID = env.str("OKNO_YOOKASSA_SHOP_ID", default="")
OKNO_YOOKASSA_SECRET_KEY = env.str("OKNO_YOOKASSA_SECRET_KEY", default="")
OKNO_YOOKASSA_API_URL = env.str("OKNO_YOOKASSA_API_URL", default="https://api.yookassa.ru/v3/")
OKNO_YOOKASSA_TIMEOUT = env.float("OKNO_YOOKASSA_TIMEOUT", default=10.0)
OKNO_YOOKASSA_ATTEMPTS = env.int("OKNO_YOOKASSA_ATTEMPTS", default=3)
OKNO_YOOKASSA_CHECK_IP = env.bool("OKNO_YOOKASSA_CHECK_IP", default=True)
OKNO_YOOKASSA_IPS = env.list(
    "OKNO_YOOKASSA_IPS",
    default=[
        "185.71.76.0/27",
        "185.71.77.0/27",
        "77.75.153.0/25",
        "77.75.156.11",
        "77.75.156.35",
        "77.75.154.128/25",
        "2a02:5180::/32",
    ],
)
# A quick order takes a file up to this size and has no row cap: a request may carry as
# much pasted text, and a preview's form sends six fields per line (50,000 lines).
OKNO_QUICK_ORDER_MAX_FILE_MB = env.int("OKNO_QUICK_ORDER_MAX_FILE_MB", default=20)
# The appeals desk: the largest attached file, how many files one message carries, and how
# long after an appeal is resolved or closed its client may reopen it.
OKNO_DESK_MAX_FILE_MB = env.int("OKNO_DESK_MAX_FILE_MB", default=20)
OKNO_DESK_MAX_FILES = env.int("OKNO_DESK_MAX_FILES", default=10)
OKNO_DESK_REOPEN_DAYS = env.int("OKNO_DESK_REOPEN_DAYS", default=14)
# How long «taken into work» keeps others off an appeal unless the page renews it.
OKNO_DESK_LOCK_MINUTES = env.int("OKNO_DESK_LOCK_MINUTES", default=5)
# How long an operator counts as having an appeal's page open after its last poll (the page
# polls every 12 seconds).
OKNO_DESK_PRESENCE_SECONDS = env.int("OKNO_DESK_PRESENCE_SECONDS", default=30)
# The e-mail channel: new appeals one address may open in an hour (past it letters are kept
# in quarantine, unanswered), and how long an IMAP server may keep us waiting.
OKNO_DESK_MAIL_NEW_PER_HOUR = env.int("OKNO_DESK_MAIL_NEW_PER_HOUR", default=20)
OKNO_DESK_MAIL_TIMEOUT = env.int("OKNO_DESK_MAIL_TIMEOUT", default=30)
# Telegram's Bot API; another address for a local Bot API server (or a test's fake).
OKNO_TELEGRAM_API_URL = env.str("OKNO_TELEGRAM_API_URL", default="https://api.telegram.org/")
OKNO_TELEGRAM_TIMEOUT = env.int("OKNO_TELEGRAM_TIMEOUT", default=20)
# The largest file a bot may upload to a chat (the Bot API's 50 MB; more with a local Bot
# API server): a larger file of a reply is replaced by a link to the appeal in the cabinet.
OKNO_TELEGRAM_UPLOAD_MB = env.int("OKNO_TELEGRAM_UPLOAD_MB", default=50)
# Messages one chat may send in a minute; past it updates are kept in quarantine, unfiled,
# and the chat is warned once.
OKNO_TELEGRAM_CHAT_PER_MINUTE = env.int("OKNO_TELEGRAM_CHAT_PER_MINUTE", default=20)
# The 1C exchange: where received files are kept, the largest upload of one file (parts
# appended), and how long one `mode=import` request may work before it answers `progress`.
OKNO_EXCHANGE_DIR = Path(env.str("OKNO_EXCHANGE_DIR", default=str(VAR_DIR / "exchange")))
OKNO_EXCHANGE_MAX_FILE_MB = env.int("OKNO_EXCHANGE_MAX_FILE_MB", default=2048)
# All files of one archive unpacked: a catalog of 200,000 products with 20 price types and
# 10 warehouses is about 2.7 GB of XML, sent as one archive of 150 MB.
OKNO_EXCHANGE_MAX_ARCHIVE_MB = env.int("OKNO_EXCHANGE_MAX_ARCHIVE_MB", default=8192)
OKNO_EXCHANGE_SLICE_SECONDS = env.float("OKNO_EXCHANGE_SLICE_SECONDS", default=5.0)
# Whether an import reads its file in a process of its own, on another core than its
# writing (see okno/exchange/importing/reading.py).
OKNO_EXCHANGE_READER_PROCESS = env.bool("OKNO_EXCHANGE_READER_PROCESS", default=True)
DATA_UPLOAD_MAX_MEMORY_SIZE = OKNO_QUICK_ORDER_MAX_FILE_MB * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 300_000
OTP_TOTP_ISSUER = OKNO_COMPANY_NAME

AXES_FAILURE_LIMIT = env.int("OKNO_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("OKNO_LOCKOUT_MINUTES", default=15))
# Per person, not per address: clients' offices share one NAT address, and a lockout
# by address would lock out a whole company after one employee's typos.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "okno.accounts.backends.axes_login"
AXES_LOCKOUT_CALLABLE = "okno.accounts.views.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = True

# --- background work, live updates, cache -----------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": env.str("OKNO_HUEY_NAME", default="okno"),
        "url": REDIS_URL,
        "immediate": TESTING,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "okno",
        }
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "okno",
        "filename": str(VAR_DIR / "tasks.sqlite3"),
        "immediate": TESTING,
        "consumer": {"workers": 1, "worker_type": "thread"},
    }
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- mail ---------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "OKNO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env.str("OKNO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("OKNO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("OKNO_EMAIL_USER", default="")
EMAIL_HOST_PASSWORD = env.str("OKNO_EMAIL_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("OKNO_EMAIL_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("OKNO_FROM_EMAIL", default="Окно <noreply@okno.local>")

# --- language, time, formats ------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env.str("OKNO_TIME_ZONE", default="Europe/Moscow")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["okno.formats"]

# --- static and media ---------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]  # the project-wide layout's CSS, JS and vendored files
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# --- security -------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if env.bool("OKNO_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("OKNO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "huey": {"level": "WARNING"},
        # WeasyPrint logs every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
