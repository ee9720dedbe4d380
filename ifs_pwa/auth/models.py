"""The account row. Everything else a person writes belongs to it and goes with it."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
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
    # Bumped on password change: Flask-Login ids embed it, so every other session ends.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    # Moves with every write to this person's data: stored pages are keyed by it (pagecache.py).
    data_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_epoch}"

    def __repr__(self) -> str:
        return f"<User {self.id}>"
