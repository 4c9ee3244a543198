"""Configuration classes. Every setting can be overridden from the environment.

`create_app()` picks a class from `APP_ENV` (development | test | production) unless one is
passed in, then applies `from_prefixed_env`-style overrides for the keys listed in `ENV_KEYS`.
"""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _hosts(value: str | None) -> list[str] | None:
    """A comma-separated host list (`greenconnect.vn,.greenconnect.vn`); None when unset or empty."""
    hosts = [h.strip() for h in (value or "").split(",") if h.strip()]
    return hosts or None


DEV_SECRET_KEY = "dev-only-not-secret-change-me"  # never valid in production (create_app refuses it)


class Config:
    APP_NAME = "GreenConnect"
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    PORT = int(os.environ.get("PORT", "5000"))

    # Database: SQLite file under instance/ unless DATABASE_URL is set.
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'greenconnect.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    # SQLite: how long a writer waits for the database's write lock before giving up (409), in seconds.
    SQLITE_BUSY_TIMEOUT = float(os.environ.get("SQLITE_BUSY_TIMEOUT", "15"))

    # Search: tantivy index under instance/ unless SEARCH_URL is set
    # (http(s)://… Elasticsearch, opensearch+http(s)://… OpenSearch).
    SEARCH_URL = os.environ.get("SEARCH_URL") or f"tantivy://{INSTANCE_DIR / 'search'}"

    # Payments: Stripe when keys are set; bank transfer with manual confirmation otherwise.
    STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
    STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
    STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
    STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")  # e.g. a localstripe URL in tests
    # Webhook signatures older or newer than this many seconds are refused (replays, skewed clocks).
    STRIPE_WEBHOOK_TOLERANCE = int(os.environ.get("STRIPE_WEBHOOK_TOLERANCE", "300"))
    # The account bank transfers go to (shown on every bank-transfer payment page with the reference).
    BANK_TRANSFER_ACCOUNT_NAME = os.environ.get("BANK_TRANSFER_ACCOUNT_NAME", "")
    BANK_TRANSFER_ACCOUNT_NUMBER = os.environ.get("BANK_TRANSFER_ACCOUNT_NUMBER", "")
    BANK_TRANSFER_BANK = os.environ.get("BANK_TRANSFER_BANK", "")

    # Mail: SMTP when MAIL_SERVER is set, otherwise .eml files in MAIL_OUTBOX_DIR.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _bool(os.environ.get("MAIL_USE_TLS"), True)
    MAIL_USE_SSL = _bool(os.environ.get("MAIL_USE_SSL"), False)
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "GreenConnect <no-reply@greenconnect.local>")
    MAIL_OUTBOX_DIR = os.environ.get("MAIL_OUTBOX_DIR", str(INSTANCE_DIR / "mail_outbox"))

    # Uploads (evidence, photos, logos) are stored here; never served from static/.
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR", str(INSTANCE_DIR / "uploads"))
    # Open data: where the nightly exports are written, and who publishes them under which licence.
    OPENDATA_DIR = os.environ.get("OPENDATA_DIR", str(INSTANCE_DIR / "opendata"))
    OPENDATA_PUBLISHER = os.environ.get("OPENDATA_PUBLISHER", "GreenConnect – Kết Nối Xanh")
    OPENDATA_LICENSE = os.environ.get("OPENDATA_LICENSE", "https://creativecommons.org/licenses/by/4.0/")
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(12 * 1024 * 1024)))
    MAX_JSON_BYTES = int(os.environ.get("MAX_JSON_BYTES", str(256 * 1024)))
    # Bulk listing import (POST /api/v1/listings/bulk and /my/listings/import): per request.
    BULK_IMPORT_MAX_ROWS = int(os.environ.get("BULK_IMPORT_MAX_ROWS", "5000"))
    BULK_IMPORT_MAX_BYTES = int(os.environ.get("BULK_IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))

    # i18n: Vietnamese first, English second.
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")

    # Security
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool(os.environ.get("SESSION_COOKIE_SECURE"), False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    # Rate-limit counters shared by every worker process (app/ratelimit.py): this URI when set; else a local
    # Redis that answers on RATELIMIT_REDIS_PROBE; else an embedded SQLite file in the instance directory.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "")
    RATELIMIT_REDIS_PROBE = os.environ.get("RATELIMIT_REDIS_PROBE", "127.0.0.1:6379")
    RATELIMIT_ENABLED = _bool(os.environ.get("RATELIMIT_ENABLED"), True)
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")  # per client address
    # per account named in the attempt, whatever the address (credential stuffing from many addresses)
    LOGIN_ACCOUNT_RATE_LIMIT = os.environ.get("LOGIN_ACCOUNT_RATE_LIMIT", "20 per hour")
    API_TOKEN_TTL_DAYS = int(os.environ.get("API_TOKEN_TTL_DAYS", "30"))
    EMAIL_TOKEN_MAX_AGE = int(os.environ.get("EMAIL_TOKEN_MAX_AGE", str(3 * 24 * 3600)))

    # OpenAPI (flask-smorest)
    API_TITLE = "GreenConnect API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"

    DEMO_SEED = int(os.environ.get("DEMO_SEED", "20250701"))
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")
    # Public address used for links in e-mails sent by background jobs (no request to take it from).
    BASE_URL = os.environ.get("BASE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '5000')}/")
    # Host headers the site answers to (Flask's TRUSTED_HOSTS; any other is a 400). Unset: any host in
    # development and test; in production the host of BASE_URL. A leading dot admits subdomains.
    TRUSTED_HOSTS = _hosts(os.environ.get("TRUSTED_HOSTS"))
    # Search counts as degraded when the oldest unindexed change is older than this (seconds).
    SEARCH_DEGRADED_AFTER = int(os.environ.get("SEARCH_DEGRADED_AFTER", "60"))
    # How often the indexer checks that every index is whole (generation marker) and rebuilds the ones
    # that are not (deleted, emptied, corrupted, built from another database), in seconds.
    SEARCH_VERIFY_INTERVAL = float(os.environ.get("SEARCH_VERIFY_INTERVAL", "5"))


class DevelopmentConfig(Config):
    DEBUG = False


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    PASSWORD_HASH_FAST = True  # cheaper argon2 parameters so the suite stays quick


class ProductionConfig(Config):
    REQUIRE_REAL_SECRET_KEY = True  # create_app refuses to start with the development default
    TRUSTED_HOSTS = Config.TRUSTED_HOSTS or _hosts(urlsplit(Config.BASE_URL).hostname)
    SESSION_COOKIE_SECURE = _bool(os.environ.get("SESSION_COOKIE_SECURE"), True)
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"


CONFIGS = {"development": DevelopmentConfig, "test": TestConfig, "production": ProductionConfig}
