"""One clock for the whole app: every stored time is UTC, and "which day" is the person's own.

A person's time zone is a name they chose (or an import brought); a name this server does not
know, or none at all, reads as UTC here, in one place, so no page fails over a zone and no two
pages disagree about which day it is.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# How the app writes a moment for people to read, the same on every page.
READABLE = "%a %-d %b %Y, %H:%M"
# How far ahead of the server a phone's clock may run and still be believed: phones set their
# clock from the network and drift by seconds, so five minutes is generous for drift but far too
# little for a clock set wrongly by hand (the same slack check-ins and breathing allow).
CLOCK_SKEW = timedelta(minutes=5)
# How old a phone's time may be. The outbox never drops an entry, so something saved offline
# can wait on a phone for weeks (a phone left in a drawer through a hard month); a year covers
# that with room to spare. Older than that is a clock that lost its time (a flat battery puts
# some phones back to 1970 or 2000), not an entry that waited.
PHONE_TIME_MAX_AGE = timedelta(days=366)


def utcnow() -> datetime:
    """Timezone-aware now; every stored time is UTC."""
    return datetime.now(UTC)


def zone(name: str | None) -> ZoneInfo:
    """The person's zone; an empty or unknown name (one since removed, say) falls back to UTC."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def to_local(moment: datetime, tz_name: str | None) -> datetime:
    """A stored moment on the person's own clock."""
    return as_utc(moment).astimezone(zone(tz_name))


def local_date(moment: datetime, tz_name: str | None) -> date:
    """Which day a moment belongs to for the person (never the server's day)."""
    return to_local(moment, tz_name).date()


def from_local(naive: datetime, tz_name: str | None) -> datetime:
    """A wall-clock time typed (or sent by the phone) without an offset, as UTC."""
    return naive.replace(tzinfo=zone(tz_name)).astimezone(UTC)


def phone_time(raw: str | None, tz_name: str | None, now: datetime | None = None) -> datetime:
    """When the phone says the person made something (pressed save, began a practice), in UTC.

    An entry saved offline is sent hours or days later; stamping it with the time it arrived
    would move a questionnaire taken at 23:50 onto the next day. The phone sends an ISO moment
    (`toISOString()`, so UTC); one without an offset is read on the person's clock. The stamp is
    a hidden field the person never sees and could not correct, so a bad one never refuses the
    save: a drift of up to CLOCK_SKEW ahead becomes now (never a moment still to come), and an
    unreadable stamp, one further ahead, or one older than PHONE_TIME_MAX_AGE gives way to the
    server's time, which is at worst a little later than the truth.
    """
    now = now or utcnow()
    try:
        moment = datetime.fromisoformat((raw or "").strip())
        moment = from_local(moment, tz_name) if moment.tzinfo is None else moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return now
    if not now - PHONE_TIME_MAX_AGE <= moment <= now + CLOCK_SKEW:
        return now
    return min(moment, now)


def today(tz_name: str | None, now: datetime | None = None) -> date:
    """The person's date now (or at `now`)."""
    return (now or utcnow()).astimezone(zone(tz_name)).date()


def readable(moment: datetime | None, tz_name: str | None) -> str:
    """A stored moment as the person reads it, on their own clock; nothing for no moment."""
    if moment is None:
        return ""
    return to_local(moment, tz_name).strftime(READABLE)


def which_day(moment: datetime | None, tz_name: str | None, now: datetime | None = None) -> str:
    """When something happened, as words that stay true: "today", "yesterday" or "on Tuesday
    3 March 2025", on the person's clock (a page about an old practice said "today")."""
    if moment is None:
        return ""
    day, now_day = local_date(moment, tz_name), today(tz_name, now)
    if day == now_day:
        return "today"
    if (now_day - day).days == 1:
        return "yesterday"
    return "on " + day.strftime("%A %-d %B %Y")


def persons_zone_name() -> str | None:
    """The signed-in person's zone name (None for a visitor, which reads as UTC)."""
    from flask_login import current_user

    return getattr(current_user, "timezone", None)


def local_time(moment: datetime | None) -> str:
    """The one template filter for times: `{{ moment|local_time }}` on the person's clock."""
    return readable(moment, persons_zone_name())


def local_day(moment: datetime | None) -> str:
    """The template filter `{{ moment|which_day }}`: which_day on the person's clock."""
    return which_day(moment, persons_zone_name())


def local_day_key() -> str:
    """The signed-in person's date today: stored pages (pagecache.py) are kept per local day."""
    return today(persons_zone_name()).isoformat()
