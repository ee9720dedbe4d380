"""When a reminder is due, on the person's own clock, across daylight-saving changes.

A 09:00 reminder is 09:00 local on every day, so its UTC moment moves with the clocks. A local
time the clocks skip that day (02:30 when they jump from 02:00 to 03:00) goes at the next valid
minute; a time that happens twice (when they fall back) goes the first time, once.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from ..clock import zone

# A sender that was down for a few minutes still sends; one that was down all morning doesn't
# send a 09:00 reminder at noon.
LATE_LIMIT = timedelta(minutes=30)


def exists(naive: datetime, tz) -> bool:
    """A wall-clock time exists when it survives the round trip through UTC unchanged."""
    aware = naive.replace(tzinfo=tz)
    return aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive


def due_moment(day: date, at: time, tz_name: str | None) -> datetime:
    """The UTC moment of `at` on `day` locally; a skipped time moves to the next valid minute."""
    tz = zone(tz_name)
    naive = datetime.combine(day, at.replace(second=0, microsecond=0))
    while not exists(naive, tz):
        naive += timedelta(minutes=1)
    return naive.replace(tzinfo=tz, fold=0).astimezone(UTC)


def due_day(now: datetime, at: time, tz_name: str | None, days_mask: int) -> date | None:
    """The local day whose reminder is due at `now` (within LATE_LIMIT of its time), or None.

    The local day is checked from today back to yesterday: a reminder set for 23:50 is still
    that day's reminder when a late sender runs just after midnight.
    """
    local_today = now.astimezone(zone(tz_name)).date()
    for day in (local_today, local_today - timedelta(days=1)):
        if not days_mask & (1 << day.weekday()):
            continue
        moment = due_moment(day, at, tz_name)
        if moment <= now < moment + LATE_LIMIT:
            return day
    return None
