"""When to gently suggest a questionnaire: they ask about two weeks, so every 14 days at most."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from .instruments import PHQ9, Instrument, get
from .models import MeasureResult

RHYTHM_DAYS = 14


def due_measure(session: Session, user_id: int, today: date) -> Instrument | None:
    """The questionnaire to offer (the one last used, PHQ-9 at first), or None if too soon."""
    last = session.execute(
        select(MeasureResult.instrument, MeasureResult.local_date)
        .where(MeasureResult.user_id == user_id)
        .order_by(MeasureResult.local_date.desc(), MeasureResult.taken_at.desc())
        .limit(1)
    ).first()
    if last is None:
        return PHQ9
    if (today - last.local_date).days >= RHYTHM_DAYS:
        return get(last.instrument) or PHQ9
    return None
