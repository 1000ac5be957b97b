"""Settings for speechapp: one module, configured from the environment.

Development defaults need nothing set; production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY and
DJANGO_ALLOWED_HOSTS (and DATABASE_URL for PostgreSQL).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from speechapp.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("SPEECHAPP_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", True)
_DEV_KEY = "django-insecure-dev-only-speechapp"
SECRET_KEY = env_str("DJANGO_SECRET_KEY", _DEV_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY when DJANGO_DEBUG is off.")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    "speechapp.drafts",  # every model, by domain (speechapp/ARCHITECTURE.md)
    "speechapp.speech_templates",
    "speechapp.review",
    "speechapp.filling",
    "speechapp.collection",
    "speechapp.outputs",
    "speechapp.api",
    "speechapp.web",
]

MIDDLEWARE = [
    "speechapp.web.middleware.ServedByMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "speechapp.web.middleware.ChineseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "speechapp.web.middleware.LoginRequiredMiddleware",
    "speechapp.web.middleware.PrivatePagesMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "speechapp.web.middleware.BoundedBodyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "speechapp.web.middleware.DraftLockedMiddleware",
    # Last, as django-axes asks: answers a locked-out login with its lockout page.
    "axes.middleware.AxesMiddleware",
]

# No script but the app's own files: no inline script, no other host (django-csp). Inline
# style attributes stay allowed (a progress bar's width); they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Failed logins are throttled per user name and, separately, per address (django-axes), the
# admin's login included: after AXES_FAILURE_LIMIT failures the next tries are refused for
# AXES_COOLOFF_TIME, even with the right password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("SPEECHAPP_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SPEECHAPP_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "speechapp.web.lockout.locked_out"
AXES_VERBOSE = False
# Behind the deployment's proxy (nginx): the client address is the one it forwards (one rule,
# speechapp.drafts.client_address, for the lockout and the office links' rate limits).
SPEECHAPP_BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
AXES_CLIENT_IP_CALLABLE = "speechapp.drafts.client_address.client_address"
RATELIMIT_IP_META_KEY = "speechapp.drafts.client_address.client_address"

ROOT_URLCONF = "speechapp.web.urls"
WSGI_APPLICATION = "speechapp.wsgi.application"

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

# SQLite (WAL) by default; DATABASE_URL=postgres://… for an office that outgrows one machine.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        # A writer waits for another's write instead of failing with "database is locked"
        # (Python's default is 5 s, which 50 busy clients overran).
        "timeout": env_int("SPEECHAPP_SQLITE_TIMEOUT", 30),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Uploads: a template is a few dozen KB; refuse anything far larger before it is read.
# Background work (django-tasks, the backport of Django 6's tasks framework): the finished
# files of a complete draft are rendered ahead by `manage.py render_worker` (make run starts one).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
SPEECHAPP_PRERENDER = env_bool("SPEECHAPP_PRERENDER", True)
# Render once the draft has not been edited for this long: the writer paused (typing autosaves
# once it pauses 0.7 s; a group fill or a variable writes several times in a row).
SPEECHAPP_PRERENDER_DELAY_MS = env_int("SPEECHAPP_PRERENDER_DELAY_MS", 3000)
# The worker deletes the rows of background renders finished longer ago than this.
SPEECHAPP_TASK_RESULTS_KEEP_DAYS = env_int("SPEECHAPP_TASK_RESULTS_KEEP_DAYS", 1)
# A server process (the WSGI module: runserver, gunicorn) warms the PDF renderer on start.
SPEECHAPP_WARM_RENDERER = env_bool("SPEECHAPP_WARM_RENDERER", True)
# Every DOCX and PDF is rendered in a warm worker process (up to this many per server process,
# started as renders overlap), stopped after this many seconds (below gunicorn's 30 s worker
# timeout) and within this much address space; past a bound the writer gets a message.
# 0 workers renders inside the request's own process, without the bounds.
SPEECHAPP_RENDER_WORKERS = env_int("SPEECHAPP_RENDER_WORKERS", 2)
SPEECHAPP_RENDER_TIMEOUT_S = env_int("SPEECHAPP_RENDER_TIMEOUT_S", 20)
# The longest a download (or a sheet import) takes, its waits included: for another process's
# render of the same file, for a free render slot (below), and the render itself. Below
# gunicorn's --timeout 30, so the web server never cuts a request off (a 500); what does not
# fit says 正在生成 (the page asks again) and keeps nothing.
SPEECHAPP_REQUEST_BUDGET_S = env_int("SPEECHAPP_REQUEST_BUDGET_S", 25)
SPEECHAPP_RENDER_MEMORY_MB = env_int("SPEECHAPP_RENDER_MEMORY_MB", 1024)
# Render processes run this much below the web processes' CPU priority (nice), and the machine
# runs at most this many renders at once, whichever process asks (a lock file each, in var/).
SPEECHAPP_RENDER_NICE = env_int("SPEECHAPP_RENDER_NICE", 10)
# What this process does (README, "Running for many offices"): `all` (one machine: serve and
# render, as `make run`), `web` (an app server beside render workers: it never renders, it
# queues the file for a worker and waits for it in the shared cache; no render pool at boot),
# `worker` (`manage.py render_worker`: renders).
SPEECHAPP_ROLE = env_str("SPEECHAPP_ROLE", "all").strip().lower() or "all"
if SPEECHAPP_ROLE not in ("all", "web", "worker"):
    raise ImproperlyConfigured(f"SPEECHAPP_ROLE must be all, web or worker, not {SPEECHAPP_ROLE!r}")
# A name for this server, sent as X-Served-By on every answer when set (a cluster's proxy
# logs, the load script's count of cache hits per server); empty: no header.
SPEECHAPP_SERVER_NAME = env_str("SPEECHAPP_SERVER_NAME", "")
# How often a render worker drops the finished task rows (one worker of all does it, by a
# mark in the shared cache).
SPEECHAPP_TASK_PRUNE_HOURS = env_int("SPEECHAPP_TASK_PRUNE_HOURS", 6)
SPEECHAPP_RENDER_HOST_SLOTS = env_int("SPEECHAPP_RENDER_HOST_SLOTS", os.cpu_count() or 1)
SPEECHAPP_RENDER_SLOTS_DIR = env_str("SPEECHAPP_RENDER_SLOTS_DIR", str(VAR_DIR / "render-slots"))

SPEECHAPP_MAX_UPLOAD_BYTES = env_int("SPEECHAPP_MAX_UPLOAD_MB", 2) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = SPEECHAPP_MAX_UPLOAD_BYTES + 256 * 1024
# A template's size bounds the work of every page and render made from it.
SPEECHAPP_MAX_TEMPLATE_BLANKS = env_int("SPEECHAPP_MAX_TEMPLATE_BLANKS", 2000)
SPEECHAPP_MAX_TEMPLATE_CHARS = env_int("SPEECHAPP_MAX_TEMPLATE_CHARS", 200_000)
# The all-sections fill form posts two fields per blank (value and the value shown).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2 * SPEECHAPP_MAX_TEMPLATE_BLANKS + 200
FILE_UPLOAD_MAX_MEMORY_SIZE = SPEECHAPP_MAX_UPLOAD_BYTES
FILE_UPLOAD_HANDLERS = [
    "speechapp.web.uploads.BoundedUploadHandler",  # no body past 4× the limit is stored
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# An office's licensed fonts (仿宋_GB2312.ttf, 方正小标宋简体.ttf …) used in PDFs before stand-ins.
SPEECHAPP_FONTS_DIR = env_str("SPEECHAPP_FONTS_DIR", str(BASE_DIR / "fonts"))
# Slim TrueType copies of the free stand-in fonts (manage.py prepare_fonts): PDFs ~40% faster.
SPEECHAPP_SLIM_FONTS_DIR = env_str("SPEECHAPP_SLIM_FONTS_DIR", str(VAR_DIR / "fonts"))
# Rendered files are cached by content hash; a repeated download costs nothing. One machine:
# files under var/cache. Several (README, "Running for many offices"): SPEECHAPP_CACHE_URL
# names one Redis that every app server and render worker shares, so a file rendered on any
# host is found by all, and a render's in-flight mark (an atomic add) is seen by all; the
# office links' rate counts live there too.
SPEECHAPP_CACHE_URL = env_str("SPEECHAPP_CACHE_URL", "")
if SPEECHAPP_CACHE_URL:
    if not SPEECHAPP_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            "SPEECHAPP_CACHE_URL must be a Redis URL (redis://host:6379/0), not "
            + SPEECHAPP_CACHE_URL.split(":", 1)[0]
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": SPEECHAPP_CACHE_URL,
            "TIMEOUT": 7 * 24 * 3600,
            "KEY_PREFIX": "speechapp",
        }
    }
    CACHES["ratelimit"] = {**CACHES["default"], "KEY_PREFIX": "speechapp-rate", "TIMEOUT": 3600}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env_str("SPEECHAPP_CACHE_DIR", str(VAR_DIR / "cache")),
            "TIMEOUT": 7 * 24 * 3600,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
        "ratelimit": {
            "BACKEND": "speechapp.drafts.locked_cache.LockedFileCache",
            "LOCATION": env_str("SPEECHAPP_RATELIMIT_DIR", str(VAR_DIR / "ratelimit")),
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 20000},
        },
    }

# Online collection (collection.rounds): the address the offices' links start with in
# reminders sent by `manage.py send_reminders` (pages use the request's own address).
SPEECHAPP_BASE_URL = env_str("SPEECHAPP_BASE_URL", "http://localhost:8000")
# Requests through one office link, and from one address to any office link, per minute
# (django-ratelimit; counted in the default cache).
SPEECHAPP_OFFICE_RATE_PER_KEY = env_str("SPEECHAPP_OFFICE_RATE_PER_KEY", "120/m")
SPEECHAPP_OFFICE_RATE_PER_ADDRESS = env_str("SPEECHAPP_OFFICE_RATE_PER_ADDRESS", "300/m")
# The counts live in their own file cache, shared by every server process, whose counters
# take a lock (drafts.locked_cache). django_ratelimit is not in INSTALLED_APPS: only its
# functions are used (collection.office_views), not its middleware or checks.
RATELIMIT_USE_CACHE = "ratelimit"

# Reminders go out through Django's mail framework: printed to the console unless an SMTP
# host is set in the environment.
EMAIL_HOST = env_str("SPEECHAPP_EMAIL_HOST", "")
EMAIL_BACKEND = env_str(
    "SPEECHAPP_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("SPEECHAPP_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("SPEECHAPP_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("SPEECHAPP_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SPEECHAPP_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("SPEECHAPP_EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("SPEECHAPP_EMAIL_TIMEOUT_S", 10)
DEFAULT_FROM_EMAIL = env_str("SPEECHAPP_EMAIL_FROM", "speechapp@localhost")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # polled over plain HTTP by a proxy
    # Trust X-Forwarded-Proto only when the deployment says a proxy (nginx) sets it: without
    # a proxy in front, any client could mark a plain request as HTTPS.
    if SPEECHAPP_BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}

STATIC_ROOT.mkdir(parents=True, exist_ok=True)
