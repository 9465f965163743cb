"""One settings module for every environment, driven by environment variables.

DJANGO_ENV selects the profile: "development" (the default: `make run`, the test suite) or
"production". Production refuses to start without SECRET_KEY and turns on every transport-security
setting; DEBUG is off everywhere unless DJANGO_DEBUG=1 is set explicitly.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("BHXH_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DJANGO_ENV = os.environ.get("DJANGO_ENV", "development").strip().lower()
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = DJANGO_ENV == "production"
DEBUG = env_bool("DJANGO_DEBUG", False)


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_ENV=production.")
    # Development: a random key kept under var/ so sessions survive restarts of `make run`.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
# Rotation (docs/operations.md): the new key in SECRET_KEY, the old ones here until the sessions and reset
# links they signed have expired; then remove them.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "bhxh_portal.apps.AgencyAdminConfig",  # django.contrib.admin with the agency's site (admin_site.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    # Kept installed only so that its table (clear-text tokens, emptied by accounts 0003) migrates; its
    # admin is unregistered. API tokens are django-rest-knox's: stored hashed, with an expiry.
    "rest_framework.authtoken",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_celery_beat",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # The project's apps, lowest layer first (docs/architecture.md).
    "participants",
    "accounts",
    "benefits",
    "employers",
    "checkin",
    "reminders",
    "coverage_stats",
    "bhxh_portal",  # the demo data's management commands (seed_demo, demo_logins)
]

MIDDLEWARE = [
    # First and last: requests by view and status with their latency, for /metrics (bhxh_portal/ops.py).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # A request id on every log line of the request and of the tasks it queues (bhxh_portal/request_id.py).
    "bhxh_portal.request_id.request_id_middleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # GET pages read the people's records from the replica, if there is one (bhxh_portal/replica.py).
    "bhxh_portal.replica.replica_reads",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Idle timeout: a request extends the session unless its view is a background poll.
    "bhxh_portal.middleware.session_activity",
    # Cache-Control: no-store on signed-in pages and the API (personal data).
    "bhxh_portal.middleware.no_store_when_signed_in",
    "bhxh_portal.middleware.vietnamese_first",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second sign-in step (TOTP or recovery code).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Citizens' pages kept whole until their records change (bhxh_portal/page_cache.py); needs the user, the
    # second-factor flag, the messages and request.htmx, so it comes after their middleware.
    "bhxh_portal.page_cache.PageCacheMiddleware",
    # Axes must be last of ours: it turns a lockout signalled by its backend into a response.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]
if PRODUCTION:
    # HTML compressed in production. Django's GZipMiddleware pads each response by a random length
    # ("Heal the Breach"), which defeats the BREACH attack on the CSRF token in compressed pages.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1, "django.middleware.gzip.GZipMiddleware"
    )

ROOT_URLCONF = "bhxh_portal.urls"
WSGI_APPLICATION = "bhxh_portal.wsgi.application"

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
                "bhxh_portal.context_processors.display_preferences",
            ],
        },
    },
]

# --- Database: SQLite under var/ unless DATABASE_URL says otherwise (PostgreSQL in production/CI).
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server, the worker and beat read while one of them writes. IMMEDIATE takes the
    # write lock when a transaction starts, so two worker processes wait for each other (up to the
    # timeout) instead of failing with "database is locked" when a read turns into a write.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The portal's queries are short lookups with correlated subqueries whose estimated cost makes
    # PostgreSQL's JIT compile them, which costs 0.5 s a query (bench/employer_staff.py): off.
    # Behind PgBouncer in transaction mode (DATABASE_POOL_MODE=transaction, docs/scaling.md) a connection is
    # shared between clients from one transaction to the next: PgBouncer refuses the `options` startup
    # parameter (so JIT is turned off for the database instead: ALTER DATABASE ... SET jit = off, see
    # docs/operations.md), and a server-side cursor (QuerySet.iterator) would outlive its transaction.
    DATABASE_POOL_MODE = os.environ.get("DATABASE_POOL_MODE", "session")
    if DATABASE_POOL_MODE not in {"session", "transaction"}:
        raise ImproperlyConfigured("DATABASE_POOL_MODE must be 'session' or 'transaction'")
    if DATABASE_POOL_MODE == "transaction":
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    else:
        DATABASES["default"].setdefault("OPTIONS", {})
        DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
# A streaming replica for the pages' reads (bhxh_portal/replica.py, docs/scaling.md): off unless set.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
# After a request that wrote, the browser reads the primary for this long (its own writes, whatever the lag).
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "10"))
if DATABASE_REPLICA_URL:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs PostgreSQL as the primary (DATABASE_URL)")
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    # The same connection options as the primary (JIT off, or no server-side cursors behind PgBouncer).
    if "OPTIONS" in DATABASES["default"]:
        DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"]["OPTIONS"])
    if "DISABLE_SERVER_SIDE_CURSORS" in DATABASES["default"]:
        DATABASES["replica"]["DISABLE_SERVER_SIDE_CURSORS"] = DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"]
    # Under tests the alias reads the test database itself, never a second one.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["bhxh_portal.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis when REDIS_URL is set, process memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Template fragments that depend only on the code and the language (the calculator's empty form): kept in each
# process's memory, so a deploy (new processes) never serves the fragment of the code before.
CACHES["fragments"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments"}

# Whole pages kept per person until their records change, at most this many seconds (bhxh_portal/page_cache.py).
# On by default only with Redis: with the in-process cache, a change made by the Celery worker would not reach
# the web processes' copies. 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300" if REDIS_URL else "0"))

# --- Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.auth.IdentifierBackend",
]
# Argon2id first (memory-hard, OWASP's first choice): half the CPU of Django's PBKDF2 per sign-in here (0.29 s
# against 0.58 s; sign-ins were about a fifth of the CPU in bench/load.py's mix). A password stored with PBKDF2
# still works and is re-hashed with Argon2 at its next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Ends the account's other sessions and API tokens whenever its password changes (accounts.auth).
    {"NAME": "accounts.auth.RevokeOnPasswordChange"},
]
# Two-step sign-in for employer accounts (accounts/twofactor): the name apps show beside the code,
# and django-otp's back-off after wrong codes (1, 2, 4, 8 ... seconds per device).


# django-otp calls this setting when it is callable, as it builds the set-up QR code.
def OTP_TOTP_ISSUER(device):
    """The site's name in the language of the set-up page ("Cổng tự phục vụ BHXH"): the app keeps it as the label."""
    from django.utils.translation import gettext

    return gettext("Social insurance portal")


OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# The admin never shows a device's secret key nor its set-up QR code (whoever sees one can make codes).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Idle timeout: the session expires after this many seconds without a request.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))
# Not True: bhxh_portal.middleware.session_activity saves (and so extends) the session on every request
# except background polls (the header's unread count), so an open tab alone never keeps it alive.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Failed sign-ins: locked per (username, IP) pair for a cool-off period, never for good, so that
# someone guessing from elsewhere cannot lock the real person out.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_SENSITIVE_PARAMETERS = ["password", "username", "code", "otp"]
# One identity, one counter: an SI number counts against its person's ID number (accounts.auth).
AXES_USERNAME_CALLABLE = "accounts.auth.axes_identity"
# Client address: one resolution for axes, the API throttles and the page limits (participants.ratelimit).
AXES_CLIENT_IP_CALLABLE = "participants.ratelimit.axes_client_ip"
# A locked-out API request gets JSON, a page the lock-out page.
AXES_LOCKOUT_CALLABLE = "accounts.auth.axes_lockout_response"

# --- Client address and rate limits (docs/security.md).
# How many reverse proxies in front of the app append to X-Forwarded-For; 0 = none, the peer address is the client.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
# django-ratelimit (pages) keys "ip" through the same resolution.
RATELIMIT_IP_META_KEY = "participants.ratelimit.client_ip"
# Web sign-in attempts per client address (password spraying across ID numbers), on top of axes' per-pair lock.
SIGNIN_RATE_PER_IP = os.environ.get("SIGNIN_RATE_PER_IP", "20/10m")
# Activation: each step, per client address and per ID number.
ACTIVATION_RATE_PER_IP = os.environ.get("ACTIVATION_RATE_PER_IP", "20/h")
ACTIVATION_RATE_PER_ID = os.environ.get("ACTIVATION_RATE_PER_ID", "10/h")
# Password-reset e-mails per address typed and per client address.
PASSWORD_RESET_RATE_PER_ACCOUNT = os.environ.get("PASSWORD_RESET_RATE_PER_ACCOUNT", "3/h")
PASSWORD_RESET_RATE_PER_IP = os.environ.get("PASSWORD_RESET_RATE_PER_IP", "10/h")
# The clinic desk page: the API's check-in rate, per staff user and per facility.
CLINIC_DESK_RATE_PER_USER = os.environ.get("CLINIC_DESK_RATE_PER_USER", "60/m")
CLINIC_DESK_RATE_PER_FACILITY = os.environ.get("CLINIC_DESK_RATE_PER_FACILITY", "120/m")

# --- API tokens (django-rest-knox): stored hashed, shown once; lifetime by role.
API_TOKEN_HOURS_STAFF = int(os.environ.get("API_TOKEN_HOURS_STAFF", "8"))  # employer, clinic and admin accounts
API_TOKEN_DAYS_CITIZEN = int(os.environ.get("API_TOKEN_DAYS_CITIZEN", "30"))
# Tokens an account may hold at once: a new one replaces the oldest beyond this (accounts.services).
API_TOKENS_PER_ACCOUNT = int(os.environ.get("API_TOKENS_PER_ACCOUNT", "20"))
REST_KNOX = {
    "AUTH_HEADER_PREFIX": "Bearer",
    "TOKEN_TTL": timedelta(hours=API_TOKEN_HOURS_STAFF),  # the default; accounts.services sets it per role
    "AUTO_REFRESH": False,
}

# --- Internationalisation: Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["bhxh_portal.formats"]

# --- Static files: served by WhiteNoise from our own origin; nothing from a CDN.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_MIMETYPES = {".webmanifest": "application/manifest+json"}

# --- Security headers. Django 6's CSP: only our own origin, and no inline script or style.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "bhxh_portal.views.csrf_failure"  # our page in both languages, not Django's
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie; kept default.
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Probes and the metrics scraper talk to gunicorn directly, over plain HTTP on the internal network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Email: written to files under var/ in development, SMTP in production.
if PRODUCTION:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
SMS_BACKEND = os.environ.get("SMS_BACKEND", "participants.sms.FileSmsBackend")
SMS_FILE_PATH = VAR_DIR / "sms"
# SMS gateway for SMS_BACKEND=participants.sms.HttpSmsBackend (contract: docs/sms-gateway.md).
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = os.environ.get("SMS_GATEWAY_TOKEN", "")
SMS_GATEWAY_TIMEOUT = float(os.environ.get("SMS_GATEWAY_TIMEOUT", "10"))
ACTIVATION_CODE_MINUTES = 10
ACTIVATION_MAX_ATTEMPTS = 5
ACTIVATION_MAX_CODES_PER_HOUR = 3
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Cổng tự phục vụ BHXH <no-reply@bhxh-portal.invalid>")

# --- Check-in tokens (docs/checkin-token.md). Production signs with the Ed25519 PEM in
# CHECKIN_PRIVATE_KEY; the embedded default generates one once under var/.
CHECKIN_TOKEN_MINUTES = int(os.environ.get("CHECKIN_TOKEN_MINUTES", "10"))
CHECKIN_ISSUER = os.environ.get("CHECKIN_ISSUER", "bhxh-portal")
CHECKIN_PRIVATE_KEY = os.environ.get("CHECKIN_PRIVATE_KEY", "")
# Misuse signals, each opening a case in the review queue (docs/misuse-review.md): one card at two different
# facilities within this many hours, and more check-ins of one person within 7 days than the threshold.
CHECKIN_SIGNAL_TWO_FACILITIES_HOURS = int(os.environ.get("CHECKIN_SIGNAL_TWO_FACILITIES_HOURS", "4"))
CHECKIN_SIGNAL_WEEKLY_THRESHOLD = int(os.environ.get("CHECKIN_SIGNAL_WEEKLY_THRESHOLD", "5"))
# And for the desk (the queue; the admin's personal data accesses, "worth a look"): a staff user who looked up
# more than this many people by ID number within the hours, none checked in at that facility since (after).
CHECKIN_SIGNAL_LOOKUPS_WITHOUT_VISIT = int(os.environ.get("CHECKIN_SIGNAL_LOOKUPS_WITHOUT_VISIT", "20"))
CHECKIN_SIGNAL_LOOKUP_HOURS = int(os.environ.get("CHECKIN_SIGNAL_LOOKUP_HOURS", "4"))

# --- Employer staff-changes uploads (employers/uploads.py, docs/staff-changes.md).
# A bigger file or more data rows is refused as a whole before any row is checked.
STAFF_CHANGES_MAX_BYTES = int(os.environ.get("STAFF_CHANGES_MAX_BYTES", str(2 * 1024 * 1024)))
STAFF_CHANGES_MAX_ROWS = int(os.environ.get("STAFF_CHANGES_MAX_ROWS", "5000"))
# An XLSX upload is also refused past this many filled cells or this many seconds of reading.
STAFF_CHANGES_MAX_CELLS = int(os.environ.get("STAFF_CHANGES_MAX_CELLS", str(5000 * 12)))
STAFF_CHANGES_MAX_SECONDS = float(os.environ.get("STAFF_CHANGES_MAX_SECONDS", "5"))

# --- REST API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "accounts.api.authentication.BearerTokenAuthentication",
    ],
    # JSON only (a form-encoded body cannot carry the nested objects, and is a 415); bodies nested deeper than a
    # few levels are refused with a 400 (a recursion error would be a 500).
    "DEFAULT_PARSER_CLASSES": ["bhxh_portal.api.ShallowJSONParser"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "participants.ratelimit.AnonThrottle",
        "participants.ratelimit.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("THROTTLE_ANON", "60/min"),
        "user": os.environ.get("THROTTLE_USER", "600/min"),
        "auth_token": os.environ.get("THROTTLE_AUTH_TOKEN", "10/min"),
        "calculator": os.environ.get("THROTTLE_CALCULATOR", "30/min"),
        # A reception desk checks in a patient every few seconds at most; more looks like someone
        # walking through ID numbers (each ID lookup is logged, and this caps how fast).
        "checkins": os.environ.get("THROTTLE_CHECKINS", "60/min"),
    },
    "EXCEPTION_HANDLER": "bhxh_portal.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
if DEBUG:
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"].append("rest_framework.renderers.BrowsableAPIRenderer")
SPECTACULAR_SETTINGS = {
    "TITLE": "bhxh-portal API",
    "DESCRIPTION": "Self-service API for social, health and unemployment insurance participants.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "bhxh_portal.api.document_error_responses",
    ],
    # Two choice sets share the field name support_group (household HI groups, voluntary-support groups).
    "ENUM_NAME_OVERRIDES": {
        "HouseholdSupportGroupEnum": "benefits.planning.HOUSEHOLD_SUPPORT_GROUPS",
        "VoluntarySupportGroupEnum": "benefits.planning.VOLUNTARY_SUPPORT_GROUPS",
    },
}

# --- Operations: /readyz and /metrics (bhxh_portal/ops.py, docs/operations.md).
# /metrics answers a bearer token, or a client on these networks (REMOTE_ADDR; the proxy must not forward it).
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_ALLOWED_NETWORKS = [
    n.strip() for n in os.environ.get("METRICS_ALLOWED_NETWORKS", "127.0.0.1/32,::1/128").split(",") if n.strip()
]
# How long /readyz and the queue gauge wait for the broker before calling it unavailable.
READYZ_TIMEOUT_SECONDS = float(os.environ.get("READYZ_TIMEOUT_SECONDS", "2"))

# --- Celery: a broker that needs no server (files under var/) unless CELERY_BROKER_URL is set.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "celery-broker"
    for sub in ("queue", "processed", "control"):
        (_broker_dir / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        # Broadcast messages (the --wait of run_reminder_sweep, `celery inspect`) go here, not to ./control.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Keep Django's LOGGING (with its redaction filter) in worker and beat processes too.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Reminders: sending e-mail and SMS deliveries (reminders/delivery.py, docs/reminders.md "Delivery").
# Ids per `reminders.deliver_batch` task; total attempts per delivery before it is marked failed.
REMINDER_DELIVERY_BATCH = int(os.environ.get("REMINDER_DELIVERY_BATCH", "200"))
REMINDER_MAX_ATTEMPTS = int(os.environ.get("REMINDER_MAX_ATTEMPTS", "6"))
# Retry wait: random up to base * 2^(attempt-1) seconds, capped (full jitter); at least the provider's Retry-After.
REMINDER_RETRY_BASE_SECONDS = float(os.environ.get("REMINDER_RETRY_BASE_SECONDS", "60"))
REMINDER_RETRY_CAP_SECONDS = float(os.environ.get("REMINDER_RETRY_CAP_SECONDS", "3600"))
# How long a worker's claim on a delivery lasts before another may try (longer than an SMTP/SMS timeout).
REMINDER_SEND_LEASE_SECONDS = int(os.environ.get("REMINDER_SEND_LEASE_SECONDS", "300"))
# reminders.release_deferred re-queues rows overdue by the grace, or queued and untouched for the stale time.
REMINDER_RELEASE_GRACE_SECONDS = int(os.environ.get("REMINDER_RELEASE_GRACE_SECONDS", "600"))
REMINDER_RELEASE_STALE_SECONDS = int(os.environ.get("REMINDER_RELEASE_STALE_SECONDS", "3600"))
# Queue of the delivery tasks; empty = Celery's default queue (the one `make run`'s worker consumes).
REMINDER_DELIVERY_QUEUE = os.environ.get("REMINDER_DELIVERY_QUEUE", "")

# --- Reminders: the daily sweep (reminders/sweep.py, docs/reminders.md "Sweep").
# Participant primary keys per `reminders.sweep_chunk` task (one transaction each).
REMINDER_SWEEP_CHUNK = int(os.environ.get("REMINDER_SWEEP_CHUNK", "2000"))
# Local time (Asia/Ho_Chi_Minh) of the daily sweep's beat entry, synced into django-celery-beat.
REMINDER_SWEEP_HOUR = int(os.environ.get("REMINDER_SWEEP_HOUR", "6"))
REMINDER_SWEEP_MINUTE = int(os.environ.get("REMINDER_SWEEP_MINUTE", "0"))
# reminders.sweep_repair (every 10 minutes) sends again the chunks of a sweep that has had no chunk sent or done
# for this long; the chunk ledger (reminders.SweepChunk) keeps this many days.
REMINDER_SWEEP_STALL_SECONDS = int(os.environ.get("REMINDER_SWEEP_STALL_SECONDS", "1800"))
REMINDER_SWEEP_KEEP_DAYS = int(os.environ.get("REMINDER_SWEEP_KEEP_DAYS", "7"))

# --- Coverage statistics: local time of the nightly snapshot's beat entry (coverage_stats/schedules.py).
COVERAGE_SNAPSHOT_HOUR = int(os.environ.get("COVERAGE_SNAPSHOT_HOUR", "1"))
COVERAGE_SNAPSHOT_MINUTE = int(os.environ.get("COVERAGE_SNAPSHOT_MINUTE", "30"))
# Queue of the sweep's chunk tasks; empty = Celery's default queue.
REMINDER_SWEEP_QUEUE = os.environ.get("REMINDER_SWEEP_QUEUE", "")
# Where the chunk tasks (only they) keep their results for `run_reminder_sweep --wait`: the Celery result
# backend if one is set, else Redis when the broker is Redis, else files under var/ (the embedded default).
_sweep_results_dir = VAR_DIR / "celery-results"
REMINDER_SWEEP_RESULT_BACKEND = os.environ.get("REMINDER_SWEEP_RESULT_BACKEND") or CELERY_RESULT_BACKEND
if not REMINDER_SWEEP_RESULT_BACKEND:
    if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        REMINDER_SWEEP_RESULT_BACKEND = CELERY_BROKER_URL
    else:
        _sweep_results_dir.mkdir(parents=True, exist_ok=True)
        REMINDER_SWEEP_RESULT_BACKEND = f"file://{_sweep_results_dir}"

# --- Logging: to stderr, every record passed through the personal-data redactor first, with the request id
# (bhxh_portal/request_id.py). One JSON object per line in production (LOG_FORMAT=json), plain text otherwise.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "plain")
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured("LOG_FORMAT must be 'json' or 'plain'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_personal_data": {"()": "bhxh_portal.log_filters.RedactPersonalDataFilter"},
        "request_id": {"()": "bhxh_portal.request_id.RequestIdFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "bhxh_portal.log_filters.RedactingJsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            # The redactor first: the formatter (JSON or plain) only ever sees the redacted message.
            "filters": ["redact_personal_data", "request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # runserver's request lines have a handler of their own by default: route them through ours.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "celery": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
