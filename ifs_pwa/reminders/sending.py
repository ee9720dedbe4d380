"""`flask reminders send-due`: every reminder due this minute, sent exactly once.

Safe to run every minute from cron or a timer on one host or several at once: a reminder is
claimed before it is sent, by moving its `last_sent_on` to the person's local date in the
database. On PostgreSQL the row is taken with FOR UPDATE SKIP LOCKED (a second sender passes it
by instead of waiting); on SQLite one UPDATE … WHERE last_sent_on < :day is atomic (the
database takes a write lock for it). Whoever's claim changes the row sends; everyone else
doesn't. A claimed reminder whose push then fails is not sent again: a reminder missed is
kinder than two.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlsplit

from flask import current_app
from pywebpush import WebPushException, webpush
from sqlalchemy import exists, or_, select, update

from ..auth.models import User
from ..checkins.models import CheckIn
from ..clock import utcnow
from ..extensions import db
from .models import PushSubscription, ReminderSettings
from .schedule import due_day
from .vapid import subject, vapid
from .wording import payload

GONE = {404, 410}  # the push service says this subscription no longer exists
# (kind, the time column, the claimed-date column, where a tap leads)
KINDS = (
    ("checkin", "remind_at", "last_sent_on", "/"),
    ("practice", "evening_at", "evening_sent_on", "/breathe"),
)


@dataclass
class Report:
    sent: int = 0
    skipped: int = 0
    removed: int = 0
    failed: int = 0
    people: list[int] = field(default_factory=list)


def claim(settings_id: int, column: str, day: date) -> bool:
    """Move the row's sent date to `day` if it is earlier; True if this sender did it."""
    sent_on = getattr(ReminderSettings, column)
    not_yet = or_(sent_on.is_(None), sent_on < day)
    if db.engine.dialect.name == "postgresql":
        locked = db.session.scalar(
            select(ReminderSettings.id).where(ReminderSettings.id == settings_id, not_yet)
            .with_for_update(skip_locked=True))
        if locked is None:
            db.session.rollback()
            return False
    result = db.session.execute(
        update(ReminderSettings).where(ReminderSettings.id == settings_id, not_yet)
        .values({column: day}).execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount == 1


def checked_in_on(user_id: int, day: date) -> bool:
    return bool(db.session.scalar(select(exists().where(CheckIn.user_id == user_id,
                                                       CheckIn.local_date == day))))


def push(subscription: PushSubscription, message: dict) -> int | None:
    """Send one push; the push service's status when it refused, None when it took it."""
    info = {"endpoint": subscription.endpoint,
            "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth}}
    try:
        webpush(info, json.dumps(message), vapid_private_key=vapid(),
                vapid_claims={"sub": subject()}, ttl=60 * 60 * 4, timeout=10,
                headers={"Urgency": "normal", "Topic": message["tag"]})
    except WebPushException as error:
        return error.response.status_code if error.response is not None else 0
    except OSError:  # the push service can't be reached at all
        return 0
    return None


def deliver(user_id: int, message: dict, report: Report) -> None:
    """To every device of the person; a device the push service no longer knows is forgotten."""
    subscriptions = db.session.scalars(
        select(PushSubscription).where(PushSubscription.user_id == user_id)).all()
    for subscription in subscriptions:
        status = push(subscription, message)
        if status is None:
            report.sent += 1
        elif status in GONE:
            db.session.delete(subscription)
            report.removed += 1
        else:
            report.failed += 1
            current_app.logger.warning("push to %s refused: %s",
                                       urlsplit(subscription.endpoint).hostname, status)
    db.session.commit()


def send_due(now: datetime | None = None) -> Report:
    """Send every reminder due at `now` (this minute by default); returns what happened."""
    now = (now or utcnow()).replace(second=0, microsecond=0)
    report = Report()
    with_devices = exists().where(PushSubscription.user_id == ReminderSettings.user_id)
    rows = db.session.execute(
        select(ReminderSettings, User.timezone).join(User, User.id == ReminderSettings.user_id)
        .where(ReminderSettings.enabled.is_(True), with_devices)).all()
    due = []
    for settings, tz_name in rows:
        for kind, time_column, sent_column, url in KINDS:
            at = getattr(settings, time_column)
            day = due_day(now, at, tz_name, settings.days) if at is not None else None
            if day is not None and (getattr(settings, sent_column) or date.min) < day:
                due.append((settings.id, settings.user_id, settings.skip_if_checked_in,
                            kind, sent_column, url, day))
    db.session.rollback()  # let go of the read before claiming row by row
    for settings_id, user_id, skip, kind, sent_column, url, day in due:
        if not claim(settings_id, sent_column, day):
            continue
        if kind == "checkin" and skip and checked_in_on(user_id, day):
            report.skipped += 1
            continue
        deliver(user_id, payload(kind, url), report)
        report.people.append(user_id)
    return report
