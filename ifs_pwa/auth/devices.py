"""Signed-in devices kept on the server: start one at sign-in, find it on every request, end it.

Every signed-in request already loads the person; the device row comes in the same query (a
join), so checking that the session still exists costs nothing extra. "Last seen" is written at
most every few minutes, so reading pages doesn't turn into a write each time.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from ..clock import utcnow
from ..records import commit_keeping_state
from .models import DeviceSession, User

LAST_SEEN_EVERY = timedelta(minutes=5)
BROWSERS = (("Edg/", "Edge"), ("SamsungBrowser", "Samsung Internet"), ("Firefox", "Firefox"),
            ("FxiOS", "Firefox"), ("CriOS", "Chrome"), ("Chrome", "Chrome"),
            ("Safari", "Safari"))
SYSTEMS = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"),
           ("Windows", "Windows"), ("Macintosh", "Mac"), ("CrOS", "ChromeOS"),
           ("Linux", "Linux"))


def device_label(user_agent: str | None) -> str:
    """A coarse name a person recognises ("Firefox on Android"); never the whole User-Agent."""
    agent = user_agent or ""
    browser = next((name for mark, name in BROWSERS if mark in agent), None)
    system = next((name for mark, name in SYSTEMS if re.search(re.escape(mark), agent)), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "Unknown device"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(session: Session, user: User, user_agent: str | None) -> DeviceSession:
    """A new signed-in device for `user`; the caller commits, then calls login_user."""
    token = secrets.token_urlsafe(32)
    device = DeviceSession(user_id=user.id, token_hash=digest(token),
                           device=device_label(user_agent))
    session.add(device)
    session.flush()
    user.device, user.device_token = device, token
    return device


# The one query of every signed-in request, built once: building it anew (three comparisons, a
# join) was about a quarter of a stored page's whole user load under cProfile (make bench:
# cached Today).
PERSON_AND_DEVICE = (
    select(User, DeviceSession).join(DeviceSession, DeviceSession.user_id == User.id)
    .where(User.id == bindparam("user_id"), DeviceSession.token_hash == bindparam("token_hash"))
)


def load(session: Session, user_id: str) -> User | None:
    """Resolve a Flask-Login id "<user id>:<token>": the person and this device, in one query.
    A device signed out (here or on any other host) is simply not found."""
    raw_id, _, token = user_id.partition(":")
    if not raw_id.isdecimal() or not token:
        return None
    row = session.execute(PERSON_AND_DEVICE,
                          {"user_id": int(raw_id), "token_hash": digest(token)}).first()
    if row is None:
        return None
    user, device = row
    user.device, user.device_token = device, token
    seen(session, device)
    return user


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def seen(session: Session, device: DeviceSession) -> None:
    """Note that the device is in use, at most every LAST_SEEN_EVERY. It is the first thing a
    request does, so nothing else is in the transaction this commits."""
    now = utcnow()
    if now - aware(device.last_seen_at) >= LAST_SEEN_EVERY:
        device.last_seen_at = now
        commit_keeping_state(session)


def devices_of(session: Session, user_id: int) -> list[DeviceSession]:
    return list(session.scalars(select(DeviceSession).where(DeviceSession.user_id == user_id)
                                .order_by(DeviceSession.last_seen_at.desc(), DeviceSession.id)))


def end(session: Session, user_id: int, device_id: int | None = None) -> int:
    """Sign out one device of this person (None: all of them); returns how many ended."""
    query = delete(DeviceSession).where(DeviceSession.user_id == user_id)
    if device_id is not None:
        query = query.where(DeviceSession.id == device_id)
    return session.execute(query).rowcount


def end_others(session: Session, user_id: int, keep: DeviceSession | None) -> None:
    """After a password change or a recovery: every device but this one is signed out."""
    query = delete(DeviceSession).where(DeviceSession.user_id == user_id)
    if keep is not None:
        query = query.where(DeviceSession.id != keep.id)
    session.execute(query)
