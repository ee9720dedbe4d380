"""Which day a moment belongs to, in the person's own time zone (never the server's)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_login import current_user

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def zone(name: str | None) -> ZoneInfo:
    """A stored name that no longer exists falls back to UTC instead of failing a page."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def local_date(moment: datetime, tz_name: str | None) -> date:
    return as_utc(moment).astimezone(zone(tz_name)).date()


def to_local(moment: datetime, tz_name: str | None) -> datetime:
    return as_utc(moment).astimezone(zone(tz_name))


def from_local(naive: datetime, tz_name: str | None) -> datetime:
    """A wall-clock time typed by the person, as UTC."""
    return naive.replace(tzinfo=zone(tz_name)).astimezone(UTC)


def today(tz_name: str | None, now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(zone(tz_name)).date()


def local_day_key() -> str:
    """The signed-in person's date today: stored pages (pagecache.py) are kept per local day."""
    return today(current_user.timezone).isoformat()


def local_input_value(moment: datetime, tz_name: str | None) -> str:
    """The value a datetime-local input shows for this moment."""
    return to_local(moment, tz_name).strftime(LOCAL_FORMAT)
