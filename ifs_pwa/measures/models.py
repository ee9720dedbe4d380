"""One completed questionnaire, kept so the person can see how things change over time."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import db
from ..records import ClientCreated


class MeasureResult(ClientCreated, db.Model):
    __tablename__ = "measure_results"
    __table_args__ = (
        UniqueConstraint("user_id", "client_id"),
        Index("ix_measure_results_history", "user_id", "instrument", "taken_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument: Mapped[str] = mapped_column(String(8))
    # {"items": [0, 1, ...], "difficulty": "Somewhat difficult" | null}
    answers: Mapped[dict] = mapped_column(JSON)
    score: Mapped[int] = mapped_column(Integer)
    band: Mapped[str] = mapped_column(String(24))
    item9_flag: Mapped[bool] = mapped_column(Boolean, default=False)
    taken_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    local_date: Mapped[date] = mapped_column(Date)

    def __repr__(self) -> str:
        return f"<MeasureResult {self.id} {self.instrument}>"
