"""A check-in: a moment's mood, with whoever and whatever was present.

Self qualities are a bitmask (one integer, testable and countable in SQL on SQLite and
PostgreSQL alike) and feelings a JSON list (only ever shown, never aggregated): both keep the
row whole, so pages load a check-in in one query. Parts present are real association rows,
because a part can be deleted (cascade) and insights join on them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..crypto import EncryptedText
from ..extensions import db
from ..parts.models import Part
from ..records import ClientCreated
from ..versions import Versioned
from .vocab import SELF_QUALITIES, from_mask, to_mask

checkin_parts = Table(
    "checkin_parts",
    db.metadata,
    Column("checkin_id", ForeignKey("checkins.id", ondelete="CASCADE"), primary_key=True),
    Column("part_id", ForeignKey("parts.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class CheckIn(ClientCreated, Versioned, db.Model):
    """Edits carry the version they were opened from (versions.Versioned): one made from an
    older version waits beside the check-in, as writing.written_from shapes it."""

    __tablename__ = "checkins"
    __table_args__ = (
        UniqueConstraint("user_id", "client_id"),
        Index("ix_checkins_user_id_local_date", "user_id", "local_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mood: Mapped[int] = mapped_column(SmallInteger)
    energy: Mapped[int | None] = mapped_column(SmallInteger)
    note: Mapped[str] = mapped_column(EncryptedText, default="")
    feelings: Mapped[list] = mapped_column(JSON, default=list)
    self_mask: Mapped[int] = mapped_column(Integer, default=0)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # "Which day" in the person's time zone when they checked in; calendars group by it.
    local_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    parts: Mapped[list[Part]] = relationship(secondary=checkin_parts, order_by=Part.name)

    @property
    def self_qualities(self) -> list[str]:
        return from_mask(self.self_mask or 0)

    @self_qualities.setter
    def self_qualities(self, qualities) -> None:
        self.self_mask = to_mask(q for q in qualities if q in SELF_QUALITIES)

    def __repr__(self) -> str:
        return f"<CheckIn {self.id}>"
