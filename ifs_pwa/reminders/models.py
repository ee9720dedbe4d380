"""A person's reminder settings (one row) and the devices that receive them (many rows).

`last_sent_on` / `evening_sent_on` hold the person's local date of the last reminder sent:
claiming a reminder is moving that date forward in one statement, so two senders (two cron
runs, two hosts) can never both send the same day's reminder.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Boolean, Date, DateTime, SmallInteger, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import db
from ..records import Owned

EVERY_DAY = 0b1111111  # Monday is bit 0, as date.weekday() counts


class ReminderSettings(Owned, db.Model):
    __tablename__ = "reminder_settings"
    __table_args__ = (UniqueConstraint("user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    remind_at: Mapped[time] = mapped_column(Time, default=time(9, 0))
    days: Mapped[int] = mapped_column(SmallInteger, default=EVERY_DAY)
    skip_if_checked_in: Mapped[bool] = mapped_column(Boolean, default=True)
    # A second, optional reminder for a short practice or a few breaths; None means none.
    evening_at: Mapped[time | None] = mapped_column(Time)
    last_sent_on: Mapped[date | None] = mapped_column(Date)
    evening_sent_on: Mapped[date | None] = mapped_column(Date)
    # The gentle offer on Today was answered (either way): it is never shown again.
    offer_answered: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def on(self, weekday: int) -> bool:
        return bool(self.days & (1 << weekday))


class PushSubscription(Owned, db.Model):
    """One browser's push address. The endpoint is unique: when a second person signs in on
    the same phone and turns reminders on, the address moves to them (never to both)."""

    __tablename__ = "push_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint: Mapped[str] = mapped_column(String(1024), unique=True)
    p256dh: Mapped[str] = mapped_column(String(200))
    auth: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
