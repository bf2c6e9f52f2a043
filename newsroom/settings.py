"""
Settings for Newsroom, read from the environment.

Defaults suit development and tests; production sets at least DJANGO_SECRET_KEY,
DJANGO_ALLOWED_HOSTS and DATABASE_URL. See README.md for the full list.
"""

import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured
from django_prose_editor.config import html_tags
from js_asset import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = os.environ.get("DJANGO_DEBUG") == "1"

# The "django-insecure-" prefix makes `check --deploy` flag this key (W009).
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-never-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set when DEBUG is off; "
        "set DJANGO_DEBUG=1 for local development."
    )
# The rule of Django's own deploy check (security.W009), enforced.
if not DEBUG and (
    len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
    or len(set(SECRET_KEY)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
    or SECRET_KEY.startswith(SECRET_KEY_INSECURE_PREFIX)
):
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY is weak: use at least {SECRET_KEY_MIN_LENGTH} "
        f"characters, {SECRET_KEY_MIN_UNIQUE_CHARACTERS} of them different, "
        f"not starting {SECRET_KEY_INSECURE_PREFIX!r}; for one, run "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )


def env_flag(name, default):
    """An on/off setting from the environment: "1" is on, "0" is off."""
    return os.environ.get(name, "1" if default else "0") == "1"


ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "newsroom.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_prose_editor",
    "taggit",
    "reversion",
    "operations",
    "django_tasks",
    # Before django_tasks_db: its db_worker command adds a heartbeat to theirs.
    "worker",
    "django_tasks_db",
    "images",
    "articles",
]

MIDDLEWARE = [
    "operations.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before the page cache: no cached page for a host not allowed.
    "operations.security.SiteOriginMiddleware",
    "operations.security.QueryTextMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Early, so a cached page skips the rest; it reads only the session cookie.
    "articles.publishing.cache.PageCacheMiddleware",
    # Sessions, sign-in and messages: Django's and django-otp's, skipped for
    # an anonymous reader's page with the same headers (operations/sessions.py);
    # a session it cannot save never fails a committed write.
    "operations.sessions.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Answers a 404 at an article's old address with a 301 to its current one.
    "articles.publishing.redirects.ArticleRedirectFallbackMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "operations.sessions.AuthenticationMiddleware",
    "operations.sessions.OTPMiddleware",
    # Before the views (and CSRF's, which reads the form): a 413 unread.
    "operations.security.RequestBodyLimitMiddleware",
    "operations.security.StaffSessionLifetimeMiddleware",
    "operations.sessions.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "operations.security.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "newsroom.urls"
# A less guessable admin address keeps bots' login attempts down; "admin/" by default.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

# Reader pages are Jinja2 templates (jinja2/ and each app's jinja2/ folder),
# which render them in about half the time; the admin and the XML and text
# responses stay on Django's templates (templates/).
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "newsroom.jinja2.environment"},
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and immediate transactions keep concurrent editors from hitting
    # "database is locked" (measured in TOOLING.md). A 16 MB page cache per
    # connection (SQLite's default is 2 MB) holds the pages a search for a
    # common word reads, its 1,000 newest matches' rows: at 100,000 articles
    # the default read them from the OS on every search, 3.4x the time
    # (docs/performance.md).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 5,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA cache_size=-16384;"
        ),
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable database must fail a request in seconds, not hang it.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 3

if DATABASE_REPLICA_URL := os.environ.get("DATABASE_REPLICA_URL"):
    # Anonymous readers' queries go to a read replica (operations/db_routing.py).
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]
    )
    DATABASES["replica"]["OPTIONS"] = {"connect_timeout": 3}
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["operations.db_routing.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(1, "operations.db_routing.ReplicaForReadersMiddleware")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The body editor's story blocks (static/articles/story_blocks.js), in the
# markup articles/sanitizer.py keeps.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("articles/story_blocks.js")],
        "extensions": {
            "FactBox": html_tags(["aside"], {"aside": ["class"]}),
            "Gallery": html_tags(["ul"], {"ul": ["class"]}),
            "GalleryItem": html_tags(["li"]),
            "EmbedLink": html_tags([]),
        },
    }
]

if REDIS_URL := os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_KEY_PREFIX", "newsroom"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The page cache (articles/publishing/cache.py): anonymous readers' pages, kept until
# something they show changes. Change the namespace to drop every cached page,
# as a deploy that changes templates must.
NEWSROOM_PAGE_CACHE = env_flag("NEWSROOM_PAGE_CACHE", default=True)
NEWSROOM_PAGE_CACHE_SECONDS = int(os.environ.get("NEWSROOM_PAGE_CACHE_SECONDS", "3600"))
NEWSROOM_PAGE_CACHE_NAMESPACE = os.environ.get("NEWSROOM_PAGE_CACHE_NAMESPACE", "1")
# Where every process learns of changes: "cache" when the cache is shared
# (Redis), else "database", which each process reads at most every
# NEWSROOM_PAGE_CACHE_CHECK_SECONDS (a per-process LocMemCache alone would
# let other workers serve a retracted story until it expired).
NEWSROOM_PAGE_CACHE_GENERATIONS = os.environ.get(
    "NEWSROOM_PAGE_CACHE_GENERATIONS", "cache" if REDIS_URL else "database"
)
NEWSROOM_PAGE_CACHE_CHECK_SECONDS = float(
    os.environ.get("NEWSROOM_PAGE_CACHE_CHECK_SECONDS", "0.5")
)
# Browsers cannot be purged, so they keep a page briefly; a CDN is told when a
# page changes through the purge backend (a dotted path to a function taking
# the changed dependencies, which pages list in their Surrogate-Key header).
NEWSROOM_BROWSER_MAX_AGE = int(os.environ.get("NEWSROOM_BROWSER_MAX_AGE", "60"))
NEWSROOM_CDN_MAX_AGE = int(os.environ.get("NEWSROOM_CDN_MAX_AGE", "60"))
NEWSROOM_CDN_STALE_SECONDS = int(os.environ.get("NEWSROOM_CDN_STALE_SECONDS", "30"))
NEWSROOM_CDN_PURGE_BACKEND = os.environ.get(
    "NEWSROOM_CDN_PURGE_BACKEND", "articles.publishing.cache.no_cdn"
)
# With NEWSROOM_CDN_PURGE_BACKEND=operations.cdn.varnish: the Varnish servers to
# ban changed pages on, comma-separated (e.g. http://127.0.0.1:6081).
NEWSROOM_VARNISH_URLS = [
    url.strip()
    for url in os.environ.get("NEWSROOM_VARNISH_URLS", "").split(",")
    if url.strip()
]

# Background tasks (worker/): stored in the database, run by `manage.py
# db_worker`. A worker beats every NEWSROOM_WORKER_HEARTBEAT_SECONDS; one not
# heard from for NEWSROOM_WORKER_LEASE_SECONDS is taken for dead, its task runs
# again on another worker, and /readyz reports no worker. Finished tasks are
# kept NEWSROOM_TASK_RESULTS_DAYS for the admin, then deleted.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
NEWSROOM_WORKER_HEARTBEAT_SECONDS = float(
    os.environ.get("NEWSROOM_WORKER_HEARTBEAT_SECONDS", "10")
)
NEWSROOM_WORKER_LEASE_SECONDS = float(
    os.environ.get("NEWSROOM_WORKER_LEASE_SECONDS", "60")
)
NEWSROOM_TASK_RESULTS_DAYS = int(os.environ.get("NEWSROOM_TASK_RESULTS_DAYS", "14"))

# Login throttling: 5 failures for one username from one address lock that pair
# for 15 minutes. axes' defaults lock by address alone and forever, which would
# let anyone lock the newsroom out.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "operations.security.client_ip"
# Addresses of the proxies in front of the site, whose X-Forwarded-For is trusted.
TRUSTED_PROXIES = [
    address.strip()
    for address in os.environ.get("DJANGO_TRUSTED_PROXIES", "").split(",")
    if address.strip()
]

# Staff sign in with a one-time code from an app (TOTP) or a backup code as
# well as their password (newsroom/two_factor.py): on unless DEBUG is, or
# DJANGO_STAFF_2FA=0 turns it off.
STAFF_REQUIRE_2FA = env_flag("DJANGO_STAFF_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = "Newsroom"
# Sessions end after this long idle (each request renews them) and, whatever
# the activity, this long after sign-in.
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_IDLE_MINUTES", "120")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_AGE = int(os.environ.get("DJANGO_SESSION_MAX_HOURS", "12")) * 3600

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    # Every account is staff, who can publish to the world.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
# Dates with times name their zone everywhere they are shown.
FORMAT_MODULE_PATH = ["newsroom.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# The largest body staff may send to the admin: a photo (25 MB,
# images/uploads.py) or an archive to import (20 MB) with its form. Keep
# nginx's client_max_body_size (deploy/nginx.conf.template) the same.
NEWSROOM_MAX_UPLOAD_BYTES = int(
    os.environ.get("NEWSROOM_MAX_UPLOAD_MEGABYTES", "26")
) * (1024 * 1024)
# Photos as uploaded, with their camera metadata, kept for editors only if asked.
IMAGES_KEEP_ORIGINALS = os.environ.get("DJANGO_IMAGES_KEEP_ORIGINALS") == "1"
ORIGINALS_ROOT = Path(os.environ.get("DJANGO_ORIGINALS_ROOT", BASE_DIR / "originals"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "originals": {"BACKEND": "images.storage.OriginalsStorage"},
    "staticfiles": {
        # Hashed, compressed names need `collectstatic` first, which production
        # runs and `runserver` with DEBUG on does not need.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

if S3_BUCKET := os.environ.get("DJANGO_S3_BUCKET"):
    # Credentials come from boto3's own AWS_ACCESS_KEY_ID and
    # AWS_SECRET_ACCESS_KEY (or an instance role). Stored names are random and
    # never reused, so browsers and CDNs may keep each file for a year.
    S3_OPTIONS = {
        "bucket_name": S3_BUCKET,
        "endpoint_url": os.environ.get("DJANGO_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("DJANGO_S3_REGION") or None,
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **S3_OPTIONS,
            "custom_domain": os.environ.get("DJANGO_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000"},
        },
    }
    STORAGES["originals"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **S3_OPTIONS,
            # Names start with originals/ (images/models.py); keep that
            # prefix out of any public-read bucket policy.
            "default_acl": "private",
            "querystring_auth": True,
        },
    }

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Share links to previews (articles/reader/previews.py) end this many days
# after they were made at the latest, whatever expiry an editor gave them.
NEWSROOM_PREVIEW_LINK_MAX_DAYS = int(
    os.environ.get("NEWSROOM_PREVIEW_LINK_MAX_DAYS", "7")
)

# HTTPS and headers. Behind a proxy, gunicorn (forwarded_allow_ips in
# gunicorn.conf.py) trusts X-Forwarded-Proto from the proxy alone, so Django
# needs no SECURE_PROXY_SSL_HEADER.
SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_HSTS_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", default=True)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
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

# One JSON line per request and per error on stdout, for the process manager
# or container runtime to collect.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "operations.request_log.JsonLineFormatter"}},
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "root": {"handlers": ["stdout"], "level": "WARNING"},
    "loggers": {
        "newsroom.request": {
            "handlers": ["stdout"],
            # runserver logs each request itself; production wants the JSON line.
            "level": os.environ.get(
                "DJANGO_REQUEST_LOG_LEVEL", "WARNING" if DEBUG else "INFO"
            ),
            "propagate": False,
        },
    },
}

TAGGIT_CASE_INSENSITIVE = True

# What readers, feed readers and search engines are told about the publisher.
NEWSROOM_PUBLISHER_NAME = os.environ.get("NEWSROOM_PUBLISHER_NAME", "Newsroom")
# An absolute URL, or a path under the static files; empty uses the favicon.
NEWSROOM_PUBLISHER_LOGO = os.environ.get("NEWSROOM_PUBLISHER_LOGO", "favicon.svg")
# Feeds carry each article's full body, or only its standfirst when "0".
NEWSROOM_FEED_FULL_TEXT = os.environ.get("NEWSROOM_FEED_FULL_TEXT", "1") == "1"
# The domain in feed GUIDs (tag: URIs); set it once and never change it.
NEWSROOM_TAG_AUTHORITY = os.environ.get(
    "NEWSROOM_TAG_AUTHORITY", ALLOWED_HOSTS[0] if ALLOWED_HOSTS else "localhost"
)

# --- Content API and webhooks (issue 20; api/, webhooks/) ---------------------
INSTALLED_APPS += [
    "rest_framework",
    "rest_framework_api_key",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    "webhooks",
]

# --- Story formats (issue 19) --------------------------------------------------
INSTALLED_APPS += ["liveblog"]
# How often an open live story's page asks for new entries. Each ask is one
# cached fragment (a 304 until an entry is posted), so this is a trade of
# freshness against requests, not against database load.
NEWSROOM_LIVE_POLL_SECONDS = int(os.environ.get("NEWSROOM_LIVE_POLL_SECONDS", "20"))
# Before the page cache, so cached API answers are counted against the limits too.
MIDDLEWARE.insert(
    MIDDLEWARE.index("articles.publishing.cache.PageCacheMiddleware"),
    "api.limits.RateLimitMiddleware",
)
# The API refuses malformed parameters itself, in JSON naming each one
# (api/query.py), rather than with the site's 400 page.
NEWSROOM_QUERY_CHECKED_BY_VIEWS = ["/api/"]
REST_FRAMEWORK = {
    # JSON only: a response never depends on Accept, so the page cache can
    # keep one copy per address.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    # Keys are read and limits applied by api.limits.RateLimitMiddleware,
    # before the page cache; the API itself is the same for everyone.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.json_error",
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom content API",
    "DESCRIPTION": "Published articles, sections, tags, authors and images, "
    "read-only. See the README for keys, limits and webhooks.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}
# Requests a minute per client address without a key, and by default per key
# (each key may set its own). 0 turns a limit off.
NEWSROOM_API_ANON_PER_MINUTE = int(os.environ.get("NEWSROOM_API_ANON_PER_MINUTE", "60"))
NEWSROOM_API_KEY_PER_MINUTE = int(os.environ.get("NEWSROOM_API_KEY_PER_MINUTE", "600"))
# Where the counts live, shared by every worker and app server: "cache" when
# the cache is Redis (REDIS_URL), else "database" (a per-process LocMemCache
# would let each worker count on its own).
NEWSROOM_API_LIMIT_STORE = os.environ.get(
    "NEWSROOM_API_LIMIT_STORE", "cache" if REDIS_URL else "database"
)

# Webhooks: each attempt's timeouts (seconds), how long a delivery is retried,
# and the networks an endpoint may be on besides the public internet (none:
# private, loopback and link-local targets are refused), e.g. "127.0.0.0/8".
NEWSROOM_WEBHOOK_CONNECT_TIMEOUT = float(
    os.environ.get("NEWSROOM_WEBHOOK_CONNECT_TIMEOUT", "3")
)
NEWSROOM_WEBHOOK_TIMEOUT = float(os.environ.get("NEWSROOM_WEBHOOK_TIMEOUT", "10"))
NEWSROOM_WEBHOOK_RETRY_HOURS = int(os.environ.get("NEWSROOM_WEBHOOK_RETRY_HOURS", "24"))
NEWSROOM_WEBHOOK_ALLOWED_NETWORKS = [
    network.strip()
    for network in os.environ.get("NEWSROOM_WEBHOOK_ALLOWED_NETWORKS", "").split(",")
    if network.strip()
]

# Pictures an import fetches from the old site's addresses (articles/importers/
# media.py): each within this many seconds, from public addresses only unless
# a private range is named here (comma-separated CIDR), as webhooks are.
NEWSROOM_IMPORT_FETCH_SECONDS = float(
    os.environ.get("NEWSROOM_IMPORT_FETCH_SECONDS", "15")
)
NEWSROOM_IMPORT_ALLOWED_NETWORKS = [
    network.strip()
    for network in os.environ.get("NEWSROOM_IMPORT_ALLOWED_NETWORKS", "").split(",")
    if network.strip()
]
# Sending in batches of at most this many seconds per endpoint, so one busy
# receiver does not keep the worker from the others; retries back off from
# this many seconds, doubling up to an hour.
NEWSROOM_WEBHOOK_BATCH_SECONDS = int(
    os.environ.get("NEWSROOM_WEBHOOK_BATCH_SECONDS", "30")
)
NEWSROOM_WEBHOOK_RETRY_BASE_SECONDS = float(
    os.environ.get("NEWSROOM_WEBHOOK_RETRY_BASE_SECONDS", "10")
)
# The site's one origin: the scheme and host of every absolute link readers,
# feeds, sitemaps, the API and webhook payloads get, whichever allowed host
# the request named (operations.security.SiteOriginMiddleware).
NEWSROOM_SITE_URL = os.environ.get(
    "NEWSROOM_SITE_URL",
    "http://127.0.0.1:8000"
    if DEBUG
    else f"https://{ALLOWED_HOSTS[0] if ALLOWED_HOSTS else 'localhost'}",
)

# --- The publication and its look (publication/, issue 23) ---
# Editors set the publication's name, logo and footer pages in the admin;
# feeds, sitemaps and structured data read them through this function.
INSTALLED_APPS += ["publication"]
NEWSROOM_PUBLISHER = "publication.current.publisher"
# A stylesheet of the newsroom's own under the static files, loaded after
# site.css to set its custom properties (colours, fonts): see the README.
NEWSROOM_THEME_STYLESHEET = os.environ.get("NEWSROOM_THEME_STYLESHEET", "")

# The editors' desk (issue 17): the workflow's record and the admin's
# dashboard (desk/), and notifications of it (notifications/), emailed by
# the background worker.
INSTALLED_APPS += ["desk", "notifications"]

# Email: an SMTP server when DJANGO_EMAIL_HOST is set, else each message is
# written to the console (development).
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("DJANGO_EMAIL_USE_TLS") == "1"
# A mail server that hangs costs the worker this long, never a request.
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "newsroom@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- The front page desk (frontpage/, issue 17) ---
# Arranged fronts, section pins and the breaking-news banner; the admin
# reorders with django-admin-sortable2.
INSTALLED_APPS += ["adminsortable2", "frontpage"]

# --- Embeds (issue 19; embeds/) -----------------------------------------------
INSTALLED_APPS += ["embeds"]
# oEmbed answers are fetched by the worker through the webhooks' guard: public
# addresses only, besides these networks (none by default), within this many
# seconds; NEWSROOM_OEMBED_ENDPOINTS maps a provider's name (embeds/providers.py)
# to another endpoint, as JSON, e.g. {"YouTube": "https://oembed.example/"}.
NEWSROOM_OEMBED_ALLOWED_NETWORKS = [
    network.strip()
    for network in os.environ.get("NEWSROOM_OEMBED_ALLOWED_NETWORKS", "").split(",")
    if network.strip()
]
NEWSROOM_OEMBED_TIMEOUT = float(os.environ.get("NEWSROOM_OEMBED_TIMEOUT", "5"))
NEWSROOM_OEMBED_ENDPOINTS = json.loads(
    os.environ.get("NEWSROOM_OEMBED_ENDPOINTS", "{}")
)
