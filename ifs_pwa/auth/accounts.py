"""Account logic with no Flask request in sight: create, authenticate, change password."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .devices import end_others
from .models import DeviceSession, User
from .passwords import hash_password, needs_rehash, verify_password


def username_key(username: str) -> str:
    """Usernames are unique whatever their case: compare on the case-folded form."""
    return username.strip().casefold()


def find_user(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username_key == username_key(username)))


def username_taken(session: Session, username: str) -> bool:
    return find_user(session, username) is not None


def create_user(
    session: Session, username: str, password: str, email: str | None = None,
    timezone: str | None = None,
) -> User:
    """Add a new account to the session; the caller commits."""
    user = User(
        username=username,
        username_key=username_key(username),
        email=email,
        password_hash=hash_password(password),
        timezone=timezone or "UTC",
        settings={},
        session_epoch=0,
    )
    session.add(user)
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """Return the user when the password matches; unknown names cost the same time."""
    user = find_user(session, username)
    if not verify_password(user.password_hash if user else None, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def change_password(session: Session, user: User, new_password: str,
                    keep: DeviceSession | None = None) -> None:
    """Store the new hash and sign out every device but `keep` (None: all of them)."""
    user.password_hash = hash_password(new_password)
    end_others(session, user.id, keep)
