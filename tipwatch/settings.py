"""TIPWatch settings: one file, configured from the environment (see .env.example)."""

import os
import re
from pathlib import Path

import dj_database_url

from tipwatch.core.mail import MailURLError, mail_settings
from tipwatch.core.parsing import whole_number

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name, "")
    if not value.strip():
        return default
    try:
        return whole_number(value, label=name)
    except ValueError as error:
        raise SystemExit(f"TIPWatch: {error} (see .env.example).") from None


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not DEBUG:
    # No production secret has a default: refuse to start, with a message and no traceback.
    if not SECRET_KEY:
        raise SystemExit("TIPWatch: SECRET_KEY must be set when DEBUG is off (see .env.example).")
    if not ALLOWED_HOSTS:
        raise SystemExit(
            "TIPWatch: ALLOWED_HOSTS must be set when DEBUG is off, "
            "e.g. ALLOWED_HOSTS=tipwatch.example.org (see .env.example)."
        )
else:
    SECRET_KEY = SECRET_KEY or "insecure-debug-only-key"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]", "testserver"]

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Read-only pages may be opened to the public; writes always need a login and a permission.
PUBLIC_READ_ONLY = env_bool("PUBLIC_READ_ONLY", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "tipwatch.core",  # the machinery (label "tipwatch"), under every app
    "countries",
    "recommendations",
    "tipwatch",  # the site (label "site"), over every app
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tipwatch.core.sessions.CachedSessionCheckMiddleware",  # a logout or restore wins
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "tipwatch.core.middleware.LoginRequiredMiddleware",
    "tipwatch.core.middleware.SlidingSessionMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tipwatch.urls"
WSGI_APPLICATION = "tipwatch.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Embedded default: an SQLite file under var/. Production: DATABASE_URL=postgres://...
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'tipwatch.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside a writer; IMMEDIATE takes the write lock at BEGIN so two
    # gunicorn workers never deadlock upgrading a read lock.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background jobs (imports from the web, periodic tasks): django-tasks with its database
# backend, so any number of workers (`manage.py run_worker`) on any host share the queue.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Imports from the web: uploaded files are kept for audit here, never served (not under
# static/ or any URL). Each file may be at most IMPORT_MAX_UPLOAD_MB.
IMPORT_UPLOAD_ROOT = Path(os.environ.get("IMPORT_UPLOAD_DIR") or BASE_DIR / "var" / "uploads")
IMPORT_MAX_UPLOAD_MB = env_int("IMPORT_MAX_UPLOAD_MB", 100)
IMPORT_MAX_FILES = 20
# Larger uploads stream to a temporary file instead of memory (Django's default, said here).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# A worker that shows no progress for this long is taken as stopped (see tipwatch/core/jobs.py).
IMPORT_JOB_STALE_MINUTES = env_int("IMPORT_JOB_STALE_MINUTES", 30)
# What one import job (reading, planning and writing its files) may take on a worker before it
# is stopped, failed with the reason and the worker goes on: seconds on the clock, and MB it may
# add to the worker's memory; 0 for no limit (tipwatch/core/joblimits.py).
IMPORT_JOB_SECONDS = env_int("IMPORT_JOB_SECONDS", 600)
IMPORT_JOB_MEMORY_MB = env_int("IMPORT_JOB_MEMORY_MB", 1536)

# A shared cache (Redis) lets several gunicorn hosts see one invalidation; without REDIS_URL
# each process keeps its own small in-memory cache. The cache is an accelerator: short timeouts,
# and any failure answers as a miss (tipwatch/core/cache.py), so pages come from the database. Give
# Redis a memory bound with eviction (README, "Running on PostgreSQL in production").
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "tipwatch.core.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "tipwatch",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    # Sessions read from Redis, written to both: the database keeps them when Redis is away, and
    # a copy in Redis is checked against it after any logout or restore (tipwatch/core/sessions.py).
    SESSION_ENGINE = "tipwatch.core.sessions"
else:
    # Per process, so sessions stay in the database alone (a logout must reach every worker).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 500},
        }
    }

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "tipwatch.core.auth.CachedPermissionsBackend",  # ModelBackend, its answers cached
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
# "start" sends each role to its home page (managers to /trends/), by permission.
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

# Failed logins: 5 failures for one username from one address lock that pair for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# axes logs successful logins, failures and lockouts (logger "axes"); name the username and
# address in those lines, so the log can say who was locked out. Passwords are never logged.
AXES_SENSITIVE_PARAMETERS = []

# Behind reverse proxies: how many of them stand between the client and gunicorn, each
# appending to X-Forwarded-For. The client is the entry that many places from the right;
# entries further left are the client's own and ignored (tipwatch/core/clientip.py). 0 (the
# default) ignores the header: right when gunicorn faces the clients directly.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "tipwatch.core.clientip.client_ip"

# Sessions end after a working day idle: SlidingSessionMiddleware pushes the expiry forward
# with activity, saving the session at most once per SESSION_REFRESH_SECONDS rather than on
# every request (SESSION_SAVE_EVERY_REQUEST would add a write to every page view).
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_REFRESH_SECONDS = 5 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = False
SESSION_COOKIE_SAMESITE = "Lax"

# A refused CSRF check shows the site's own friendly page (templates/403_csrf.html).
CSRF_FAILURE_VIEW = "tipwatch.views.site.csrf_failure"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
# English only (nothing is translated): without the translation machinery each of the thousands
# of values a page renders costs less (the country page renders 25% faster).
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Hashed names never change content, so browsers may keep them for a year (WhiteNoise default
# for versioned files); the unhashed ones get a short lifetime.
WHITENOISE_MAX_AGE = 60

# Security headers. Secure cookies and HSTS follow DEBUG so the local quick start works over
# plain http; SECURE_SSL_REDIRECT is for deployments behind a TLS-terminating proxy.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe /healthz over plain http on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: only this site, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # plotly.js sets element styles from script; no inline <style> is in our templates.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Logs: one JSON object per line on standard error (tipwatch/core/logs.py), for a log collector.
# Server errors carry the request's path, user id, client address and traceback, never its
# body; client errors (4xx) are INFO. LOG_LEVEL=WARNING leaves out those and the login lines.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "") or "600/minute"
if not re.fullmatch(r"[1-9][0-9]*/(second|minute|hour|day|s|m|h|d)", API_THROTTLE_RATE):
    raise SystemExit(
        f"TIPWatch: API_THROTTLE_RATE={API_THROTTLE_RATE!r} is not a rate such as 600/minute "
        "(a number, then /second, /minute, /hour or /day)."
    )

# The API under /api/v1/ (tipwatch/api/): personal tokens or the browser's session, the same
# permissions as the pages, every list paginated, a throttle per token.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "tipwatch.api.auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["tipwatch.api.permissions.ReadAccess"],
    "DEFAULT_THROTTLE_CLASSES": ["tipwatch.api.throttles.PerTokenThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": API_THROTTLE_RATE},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "tipwatch.api.pagination.NumberedPages",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "TIPWatch API",
    "DESCRIPTION": "Tier ratings, prioritized recommendations and their status history, read "
    "only, except that admins record statuses. Authenticate with a personal token "
    "(`Authorization: Bearer tw_...`, made on /accounts/) or the browser session.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["tipwatch.api.permissions.ReadAccess"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # The documentation page's assets come from this site's static files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tipwatch.api.schema.document_errors",
    ],
}

# Email (digests): EMAIL_URL such as smtp://user:password@host:587/?tls=True, or the usual
# EMAIL_HOST, EMAIL_PORT, ... variables; the console backend (mail printed) by default.
try:
    _email = mail_settings(os.environ.get("EMAIL_URL", ""), base_dir=BASE_DIR)
except MailURLError as error:
    raise SystemExit(f"TIPWatch: {error}") from None
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH") or None
EMAIL_HOST = os.environ.get("EMAIL_HOST", "") or _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", _email["EMAIL_PORT"] or 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "") or _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = (
    os.environ.get("EMAIL_HOST_PASSWORD", "") or _email["EMAIL_HOST_PASSWORD"] or ""
)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", _email["EMAIL_USE_TLS"])
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", _email["EMAIL_USE_SSL"])
if os.environ.get("EMAIL_HOST") and not os.environ.get("EMAIL_URL"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "") or "TIPWatch <tipwatch@localhost>"
# The site's address as readers reach it, for the links in emails (no request to build them).
SITE_URL = (os.environ.get("SITE_URL", "") or "http://localhost:8000").rstrip("/")

# A recommendation is due for review when its current status is older than this (days).
REVIEW_AFTER_DAYS = env_int("REVIEW_AFTER_DAYS", 180)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors_as_info": {"()": "tipwatch.core.logs.ClientErrorsAsInfo"}},
    "formatters": {"json": {"()": "tipwatch.core.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["client_errors_as_info"],
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # Everything of Django's reaches the root handler (its defaults print only with DEBUG).
        "django": {"handlers": [], "level": LOG_LEVEL},
        "django.request": {"level": LOG_LEVEL},
        "axes": {"level": LOG_LEVEL},
        "tipwatch": {"level": LOG_LEVEL},
    },
}
