"""A practice someone did (or began), with their answers kept step by step."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..crypto import EncryptedJSON
from ..extensions import db
from ..records import ClientCreated


class PracticeSession(ClientCreated, db.Model):
    __tablename__ = "practice_sessions"
    __table_args__ = (UniqueConstraint("user_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_slug: Mapped[str] = mapped_column(String(80))
    # The session outlives the part's profile being archived; it only loses the link if deleted.
    part_id: Mapped[int | None] = mapped_column(
        ForeignKey("parts.id", ondelete="SET NULL"), index=True
    )
    answers: Mapped[dict] = mapped_column(EncryptedJSON, default=dict)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished: Mapped[bool] = mapped_column(Boolean, default=False)
    self_energy_before: Mapped[int | None] = mapped_column(Integer)
    self_energy_after: Mapped[int | None] = mapped_column(Integer)
    part_updated: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __repr__(self) -> str:
        return f"<PracticeSession {self.id} {self.practice_slug}>"
