"""A finished breathing session, recorded from the phone (possibly later, from the outbox)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import db
from ..records import ClientCreated


class BreathingSession(ClientCreated, db.Model):
    __tablename__ = "breathing_sessions"
    __table_args__ = (UniqueConstraint("user_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pattern: Mapped[str] = mapped_column(String(16))
    spec: Mapped[str] = mapped_column(String(40))
    seconds: Mapped[int] = mapped_column(Integer)
    finished_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Which day it was for the person, in their own time zone.
    local_date: Mapped[date] = mapped_column(Date, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __repr__(self) -> str:
        return f"<BreathingSession {self.id}>"
