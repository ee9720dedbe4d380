"""The account row. Everything else a person writes belongs to it and goes with it."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..crypto import EncryptedText
from ..extensions import db

# Keys of User.settings, each holding a time. Named here, beside the column, because the pages
# that write them and the importer that takes them back from an export must agree.
WELCOMED_KEY = "welcomed_at"  # the welcome screen was read
CAUTION_KEY = "exile_caution_acknowledged_at"  # the caution before exile work was accepted


class User(UserMixin, db.Model):
    __tablename__ = "users"
    # SQLite would otherwise hand a deleted account's id to the next sign-up, and a phone still
    # holding the old "{id}:{epoch}" cookie (or a page stored under that id) would reach the new
    # person. AUTOINCREMENT never reuses an id; PostgreSQL's identity never does anyway.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40))
    # Lower-cased copy with a unique index: "Sam" and "sam" are the same person, on any database.
    username_key: Mapped[str] = mapped_column(String(40), unique=True)
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(255))
    # Argon2 hash of the one-time recovery code (no email needed to get back in); None = none yet.
    recovery_hash: Mapped[str | None] = mapped_column(String(255))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    country: Mapped[str | None] = mapped_column(String(2))
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    # No longer read: sign-ins are rows of user_sessions (DeviceSession), ended by deleting them.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    # Moves with every write to this person's data: stored pages are keyed by it (pagecache.py).
    data_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    # The device this request signed in with, set by the loader (auth/devices.py): its row and
    # the token the cookie carries. Not columns: one User row has many devices.
    device = None  # DeviceSession | None
    device_token = None  # str | None

    def get_id(self) -> str:
        """What Flask-Login puts in the cookies: the account and this device's secret token."""
        return f"{self.id}:{self.device_token}"

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class DeviceSession(db.Model):
    """One signed-in device, kept on the server so that signing out ends it on every host.

    The cookie holds a random token; only its SHA-256 is stored, so a copy of the database opens
    no session. The recovery code waits here (encrypted) for the one page that shows it, rather
    than in the cookie.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Coarse, from the User-Agent ("Firefox on Android"): enough to tell one's devices apart.
    device: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    code_to_show: Mapped[str | None] = mapped_column(EncryptedText)

    def __repr__(self) -> str:
        return f"<DeviceSession {self.id}>"
