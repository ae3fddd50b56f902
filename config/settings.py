"""Settings for ささえあいログ, read from the environment.

Defaults are safe for a laptop: SQLite in the project folder and DEBUG on. Production sets
DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (PostgreSQL).
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


BUILTIN_SECRET_KEY = "sasaeai-log-insecure-development-key-do-not-use-in-production"

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or BUILTIN_SECRET_KEY
if not DEBUG and SECRET_KEY == BUILTIN_SECRET_KEY:
    raise ImproperlyConfigured(
        "DEBUG is off but SECRET_KEY is the built-in development value. "
        "Set the SECRET_KEY environment variable to a long random string."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    # Django's form widget templates, so that templates/django/forms/ may replace one
    "django.forms",
    # django-axes and django-otp's TOTP under Japanese names (config/third_party_apps.py)
    "config.third_party_apps.AxesConfig",
    "csp",
    "django_otp",
    "config.third_party_apps.TOTPConfig",
    "simple_history",
    "coordinators",
    "councils",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, so static files are not logged; outside the rest, so its time is the page's.
    "coordinators.recordkeeping.request_log.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Every page needs a login unless its view is marked login_not_required (login itself).
    "coordinators.accounts.session_limits.LoginRequiredReturningToThePage",
    "coordinators.accounts.session_limits.AbsoluteSessionLimitMiddleware",
    "coordinators.accounts.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "coordinators.recordkeeping.single_submission.SingleSubmissionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers a locked-out login with its own page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: 10 failures within 15 minutes lock the username and, separately, the address
# for 15 minutes; administrators unlock earlier in admin (アクセス試行).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind the reverse proxy every request comes from the proxy: without this one person's
# wrong passwords would lock everyone out, and access records would name the proxy.
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
AXES_CLIENT_IP_CALLABLE = "coordinators.recordkeeping.client_address.client_address"

# Two-factor login (TOTP): optional for every login; roles listed here must use it
# ("division", "admin"; comma-separated). Off for the demo.
REQUIRE_2FA_FOR = env_list("REQUIRE_2FA_FOR", [])
if set(REQUIRE_2FA_FOR) - {"division", "admin", "staff"}:
    raise ImproperlyConfigured(
        "REQUIRE_2FA_FOR takes division, admin and/or staff, comma-separated."
    )
OTP_TOTP_ISSUER = "ささえあいログ"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "coordinators.context_processors.role",
                "coordinators.context_processors.session_idle",
                "coordinators.context_processors.division",
            ],
            # {% form_guard %} goes in every POST form, so it needs no {% load %}.
            "builtins": ["coordinators.templatetags.form_guard"],
        },
    },
]
# Form widgets render through TEMPLATES above, except selects, checkbox and radio lists and
# inputs, which coordinators/form_renderer.py writes in Python (issue 22)
FORM_RENDERER = "coordinators.form_renderer.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        # A kept connection may have outlived a PostgreSQL restart; without this check the
        # first request of each gunicorn worker afterwards fails with a server error.
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "ja"
# Japanese for the third-party apps that ship none (django-axes, django-otp, simple-history…):
# our own catalogs, one folder per package, refreshed by locale/update-catalogs.sh (issue 17).
# The empty choice of a list filter (django-filter's default is "---------").
FILTERS_EMPTY_CHOICE_LABEL = "すべて"
LOCALE_PATHS = sorted(path for path in (BASE_DIR / "locale").iterdir() if path.is_dir())
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploaded master workbooks are read in memory; this caps what one request may carry.
MASTER_IMPORT_MAX_BYTES = env_int("MASTER_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

DJANGO_TABLES2_TEMPLATE = "django_tables2/sasaeai.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table"}

SESSION_COOKIE_HTTPONLY = True
# 30 minutes idle ends a session (renewed at most once a minute, by
# coordinators.accounts.session_limits); 10 hours end it regardless.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 10 * 60 * 60)
# A form posted with the token of a page drawn before the last login: a Japanese page that
# sends the user back to that page, where the browser restores what was typed (issue 18).
CSRF_FAILURE_VIEW = "coordinators.accounts.views.csrf_failure"
# History is for reading; undoing a change goes through the screens and their rules.
SIMPLE_HISTORY_REVERT_DISABLED = True

X_FRAME_OPTIONS = "DENY"
# Scripts and styles come only from our own static files: an injected <script> or on* attribute
# in a record's text cannot run even if escaping were ever missed somewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Submitting a city's domain to the browsers' preload list is the city's decision,
        # not the application's; HSTS itself is on.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    if BEHIND_TLS_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # One line per request (coordinators/recordkeeping/request_log.py), via the root's handler.
    "loggers": {"sasaeai.requests": {"level": "INFO"}},
}
