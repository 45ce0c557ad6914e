"""One settings file, driven by the environment.

With nothing set it runs on an embedded SQLite database under var/, so a fresh
checkout works with `make run`. DATABASE_URL switches to PostgreSQL.
"""
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("SHUNIU_VAR_DIR", PROJECT_DIR / "var"))


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SHUNIU_ENV = os.environ.get("SHUNIU_ENV", "development")
DEV_SECRET_KEY = "dev-only-insecure-key-change-me"
DEV_HOSTS = "127.0.0.1,localhost,testserver"
DEBUG = env_flag("DEBUG", SHUNIU_ENV != "production")
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", DEV_HOSTS).split(",") if h]


def refuse_unsafe_production() -> None:
    """In production, the settings left at their development defaults stop the start."""
    if SHUNIU_ENV != "production":
        return
    problems = []
    if DEBUG:
        problems.append("DEBUG is on")
    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 32:
        problems.append("SECRET_KEY is unset or the development default (set 50 random characters)")
    if "ALLOWED_HOSTS" not in os.environ:
        problems.append("ALLOWED_HOSTS is unset (name the host names the site answers to)")
    if problems:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SHUNIU_ENV=production refuses to start: " + "; ".join(problems))


refuse_unsafe_production()
if SHUNIU_ENV == "production":
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "shuniu.admin_site.ShuniuAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "shuniu.audit",
    "shuniu.accounts",
    "shuniu.divisions",
    "shuniu.registry",
    "shuniu.hubs",
    "shuniu.analytics",
    "shuniu.routing",
    "shuniu.party",
    "shuniu.services",
    "shuniu.oversight",
    "shuniu.imports",
    "shuniu.exports",
    "shuniu.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "shuniu.i18n.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "shuniu.audit.middleware.ActingUserMiddleware",
    "shuniu.audit.security.RefusalLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "shuniu.urls"
WSGI_APPLICATION = "shuniu.wsgi.application"

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
                "shuniu.accounts.context_processors.workspace",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'shuniu.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    if "DATABASE_URL" not in os.environ:
        VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded default needs its folder
    # Readers do not block the writer; the demo and imports write in long transactions.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out username/address before checking the password
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours: a locked account opens again after 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

SESSION_COOKIE_AGE = 8 * 3600  # a working day; sign in again after that
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# No inline scripts anywhere: page data travels in <script type="application/json">
# (json_script) and code in static files. Style attributes are allowed because the
# chart library sets them on the elements it draws; they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# A filter's "any value" choice reads 全部, not django-filter's "---------" (lazy: settings load before translations).
FILTERS_EMPTY_CHOICE_LABEL = gettext_lazy("Any")
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# Uploaded files (import files are kept with their import record); never served as static files.
MEDIA_ROOT = Path(os.environ.get("SHUNIU_MEDIA_ROOT", VAR_DIR / "media"))

# Background jobs (imports): the database is the queue by default, so the demo needs no extra
# service; `shuniu db_worker` runs them. At scale: the same on PostgreSQL, or a Redis backend.
TASKS = {"default": {"BACKEND": os.environ.get("SHUNIU_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
                     "QUEUES": ["default"]}}
# Figures and list totals are cached per data version (analytics/cache.py). The cache must be one the
# job worker shares: it computes the dashboard's figures after a change, and a per-process memory cache
# would keep them from the web process, which then showed the last figures as stale until they expired.
# Files under var/ are shared by every process on the machine and need no service; across machines,
# point CACHES at Redis (docs/deploy.md).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                      "LOCATION": os.environ.get("SHUNIU_CACHE_DIR", str(VAR_DIR / "cache")),
                      "OPTIONS": {"MAX_ENTRIES": 20_000}}}
# Exports above this many rows are written by a background job (shuniu/exports) instead of streamed in the
# request: a million-row XLSX takes minutes, which no browser or proxy waits for.
EXPORT_JOB_ROWS = int(os.environ.get("SHUNIU_EXPORT_JOB_ROWS", "50000"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["shuniu.accounts.api_permissions.RestrictedPermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "shuniu.pagination.Pagination",
    "DEFAULT_PARSER_CLASSES": ["shuniu.parsers.JSON", "shuniu.parsers.Form", "shuniu.parsers.MultiPart"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "shuniu API",
    "DESCRIPTION": "枢纽型社会组织工作体系: organisations, hubs, affiliations, divisions. "
                   "Every list is limited to the caller's scope.",
    "VERSION": "1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    # Two choice sets share the field name "kind": name each enum after its meaning.
    "ENUM_NAME_OVERRIDES": {
        "AffiliationKindEnum": "shuniu.hubs.models.Affiliation.Kind",
        "RecognitionKindEnum": "shuniu.oversight.models.RecognitionApplication.Kind",
        "ExportKindEnum": "shuniu.exports.models.ExportJob.Kind",
        # Export and evaluation jobs share their states (queued, running, done, failed).
        "JobStateEnum": "shuniu.oversight.models.EvaluationJob.State",
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
