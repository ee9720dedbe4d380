"""Days that look hard, written straight into the database: a check-in and a PHQ-9 result."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from ifs_pwa.auth.models import User
from ifs_pwa.checkins.models import CheckIn
from ifs_pwa.clock import local_date
from ifs_pwa.extensions import db
from ifs_pwa.measures.models import MeasureResult


def owner(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def add_checkin(app, username: str, mood: int, when: datetime | None = None) -> None:
    with app.app_context():
        user = owner(username)
        when = when or datetime.now(UTC)
        db.session.add(CheckIn(user_id=user.id, client_id=uuid.uuid4(), mood=mood,
                               occurred_at=when, local_date=local_date(when, user.timezone)))
        db.session.commit()


def add_phq9(app, username: str, item9: int, days_ago: float = 0) -> None:
    with app.app_context():
        user = owner(username)
        when = datetime.now(UTC) - timedelta(days=days_ago)
        items = [1, 1, 1, 1, 1, 1, 1, 1, item9]
        db.session.add(MeasureResult(
            user_id=user.id, client_id=uuid.uuid4(), instrument="phq9",
            answers={"items": items, "difficulty": None}, score=sum(items), band="mild",
            item9_flag=item9 > 0, taken_at=when, local_date=local_date(when, user.timezone)))
        db.session.commit()
