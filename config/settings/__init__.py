"""Tradepost settings: one module, driven by the environment.

Embedded default (nothing set): SQLite file, in-memory channel layer, local-memory cache, Celery on the
filesystem transport (worker + beat started by `manage.py serve`).
Scaled (DATABASE_URL, REDIS_URL): PostgreSQL with psycopg's pool, Redis pub/sub channel layer, Redis cache
and Celery broker.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.settings.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent


DEBUG = env_bool("DEBUG", False)
TESTING = "pytest" in sys.modules
DEV_SECRET_KEY = "django-insecure-dev-only-key-do-not-use-in-production-0123456789"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    # A development key keeps `make run`, tests and manage.py working on a fresh clone. A production
    # deployment (HTTPS=1 or PRODUCTION=1) and the scaled mode (PostgreSQL or Redis) without DEBUG refuse to
    # start without a real one (issue 17 #2: a forged HS256 token signed with the public key), and
    # `check --deploy` flags the development key (common/checks.py).
    scaled = bool(env_str("REDIS_URL")) or env_str("DATABASE_URL").startswith(("postgres", "postgresql"))
    if env_bool("HTTPS", False) or env_bool("PRODUCTION", False) or (scaled and not DEBUG and not TESTING):
        raise ImproperlyConfigured("SECRET_KEY must be set in production and in the scaled mode (or set DEBUG=1).")
    SECRET_KEY = DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "channels",
    "django_celery_beat",
    "common",
    "chat",
    "accounts",
    "merchants",
    "orders",
    "underwrite",
    "community",
    "marketplace",
    "travel",
    "config",  # the top layer: home page, staff dashboard, demo loader
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "common.middleware.UserTimezoneMiddleware",
    "axes.middleware.AxesMiddleware",  # last: answers a locked-out login (site, admin) with 429
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # CONN_MAX_AGE>0 leaks connections under ASGI (PERF-NOTES); psycopg's pool is the fast, safe option.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DB_POOL_MIN", 1),
        "max_size": env_int("DB_POOL_MAX", 20),
        "timeout": env_int("DB_POOL_TIMEOUT", 10),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + IMMEDIATE transactions: the web process and the embedded worker write without "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Everything that is shared between processes (cache keys, channel groups) is namespaced by database name
# and pytest-xdist worker, so parallel test workers and several checkouts can share one Redis.
NAMESPACE = env_str(
    "TRADEPOST_NAMESPACE",
    f"tp:{Path(str(DATABASES['default']['NAME'])).name}:{os.environ.get('PYTEST_XDIST_WORKER', '')}",
)

# --- Redis: cache, channel layer, Celery broker ---------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Tolerant: Redis down → cache misses and dropped writes, logged, never a 500 (common/cache.py).
    REDIS_SOCKET_TIMEOUT = float(env_str("REDIS_SOCKET_TIMEOUT", "1"))
    CACHES = {
        "default": {
            "BACKEND": "common.cache.TolerantRedisCache",  # pooled (common/redis.py) and tolerant
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": NAMESPACE,
            "OPTIONS": {"socket_connect_timeout": REDIS_SOCKET_TIMEOUT, "socket_timeout": REDIS_SOCKET_TIMEOUT},
        }
    }
    # Pub/sub layer: group_send 7x cheaper than RedisChannelLayer here (PERF-NOTES). It keeps nothing for
    # absent sockets, which is fine because every message is stored before it is pushed (clients `sync`).
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": NAMESPACE},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "KEY_PREFIX": NAMESPACE}}
    # In memory, and reachable from the embedded worker/beat threads of `manage.py serve`.
    CHANNEL_LAYERS = {"default": {"BACKEND": "common.channel_layer.InProcessChannelLayer"}}

# --- Auth -----------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# --- I18n / time ----------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"  # storage and the wire; pages show the user's zone (DISPLAY_TIME_ZONE by default)
DISPLAY_TIME_ZONE = env_str("DISPLAY_TIME_ZONE", "Asia/Shanghai")

# --- Static and media -----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Only when present: a fresh clone without project static files must pass `check --deploy` (staticfiles.W004).
STATICFILES_DIRS = [path for path in [BASE_DIR / "static"] if path.is_dir()]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed names need `collectstatic` first: production (the Procfile release step) sets STATIC_MANIFEST=1.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True  # serve straight from the apps in `make run` without collectstatic
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Production review (issue 10): at most this many files per request (Django's default is 100). Upload
# endpoints check UPLOAD_MAX_BYTES per file; the proxy caps the whole body (deploy/nginx.conf).
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("DATA_UPLOAD_MAX_NUMBER_FILES", 10)

from config.settings.security import *  # noqa: E402, F403 - security, auth tokens, DRF, input limits

# --- Domain timeouts (seconds, from the environment) ----------------------------------------------------
TRADE_SELLER_ACCEPT_TIMEOUT = env_int("TRADE_SELLER_ACCEPT_TIMEOUT", 48 * 3600)
TRADE_SELLER_CONFIRM_TIMEOUT = env_int("TRADE_SELLER_CONFIRM_TIMEOUT", 7 * 24 * 3600)
TRADE_BUYER_CONFIRM_TIMEOUT = env_int("TRADE_BUYER_CONFIRM_TIMEOUT", 7 * 24 * 3600)
TRADE_SWEEP_INTERVAL = env_int("TRADE_SWEEP_INTERVAL", 30)
TRADE_MAX_OPEN_PER_BUYER = env_int("TRADE_MAX_OPEN_PER_BUYER", 20)
ORDER_PAYMENT_TIMEOUT = env_int("ORDER_PAYMENT_TIMEOUT", 30 * 60)
ORDER_SWEEP_INTERVAL = env_int("ORDER_SWEEP_INTERVAL", 30)
CLAIM_DAYS = env_int("CLAIM_DAYS", 30)
UNDERWRITE_REMINDER_BEFORE = env_int("UNDERWRITE_REMINDER_BEFORE", 3600)  # remind the operator this long before plan_time
PAYMENT_SANDBOX_SECRET_DEFAULT = "sandbox-secret-change-me"  # noqa: S105 - public; a system-check error without DEBUG
PAYMENT_SANDBOX_SECRET = env_str("PAYMENT_SANDBOX_SECRET", PAYMENT_SANDBOX_SECRET_DEFAULT)
# The sandbox gateway and its pay page exist only in development (DEBUG), tests, or on purpose (DESIGN §9).
PAYMENT_SANDBOX = env_bool("PAYMENT_SANDBOX", DEBUG or TESTING)
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "tradepost")

# --- WebSocket ------------------------------------------------------------------------------------------
WS_AUTH_TIMEOUT = float(env_str("WS_AUTH_TIMEOUT", "5"))
WS_MAX_CONTENT_LENGTH = env_int("WS_MAX_CONTENT_LENGTH", 2000)
WS_RATE_LIMIT = env_int("WS_RATE_LIMIT", 20)  # chat frames per WS_RATE_WINDOW seconds per socket user
WS_RATE_WINDOW = float(env_str("WS_RATE_WINDOW", "10"))

# --- Celery ---------------------------------------------------------------------------------------------
CELERY_DATA_DIR = Path(env_str("CELERY_DATA_DIR", str(BASE_DIR / ".celery")))
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
else:
    # No server needed: the filesystem transport passes messages through folders; `manage.py serve` runs a
    # worker with embedded beat beside the web server.
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DATA_DIR / "queue"),
        "data_folder_out": str(CELERY_DATA_DIR / "queue"),
        "processed_folder": str(CELERY_DATA_DIR / "processed"),
        "control_folder": str(CELERY_DATA_DIR / "control"),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Every periodic job: an idempotent task that sweeps due rows in batches (DESIGN §6).
CELERY_BEAT_SCHEDULE = {
    "flush-expired-tokens": {
        "task": "common.tasks.flush_expired_tokens",
        "schedule": 6 * 3600.0,
    },
    "trade-timeouts": {
        "task": "marketplace.tasks.sweep_trade_timeouts",
        "schedule": float(TRADE_SWEEP_INTERVAL),
    },
    "order-timeouts": {
        "task": "orders.tasks.sweep_order_deadlines",
        "schedule": float(ORDER_SWEEP_INTERVAL),
    },
    "claim-expiry": {
        "task": "community.tasks.sweep_claim_expiry",
        "schedule": 3600.0,
    },
    "underwrite-reminders": {
        "task": "underwrite.tasks.send_underwrite_reminders",
        "schedule": 300.0,
    },
}

# --- Logging --------------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
