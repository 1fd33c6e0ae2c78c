"""Sinergi settings: one module, every deployment choice read from the environment.

The defaults serve the embedded setup (`make run`): SQLite, local files, an in-process cache and
inline background work. Production sets the variables listed in the README.
"""

import importlib.resources
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Only a development server may run on a known key; production must supply its own. An empty
# key lets commands that sign nothing run (makemigrations, compilemessages); serving refuses to
# start without one (config/startup.py), and `check --deploy` reports it.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="" if not DEBUG else "dev-only-insecure-key")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SINERGI_SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "bootstrap",
    # Below every app: the shared page parts (templates and tags) every app may use.
    "common",
    "accounts",
    "audit",
    "partnerships",
    "agreements",
    "content",
    "events",
    "notifications",
    # Above the domain apps: it shows the panels they register.
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Right after authentication, so it marks what every later layer answers a signed-in user.
    "accounts.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireMFAMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

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
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partnerships.context_processors.navigation",
            ],
        },
    },
]

# Django's renderer, with the plain widgets' markup written in Python (common/renderers.py).
FORM_RENDERER = "common.renderers.QuickRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
# A reused connection is checked at its first use in each request: after a database restart, a
# dead one is replaced instead of failing that request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database serves several requests at once (two people on one invitation link).
    # IMMEDIATE takes the write lock when a transaction begins, so a second writer waits for it
    # (up to the timeout) instead of failing "database is locked" when its read turns into a
    # write; WAL lets pages read while someone writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SINERGI_SQLITE_TIMEOUT", default=20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No parallel workers for the web's queries by default: on two cores, starting them cost
    # 5-25 ms on queries that take under 1 ms alone (a busy item's page, a partner's view of it),
    # and the pages' own workers already use every core (docs/PERFORMANCE.md, "Content").
    # A URL's own ``?options=`` wins.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options",
        "-c max_parallel_workers_per_gather={}".format(
            env.int("DATABASE_PARALLEL_WORKERS", default=0)
        ),
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # Shared by every process: allauth's rate limits and used-TOTP records must be seen by all.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Email sign-in (allauth's), and database permissions for administrators only: see the class.
    "accounts.backends.AccountBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    # Django's checks in one wording of ours (accounts/passwords.py).
    {"NAME": "accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "accounts.passwords.CommonPasswordValidator"},
    {"NAME": "accounts.passwords.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# allauth: email is the sign-in name; nobody signs up on their own (invitations only).
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Sinergi] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("SINERGI_LOGIN_FAILED_RATE", default="10/m/ip,5/5m/key"),
}
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Sinergi"

# Sessions: a fresh key at sign-in (Django), an idle timeout and an absolute lifetime (ours).
# Written through to the database (they survive a cache restart) and read from the cache (Redis
# in production), so a signed-in request does not query for its session.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_IDLE_TIMEOUT = timedelta(minutes=env.int("SINERGI_SESSION_IDLE_MINUTES", default=30))
SESSION_MAX_LIFETIME = timedelta(hours=env.int("SINERGI_SESSION_MAX_HOURS", default=12))
SESSION_COOKIE_AGE = int(SESSION_MAX_LIFETIME.total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "sinergi_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Font Awesome's package ships about 9,800 files (svgs, sprites, every style, less and scss); as an
# app all of them were collected (39,000 with the hashed and compressed copies) and indexed by
# WhiteNoise in every worker at start. The pages use two stylesheets and the solid font: only its
# css and webfonts are collected, at the URLs the app gave them. The stylesheets carry the licence
# notice (Icons CC BY 4.0, Fonts SIL OFL 1.1, Code MIT).
FONT_AWESOME = importlib.resources.files("fontawesomefree") / "static" / "fontawesomefree"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("fontawesomefree/css", FONT_AWESOME / "css"),
    ("fontawesomefree/webfonts", FONT_AWESOME / "webfonts"),
]
MEDIA_ROOT = env.path("SINERGI_MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Production serves hashed, compressed files collected by `collectstatic`; development and tests
# serve straight from the apps' static folders.
STATIC_MANIFEST = env.bool("SINERGI_STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    # Private by default: uploads are served only through views that ask the access rules.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
WHITENOISE_AUTOREFRESH = not STATIC_MANIFEST

# EMAIL_URL, e.g. smtp+tls://user:password@mail.example.go.id:587 (console output by default).
_email = env.email_url("EMAIL_URL", default="consolemail://")
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {
            key: _email[setting]
            for key, setting in [
                ("host", "EMAIL_HOST"),
                ("port", "EMAIL_PORT"),
                ("username", "EMAIL_HOST_USER"),
                ("password", "EMAIL_HOST_PASSWORD"),
                ("use_tls", "EMAIL_USE_TLS"),
                ("use_ssl", "EMAIL_USE_SSL"),
            ]
            if _email.get(setting) not in (None, "")
            and _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
        },
    }
}
if MAILERS["default"]["BACKEND"].endswith("smtp.EmailBackend"):
    # Without it a frozen mail server holds a worker until the task's time limit.
    MAILERS["default"]["OPTIONS"]["timeout"] = env.int("SINERGI_EMAIL_TIMEOUT_SECONDS", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Sinergi <sinergi@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where people write for help (shown on the password reset page and in its email).
SUPPORT_EMAIL = env.str("SINERGI_SUPPORT_EMAIL", default=parseaddr(DEFAULT_FROM_EMAIL)[1])

# Agreements show as "expiring" this many days before their end date.
AGREEMENT_EXPIRING_DAYS = env.int("SINERGI_AGREEMENT_EXPIRING_DAYS", default=90)
# Largest agreement document accepted (PDF or DOCX), in megabytes.
AGREEMENT_DOCUMENT_MAX_MB = env.int("SINERGI_AGREEMENT_DOCUMENT_MAX_MB", default=20)
# A Word document is a zip: refuse one that unpacks to more than this (in megabytes, as its
# directory declares) or holds more parts than this. Real agreements stay far below both.
AGREEMENT_DOCUMENT_MAX_UNPACKED_MB = env.int(
    "SINERGI_AGREEMENT_DOCUMENT_MAX_UNPACKED_MB", default=200
)
AGREEMENT_DOCUMENT_MAX_PARTS = env.int("SINERGI_AGREEMENT_DOCUMENT_MAX_PARTS", default=2000)
# Largest image accepted (JPEG, PNG, WebP or GIF; common/images.py), in megabytes.
IMAGE_MAX_MB = env.int("SINERGI_IMAGE_MAX_MB", default=20)
# Most pixels an image may declare, checked from its header before anything is decoded: a small
# file can declare a huge canvas (a decompression bomb). 50 million is a 48-megapixel phone photo
# with room to spare, and decodes to at most 200 MB (RGBA).
IMAGE_MAX_PIXELS = env.int("SINERGI_IMAGE_MAX_PIXELS", default=50_000_000)
# Largest video, audio or PDF accepted into the content library (content/uploads.py), in
# megabytes. Such files are streamed to storage in chunks, so the limit bounds disk, not memory.
MEDIA_MAX_MB = env.int("SINERGI_MEDIA_MAX_MB", default=500)
# Largest material or photo of an event (events/followup.py: PDF, Office documents, images; an
# image is also held to IMAGE_MAX_MB and IMAGE_MAX_PIXELS), in megabytes.
EVENT_FILE_MAX_MB = env.int("SINERGI_EVENT_FILE_MAX_MB", default=50)
# Certificate codes one address may look up per ten minutes on the public verification page:
# enough for an office checking a pile of certificates, too few to guess codes.
EVENT_CERTIFICATE_LOOKUPS = env.int("SINERGI_EVENT_CERTIFICATE_LOOKUPS", default=30)

# Uploads: Django keeps a file of up to FILE_UPLOAD_MAX_MEMORY_SIZE in memory and streams a larger
# one to a temporary file (in FILE_UPLOAD_TEMP_DIR, the system's temporary folder by default)
# chunk by chunk, so a 500 MB video never sits in a worker's memory. DATA_UPLOAD_MAX_MEMORY_SIZE
# bounds the form's other fields only (files do not count towards it). The reverse proxy's body
# limit (nginx's client_max_body_size) must allow MEDIA_MAX_MB and a little more.
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB, Django's default, said out loud
FILE_UPLOAD_TEMP_DIR = env.str("SINERGI_FILE_UPLOAD_TEMP_DIR", default=None)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Invitations sent by managers expire after this many days.
INVITATION_VALID_DAYS = env.int("SINERGI_INVITATION_DAYS", default=7)

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
# Without a broker (the embedded default) tasks run inline, so nothing waits for a worker.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE

# Notifications / Celery ----------------------------------------------------------------------
# Emails are queued in batches of this many; each batch task sends them over one SMTP connection.
NOTIFICATIONS_BATCH_SIZE = env.int("SINERGI_NOTIFICATIONS_BATCH_SIZE", default=50)
# A delivery left "sending" this long by a task that no longer renews its claim is sent again by
# another. A live batch renews it every quarter of it; keep it well above the SMTP timeout.
NOTIFICATIONS_SENDING_LEASE_SECONDS = env.int("SINERGI_NOTIFICATIONS_LEASE_SECONDS", default=90)
# The re-publisher (every minute) queues again a delivery pending this long past its next
# attempt: its task message was lost (Redis restarted or unreachable at commit, a purged queue).
# A delivery whose message is merely slow is queued twice and still sent once. With the minute
# between runs, an email lost at a fault's end goes out at most grace + 60 s later: 45 s keeps
# that under two minutes, and is above the time a burst of 10,000 waits in the queue (35 s).
NOTIFICATIONS_REPUBLISH_AFTER_SECONDS = env.int(
    "SINERGI_NOTIFICATIONS_REPUBLISH_AFTER_SECONDS", default=45
)
# A scheduled scan claimed this long ago whose run never finished is run again.
NOTIFICATIONS_SCAN_RERUN_AFTER_MINUTES = env.int("SINERGI_SCAN_RERUN_AFTER_MINUTES", default=10)
# A failed email is tried again after this many seconds, then twice as long each time (6 tries).
NOTIFICATIONS_RETRY_SECONDS = env.int("SINERGI_NOTIFICATIONS_RETRY_SECONDS", default=60)
# With acks_late, Redis hands a task whose worker vanished (and the messages it had prefetched)
# to another worker after this many seconds. Keep it above the delivery task's hard time limit
# (300 s) and its longest retry countdown (tasks.LONGEST_COUNTDOWN); the re-publisher, not this,
# is what brings lost emails back.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=600),
    # An unreachable broker fails a publish in seconds, not after the OS's TCP timeout.
    "socket_connect_timeout": 2,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# Publishing happens after a commit, inside a request: a short retry (0.3 s in all) and the rows
# wait, pending, for the re-publisher.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0.1,
    "interval_step": 0.1,
    "interval_max": 0.2,
}

# Security. Production values are the defaults; development relaxes them through DJANGO_DEBUG.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("DJANGO_BEHIND_PROXY", default=False) else None
)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}
