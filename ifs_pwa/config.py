"""Configuration read from the environment, so one build runs anywhere (12-factor)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

HTMX_CDN_URL = "https://cdn.jsdelivr.net/npm/htmx.org@2.0.11/dist/htmx.min.js"
HTMX_CDN_SRI = "sha384-2OatzQy1H+Zd/IIrjr1TcuDGqLXeHhbooAyJY1KdQMKnr4LZ22k31GBLdYKHmVjg"


def env_flag(name: str, default: bool) -> bool:
    """Read a yes/no switch; anything but an explicit 'off' word keeps it on."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() not in {"0", "false", "no", "off", ""}


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw.isdecimal() else default


def instance_secret(instance_path: Path, name: str) -> str:
    """Return a secret kept in instance/, creating it once so restarts keep sessions valid."""
    instance_path.mkdir(parents=True, exist_ok=True)
    path = instance_path / name
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def normalise_database_url(url: str) -> str:
    """Let people paste the usual postgres:// URL; SQLAlchemy wants the psycopg 3 driver named."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    """Production-leaning defaults; everything sensitive comes from the environment."""

    TESTING = False
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    # A CSRF token stays valid for the whole session: the offline outbox replays forms later.
    WTF_CSRF_TIME_LIMIT = None
    WTF_CSRF_SSL_STRICT = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 60  # two months: "keep me signed in" on a phone
    RATELIMIT_HEADERS_ENABLED = True
    # Sign-in attempts (auth/limits.py): one username from one address, one address whatever
    # the username, and one username from anywhere (softer, so an owner can't be locked out).
    RATELIMIT_AUTH = "10/minute"
    RATELIMIT_AUTH_ADDRESS = "30/minute"
    RATELIMIT_AUTH_USERNAME = "50/hour"
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024
    # Bringing an export back in (portability/uploads.py): ten years of daily 4,000-character
    # notes is about 16 MB; this leaves room for several times that.
    IMPORT_MAX_BYTES = 64 * 1024 * 1024
    # Rendered pages each worker keeps (pagecache.py); 0 turns the cache off.
    PAGE_CACHE_SIZE = 256

    @classmethod
    def from_env(cls, instance_path: Path) -> dict:
        """Resolve the settings that depend on the environment and the instance folder."""
        secure = env_flag("SESSION_COOKIE_SECURE", True)
        sqlite_default = f"sqlite:///{instance_path / 'befriend.db'}"
        secret = os.environ.get("SECRET_KEY") or instance_secret(instance_path, "secret_key")
        return {
            "SECRET_KEY": secret,
            "SQLALCHEMY_DATABASE_URI": normalise_database_url(
                os.environ.get("DATABASE_URL", sqlite_default)
            ),
            # Comma-separated urlsafe-base64 keys, newest first; empty → instance/encryption.key.
            "ENCRYPTION_KEYS": os.environ.get("ENCRYPTION_KEYS", ""),
            "HTMX_URL": os.environ.get("HTMX_URL", HTMX_CDN_URL),
            "HTMX_SRI": os.environ.get("HTMX_SRI", HTMX_CDN_SRI),
            "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
            # Names this copy's counts in a Redis shared with other apps (or other test runs).
            "RATELIMIT_KEY_PREFIX": os.environ.get("RATELIMIT_KEY_PREFIX", "befriend"),
            "RATELIMIT_ENABLED": env_flag("RATELIMIT_ENABLED", True),
            # How many reverse proxies in front to believe about the client's address, scheme
            # and host (X-Forwarded-For/-Proto/-Host); 0 believes none (create_app).
            "TRUSTED_PROXIES": env_int("TRUSTED_PROXIES", 0),
            "BENCHMARK_HELLO": env_flag("BENCHMARK_HELLO", False),
            "PAGE_CACHE_SIZE": env_int("PAGE_CACHE_SIZE", cls.PAGE_CACHE_SIZE),
            # Push reminders' signing key (empty: instance/vapid_private.pem, made once).
            "VAPID_PRIVATE_KEY": os.environ.get("VAPID_PRIVATE_KEY", ""),
            "VAPID_SUBJECT": os.environ.get("VAPID_SUBJECT", ""),
            "SESSION_COOKIE_SECURE": secure,
            "REMEMBER_COOKIE_SECURE": secure,
        }


class TestConfig(Config):
    """Used by the test suite; the database URL is supplied by the fixtures."""

    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    HTMX_URL = HTMX_CDN_URL
    HTMX_SRI = HTMX_CDN_SRI
    # A fixed key, so tests never write instance/encryption.key (never use it anywhere else).
    # A fixed VAPID key, so tests never write instance/vapid_private.pem (tests only).
    VAPID_PRIVATE_KEY = "1Wzr6JuLsmvtn_HtmRSPxqum9jgRe9VkOwSy7x22El0"
    VAPID_SUBJECT = "mailto:tests@befriend.invalid"
    ENCRYPTION_KEYS = ["dGVzdC1rZXktbm90LWZvci1wcm9kdWN0aW9uLXVzZSE="]
    # Password hashing is deliberately slow; tests use cheaper (still Argon2id) parameters.
    ARGON2_FAST = True
