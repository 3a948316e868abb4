"""Settings shared by every environment; values come from the environment.

No secret lives here: `dev` and `test` supply throwaway keys, `production`
refuses to start without real ones.

Project choices live here; each app's own settings (the CSP policies,
`NEWS_*`, `COMMENTS_*`, `PAGE_CACHE_*`, `PRINT_*`, `VIDEO_*`, `REACH_*`) and
their defaults live in its `conf` module, imported below: they stay ordinary
Django settings (`settings.NAME`, `override_settings`).
"""

from pathlib import Path

import dj_database_url

from toasoan.background.conf import *  # noqa: F403
from toasoan.background.conf import apps_for, tasks_for
from toasoan.comments.conf import *  # noqa: F403
from toasoan.core.conf import *  # noqa: F403
from toasoan.core.env import env, env_list, site_name
from toasoan.feeds.conf import *  # noqa: F403
from toasoan.news.conf import *  # noqa: F403
from toasoan.pagecache.conf import *  # noqa: F403
from toasoan.print_edition.conf import *  # noqa: F403
from toasoan.reach.conf import *  # noqa: F403
from toasoan.search.conf import search_backend_for
from toasoan.seo.conf import *  # noqa: F403
from toasoan.videos.conf import *  # noqa: F403

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    "toasoan.core",
    "toasoan.news",
    # After news, before the other content apps: the read API's index lists
    # articles and sections, then every page type and the images, then the
    # rest; an article's detail_url points to /articles/ (toasoan.readapi).
    "toasoan.readapi",
    "toasoan.comments",
    "toasoan.roles",
    "toasoan.search",
    "toasoan.videos",
    "toasoan.print_edition",
    "toasoan.reach",
    "toasoan.backups",
    "toasoan.pagecache",
    "toasoan.background",
    "toasoan.seo",
    "toasoan.uploads",
    "toasoan.dateinput",
    # outer apps: feeds over the content apps, and one-off tooling; imported
    # by none
    "toasoan.feeds",
    "toasoan.legacy",
    "toasoan.demo",
    "wagtail.api.v2",
    "wagtail.contrib.sitemaps",
    "rest_framework",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "axes",
    # Two-factor sign-in for the admins (docs/security.md).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    # First: a cached page is answered before anything else runs; it was
    # stored with the headers the middleware below gave it.
    "toasoan.pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "toasoan.core.headers.SiteCSPMiddleware",
    # Inside the CSP middleware, so that the 503 page gets the same headers.
    "toasoan.faults.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "toasoan.pagecache.middleware.SiteLookupMiddleware",
    # request.user.is_verified(), then: a session that owes its two-factor
    # code is kept out of the admins and is anonymous elsewhere.
    "django_otp.middleware.OTPMiddleware",
    "toasoan.roles.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that it sees the sign-in view's answer (docs/security.md).
    "axes.middleware.AxesMiddleware",
]

# Admin sign-in lockout (django-axes, docs/security.md): the lockout check
# runs before the password check, so a locked account stays locked even with
# the right password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "toasoan.urls"
WSGI_APPLICATION = "toasoan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "toasoan.news.context_processors.site_chrome",
            ],
        },
    },
]

# Databases: SQLite (WAL) by default, anything dj-database-url reads otherwise.
DEFAULT_SQLITE_PATH = BASE_DIR / "db.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}",
        conn_max_age=int(env("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work side by side; IMMEDIATE makes a
    # writer take the lock at BEGIN instead of failing with "database is locked"
    # half way through a transaction.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,  # seconds a writer waits for the lock
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
# "limits" holds flood limits and used captchas: it must be shared by every
# server process, so it is Redis when there is one and a table otherwise.
# A dead Redis is a cache miss, never a 500 (toasoan.faults.cache); sessions
# stay in the database, so the admin works without Redis too.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "toasoan.faults.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "toasoan"),
            "TIMEOUT": 300,
        },
        "limits": {
            "BACKEND": "toasoan.faults.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "toasoan") + "-limits",
            # Absent and unknown differ here: limits.py falls back itself.
            "OPTIONS": {"raise_when_down": True},
        },
        # Article view counters (toasoan.reach): shared by every process.
        "views": {
            "BACKEND": "toasoan.faults.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "toasoan") + "-views",
            "TIMEOUT": None,
        },
        # Whole pages for readers (toasoan.pagecache), purged on change.
        "pages": {
            "BACKEND": "toasoan.faults.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "toasoan") + "-pages",
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "toasoan",
        },
        "limits": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "toasoan_limits",
            # Never cull live marks (a culled "used" mark would let a solved
            # captcha be replayed); expired ones are still removed.
            "OPTIONS": {"MAX_ENTRIES": 10_000_000},
        },
        # Article view counters (toasoan.reach): in this process, flushed to
        # the database in batches; never one write per view.
        "views": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "toasoan-views",
            "TIMEOUT": None,
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        },
        # Whole pages for readers: files, so that every server process and
        # the task worker on this machine see the same entries and purges.
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env("PAGE_CACHE_DIR", str(BASE_DIR / "var" / "pagecache")),
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        },
    }

# In every process, whatever the shared cache is:
CACHES.update(
    {
        # Shared blocks ({% cache %} fragments, the menu): in each process.
        # Their keys hold the purge generation read from Redis, so a stale
        # copy is never found, and a hit costs no round trip.
        "template_fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "toasoan-fragments",
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
        # Wagtail's rendition look-ups: in each process (they are written on
        # every page that prefetches them; a round trip each in Redis).
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "toasoan-renditions",
            "TIMEOUT": 600,
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
    }
)

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first: the site, the admin and the time zone of the newsroom.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PROJECT_DIR / "locale", PROJECT_DIR / "locale_admin"]
FORMAT_MODULE_PATH = ["toasoan.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = False

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = env("MEDIA_URL", "/media/")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
CSRF_FAILURE_VIEW = "toasoan.core.views.csrf_failure"

# Security headers (docs/security.md); the Content-Security-Policy of reader
# pages and of the admins (CONTENT_SECURITY_POLICY, CSP_ADMIN_*) is core's.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views relax it to SAMEORIGIN

# Background work (thumbnails, later OCR and video) goes through django-tasks.
# "purge" carries page-cache purges for nginx, run by a worker of its own.
# Procrastinate on PostgreSQL, django-tasks' database backend on SQLite
# (toasoan/background/conf.py).
TASKS = tasks_for(DATABASES["default"]["ENGINE"])
INSTALLED_APPS += apps_for(DATABASES["default"]["ENGINE"])
PROCRASTINATE_ON_APP_READY = "toasoan.background.engine.on_app_ready"
PROCRASTINATE_AUTODISCOVER_MODULE_NAME = ""  # apps' tasks.py are Django tasks

WAGTAIL_SITE_NAME = site_name()
WAGTAILADMIN_BASE_URL = env("BASE_URL", f"http://127.0.0.1:{env('PORT', '8000')}")
# One search backend class per database (toasoan/search/engines/), chosen
# from the database engine.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": search_backend_for(DATABASES["default"]["ENGINE"])}
}
# Page models replace Page's title search fields with Vietnamese-aware ones
# (toasoan.search.fields), which this check cannot recognise.
SILENCED_SYSTEM_CHECKS = ["wagtailsearch.W001"]
# Slugs are ASCII, made by toasoan.vietnamese.slugify (server side) and by the
# admin's transliterating slug field (client side).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
# Uploads (docs/security.md, "Uploads"): toasoan.uploads adds content checks
# to Wagtail's size, extension and pixel limits.
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "txt", "zip"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "toasoan.uploads.forms.DocumentForm"
# Every document (print-issue PDFs too) downloads as an attachment, never
# rendered inline on our origin.
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
# Whole-issue PDFs of a scanned magazine are large (see PRINT_MAX_PDF_BYTES).
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(
    env("WAGTAILDOCS_MAX_UPLOAD_SIZE", str(300 * 1024 * 1024))
)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Also Pillow's limit for the whole process (toasoan.uploads.images).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
# No SVG: an SVG is a document that can carry scripts and links.
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_IMAGE_FORM_BASE = "toasoan.uploads.forms.ImageForm"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_USER_LOGIN_FORM = "toasoan.roles.forms.LoginForm"
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True

# nginx (or a CDN) purged through Wagtail's frontend-cache backends; set
# FRONTEND_CACHE_PURGE_URL (e.g. http://127.0.0.1:8080) to turn it on.
if env("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE = {
        "nginx": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": env("FRONTEND_CACHE_PURGE_URL"),
        }
    }

# Admin sign-in lockout (django-axes): 5 failures lock the user name and,
# separately, the address for 15 minutes; attempts live in the database, so
# the lockout holds when Redis is down. The address is the comments' one
# (X-Forwarded-For only when COMMENTS_TRUST_X_FORWARDED_FOR is on).
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("AXES_COOLOFF_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_CLIENT_IP_CALLABLE = "toasoan.core.http.client_ip"
AXES_LOCKOUT_CALLABLE = "toasoan.roles.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

# Two-factor sign-in (django-otp, TOTP; docs/security.md). Optional for
# everyone; compulsory for the groups named here (e.g. "Quản trị").
ADMIN_2FA_REQUIRED_GROUPS = env_list("ADMIN_2FA_REQUIRED_GROUPS")
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME  # the account's name in the phone app
# After n wrong codes in a row the next try waits 2^(n-1) seconds.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# No secrets (keys, QR codes) on the Django admin's device pages.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    "loggers": {
        "toasoan": {"handlers": ["console"], "level": "INFO", "propagate": False}
    },
}

# The public read API (toasoan.readapi; each app adds its endpoints).
WAGTAILAPI_LIMIT_MAX = 50
WAGTAILAPI_SEARCH_ENABLED = False
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # Anonymous only: the API shows what any reader sees, never an editor's drafts.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
}
